// The coordinator's remote operations over the simulated network, against real executors with
// fake runners: answers, refusals, deadlines on the simulated clock, nodes that leave, stopped
// actors, local execution, and fence attempts.
import { describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { createExecutor, type Executor } from '../../src/daemon/executor.ts';
import { createRemoteOps, type RemoteOpsOptions } from '../../src/daemon/remote-ops.ts';
import { makeMessage } from '../../src/transport/codec.ts';
import type { Transport } from '../../src/transport/types.ts';
import type { FenceAttemptInput } from '../../src/machines/fence-types.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';
import { FakeFenceRunner, FakeRunner, agentResult, epochCheck, fenceAttempt, inbox, operation, run, simCluster } from './helpers.ts';

function setup(opts: { coordinatorEpoch?: number; nodeEpoch?: number; local?: boolean; transport?: (t: Transport) => Transport } = {}) {
  const cluster = simCluster();
  const runners = new Map<string, FakeRunner>();
  const fencers = new Map<string, FakeFenceRunner>();
  const executors = new Map<string, Executor>();
  for (const node of ['node1', 'node2', 'node3']) {
    runners.set(node, new FakeRunner());
    fencers.set(node, new FakeFenceRunner());
    executors.set(node, createExecutor({
      self: node, transport: cluster.t(node), runner: runners.get(node)!, fenceRunner: fencers.get(node)!,
      authority: epochCheck(opts.nodeEpoch ?? 5).authority, logger: cluster.logger, now: () => cluster.clock.now(),
    }));
  }
  const epoch = { value: opts.coordinatorEpoch ?? 5 };
  const transport = opts.transport ? opts.transport(cluster.t('node1')) : cluster.t('node1');
  const remoteOptions: RemoteOpsOptions = { transport, epoch: () => epoch.value, logger: cluster.logger, clock: cluster.clock, ...(opts.local ? { local: executors.get('node1')! } : {}) };
  const remote = createRemoteOps(remoteOptions);
  const agent = (op: AgentOperation) => {
    const actor = createActor(remote.agentActor(), { input: op }).start();
    return { actor, done: toPromise(actor) };
  };
  const fence = (attempt: FenceAttemptInput, pick?: (a: FenceAttemptInput) => string | null) => toPromise(createActor(remote.fenceActor(pick), { input: attempt }).start());
  return { ...cluster, runners, fencers, executors, epoch, remote, agent, fence, runner: (n: string) => runners.get(n)! };
}

describe('remote operations: answers', () => {
  it('should run the operation on its node with the epoch in the envelope and stamp the answer', async () => {
    const s = setup();
    const seen = inbox(s.t('node2'));
    const first = s.agent(operation({ resource: 'r1' }));
    const second = s.agent(operation({ resource: 'r2' }));
    await run(s.clock, 5);
    expect(seen.map((m) => [m.kind, m.epoch, m.kind === 'exec' ? m.body.id : '']).filter(([k]) => k === 'exec')).toEqual([['exec', 5, 'node1:5:1'], ['exec', 5, 'node1:5:2']]);
    s.runner('node2').finish(agentResult(0, { exitReason: 'started', pid: 9 }), 'r1');
    await run(s.clock, 5);
    const finishedAtMs = s.clock.now();
    s.runner('node2').finish(agentResult(7), 'r2');
    await run(s.clock, 5);
    expect(await first.done).toEqual({ ...agentResult(0, { exitReason: 'started', pid: 9 }), endedAtMs: expect.any(Number) as number });
    expect((await first.done).endedAtMs).toBeLessThanOrEqual(finishedAtMs);
    expect((await second.done)).toMatchObject({ rc: 7, timedOut: false });
    expect((await second.done).endedAtMs).toBeGreaterThan(finishedAtMs);
    expect(s.remote.pending()).toBe(0);
  });

  it('should resolve a refused command as a failure with the refusal as its reason', async () => {
    const s = setup({ coordinatorEpoch: 3, nodeEpoch: 5 });
    const { done } = s.agent(operation());
    await run(s.clock, 5);
    expect(await done).toMatchObject({ rc: 1, timedOut: false, exitReason: 'stale epoch 3 < 5' });
    expect(s.runner('node2').calls).toEqual([]);
  });

  it('should ignore an answer from a node other than the one asked', async () => {
    const s = setup();
    const { done } = s.agent(operation());
    await run(s.clock, 5);
    s.t('node3').send('node1', makeMessage('node3', 'exec-result', { id: 'node1:5:1', result: agentResult(0) }));
    await run(s.clock, 5);
    expect(s.remote.pending()).toBe(1);
    expect(s.lines.filter((l) => l.msg === 'late or unexpected answer ignored').map((l) => l['from'])).toEqual(['node3']);
    s.runner('node2').finish(agentResult(1, { exitReason: 'real answer' }));
    await run(s.clock, 5);
    expect(await done).toMatchObject({ rc: 1, exitReason: 'real answer' });
  });
});

describe('remote operations: no answer', () => {
  it('should fail an operation with no answer within its timeout plus the grace', async () => {
    const s = setup();
    const startedAtMs = s.clock.now();
    const { done } = s.agent(operation({ timeoutMs: 1_000 }));
    let settled = false;
    void done.then(() => { settled = true; });
    await run(s.clock, 2_990, 10);
    expect(settled).toBe(false);
    await run(s.clock, 20);
    expect(await done).toMatchObject({ rc: 1, timedOut: true, exitReason: 'no answer from node2 within 3000 ms', durationMs: 3_000, endedAtMs: startedAtMs + 3_000 });
    expect(s.remote.pending()).toBe(0);
  });

  it('should fail an operation whose node leaves while it runs, and one for a node that is not connected', async () => {
    const s = setup();
    const { done } = s.agent(operation({ timeoutMs: 60_000 }));
    await run(s.clock, 5);
    s.t('node2').crash();
    await run(s.clock, 600, 10); // node1 notices after the heartbeat timeout (350 ms)
    expect(await done).toMatchObject({ rc: 1, timedOut: true, exitReason: 'node2 left while the operation ran' });
    const later = s.agent(operation());
    expect(await later.done).toMatchObject({ rc: 1, timedOut: true, exitReason: 'node node2 is not connected' });
  });

  it('should stop waiting when its actor is stopped and ignore the late answer', async () => {
    const s = setup();
    const { actor } = s.agent(operation());
    await run(s.clock, 5);
    expect(s.remote.pending()).toBe(1);
    actor.stop();
    expect(s.remote.pending()).toBe(0);
    s.runner('node2').finish(agentResult(0));
    await run(s.clock, 5);
    expect(s.lines.filter((l) => l.msg === 'late or unexpected answer ignored')).toHaveLength(1);
  });

  it('should end every wait on close and fail later calls at once', async () => {
    const s = setup();
    const { done } = s.agent(operation());
    await run(s.clock, 5);
    s.remote.close();
    const reason = 'the coordinator stopped sending commands (remote operations closed)';
    expect(await done).toMatchObject({ rc: 1, exitReason: reason });
    expect(await s.agent(operation()).done).toMatchObject({ rc: 1, exitReason: reason });
  });
});

describe('remote operations: local execution and registration', () => {
  it('should run an operation for its own node through the local executor, off the network', async () => {
    const s = setup({ local: true });
    const { done } = s.agent(operation({ node: 'node1' }));
    await run(s.clock, 2);
    s.runner('node1').finish(agentResult(0));
    await run(s.clock, 2);
    expect(await done).toMatchObject({ rc: 0 });
    expect(s.executors.get('node1')!.running()).toEqual(['r1']);
    expect(s.net.trace().filter((e) => e.kind === 'exec' || e.kind === 'exec-result')).toEqual([]);
    const without = setup();
    expect(await without.agent(operation({ node: 'node1' })).done).toMatchObject({ rc: 1, exitReason: 'node node1 has no local executor' });
  });

  it('should register one message and one peer handler however many operations run', async () => {
    const counts = { onMessage: 0, onPeer: 0 };
    const counting = (t: Transport): Transport => ({
      self: t.self, send: (to, msg) => t.send(to, msg), broadcast: (msg) => t.broadcast(msg), peers: () => t.peers(), close: () => t.close(),
      onMessage: (h) => { counts.onMessage += 1; t.onMessage(h); },
      onPeer: (h) => { counts.onPeer += 1; t.onPeer(h); },
    });
    const s = setup({ transport: counting });
    s.runner('node2').auto = () => agentResult(0);
    const results = [s.agent(operation({ resource: 'a' })), s.agent(operation({ resource: 'b' })), s.agent(operation({ resource: 'c', node: 'node3' }))];
    s.runner('node3').auto = () => agentResult(0);
    await run(s.clock, 10);
    expect(await Promise.all(results.map((r) => r.done.then((x) => x.rc)))).toEqual([0, 0, 0]);
    expect(counts).toEqual({ onMessage: 1, onPeer: 1 });
  });
});

describe('remote operations: fencing', () => {
  it('should run a fence attempt on its node, or on the node the coordinator picks', async () => {
    const s = setup();
    const onOwn = s.fence(fenceAttempt());
    const picked = s.fence(fenceAttempt({ device: 'psu' }), () => 'node3');
    await run(s.clock, 10);
    expect(await onOwn).toEqual({ ok: true, reason: 'fence device ipmi: done' });
    expect(await picked).toEqual({ ok: true, reason: 'fence device psu: done' });
    expect(s.fencers.get('node2')!.requests.map((r) => r.device)).toEqual(['ipmi']);
    expect(s.fencers.get('node3')!.requests.map((r) => r.device)).toEqual(['psu']);
  });

  it('should fail at once when no node can run the device, and after the deadline when no answer comes', async () => {
    const s = setup();
    expect(await s.fence(fenceAttempt(), () => null)).toEqual({ ok: false, reason: 'no node can run fence device ipmi' });
    s.fencers.get('node2')!.answer = () => new Promise(() => undefined);
    const silent = s.fence(fenceAttempt({ timeoutMs: 500 }));
    await run(s.clock, 2_600, 10);
    expect(await silent).toEqual({ ok: false, reason: 'no answer from node2 within 2500 ms' });
    const refused = setup({ coordinatorEpoch: 2 });
    const stale = refused.fence(fenceAttempt());
    await run(refused.clock, 10);
    expect(await stale).toEqual({ ok: false, reason: 'stale epoch 2 < 5' });
  });
});
