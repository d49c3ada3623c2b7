// The node's executor over the simulated network, with a fake agent runner the tests finish by
// hand: epoch and node checks, one operation at a time per resource, duplicate deliveries,
// broken runners, what it believes it started, and stopAll.
import { describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/daemon/executor.ts';
import type { ExecResultBody, FenceExecResultBody } from '../../src/daemon/protocol.ts';
import { makeMessage } from '../../src/transport/codec.ts';
import type { Message } from '../../src/transport/types.ts';
import { FakeFenceRunner, FakeRunner, agentResult, epochCheck, fenceAttempt, inbox, operation, pump, run, simCluster } from './helpers.ts';

function setup(currentEpoch = 5, stopOrder?: (ids: string[]) => string[]) {
  const cluster = simCluster();
  const runner = new FakeRunner();
  const fenceRunner = new FakeFenceRunner();
  const epochs = epochCheck(currentEpoch);
  const executor = createExecutor({
    self: 'node2', transport: cluster.t('node2'), runner, fenceRunner, authority: epochs.authority, logger: cluster.logger,
    now: () => cluster.clock.now(), currentEpoch: () => epochs.state.epoch, stopOrder,
  });
  const answers = inbox(cluster.t('node1'));
  /** `epoch` null: an envelope without one. */
  const exec = (id: string, op = operation(), epoch: number | null = currentEpoch) => cluster.t('node1').send('node2', makeMessage('node1', 'exec', { id, op }, epoch ?? undefined));
  const results = () => answers.filter((m): m is Extract<Message, { kind: 'exec-result' }> => m.kind === 'exec-result').map((m) => m.body);
  return { ...cluster, runner, fenceRunner, epochs, executor, answers, exec, results };
}

describe('executor: checks before running', () => {
  it('should run an operation for its node and answer with exactly the runner result', async () => {
    const s = setup();
    const op = operation({ params: { state: '/tmp/s' }, meta: { 'recovery-left': '2' } });
    s.exec('node1:5:1', op);
    await run(s.clock, 5);
    expect(s.runner.calls.map((c) => c.op)).toEqual([op]);
    s.runner.finish(agentResult(0, { exitReason: 'ok', pid: 77, durationMs: 12 }));
    await run(s.clock, 5);
    expect(s.results()).toEqual([{ id: 'node1:5:1', result: agentResult(0, { exitReason: 'ok', pid: 77, durationMs: 12 }) }]);
    expect(s.epochs.state.calls).toEqual([{ epoch: 5, from: 'node1' }]);
  });

  it('should refuse a command of an older epoch without running it', async () => {
    const s = setup(5);
    s.exec('node1:3:1', operation(), 3);
    await run(s.clock, 5);
    expect(s.runner.calls).toEqual([]);
    const [answer] = s.results();
    expect(answer).toMatchObject({ id: 'node1:3:1', refused: 'stale epoch 3 < 5', result: { rc: 1, timedOut: false, exitReason: 'stale epoch 3 < 5' } });
  });

  it('should adopt a newer epoch and run the command', async () => {
    const s = setup(5);
    s.exec('node1:7:1', operation(), 7);
    await run(s.clock, 5);
    expect(s.runner.running()).toEqual(['start:r1']);
    expect(s.epochs.state.epoch).toBe(7);
  });

  it('should refuse a queued command whose epoch went stale while it waited (chaos seed 1, 5 nodes)', async () => {
    const s = setup(5);
    s.exec('node1:5:1', operation());
    s.exec('node1:5:2', operation({ action: 'stop' }));
    await run(s.clock, 5);
    expect(s.runner.running()).toEqual(['start:r1']);
    s.exec('node3:7:1', operation({ resource: 'r2' }), 7); // a newer coordinator is heard of
    await run(s.clock, 5);
    s.runner.finish(agentResult(0));
    await run(s.clock, 5);
    expect(s.runner.running()).toEqual(['start:r2']); // the stale stop of r1 never ran
    expect(s.results().find((r) => r.id === 'node1:5:2')).toMatchObject({ result: { rc: 1, exitReason: 'stale epoch 5 < 7 (went stale while queued)' } });
  });

  it('should refuse a command for another node, and one without an epoch', async () => {
    const s = setup();
    s.exec('a', operation({ node: 'node3' }));
    s.exec('b', operation(), null);
    await run(s.clock, 5);
    expect(s.runner.calls).toEqual([]);
    expect(s.results().map((r) => [r.id, r.refused, r.result.rc])).toEqual([
      ['a', 'start of r1 is for node node3, but was sent to node node2', 1],
      ['b', "start of r1 from node1 carries no epoch; commands must carry the coordinator's epoch", 1],
    ]);
  });
});

describe('executor: ordering and duplicates', () => {
  it('should run operations on one resource one at a time in arrival order, and other resources in parallel', async () => {
    const s = setup();
    s.exec('1', operation({ resource: 'r1', action: 'start' }));
    s.exec('2', operation({ resource: 'r1', action: 'monitor', intervalMs: 10_000 }));
    s.exec('3', operation({ resource: 'r2', action: 'start' }));
    s.exec('4', operation({ resource: 'r1', action: 'stop' }));
    await run(s.clock, 5);
    expect(s.runner.running()).toEqual(['start:r1', 'start:r2']);
    s.runner.finish(agentResult(0), 'r2');
    await run(s.clock, 5);
    expect(s.runner.running()).toEqual(['start:r1']);
    s.runner.finish(agentResult(0), 'r1');
    await run(s.clock, 5);
    expect(s.runner.running()).toEqual(['monitor:r1']);
    s.runner.finish(agentResult(0), 'r1');
    await run(s.clock, 5);
    expect(s.runner.running()).toEqual(['stop:r1']);
    s.runner.finish(agentResult(0), 'r1');
    await run(s.clock, 5);
    expect(s.results().map((r) => r.id)).toEqual(['3', '1', '2', '4']);
  });

  it('should ignore a duplicate delivered while the command runs, and re-answer one delivered after', async () => {
    const s = setup();
    s.exec('dup', operation());
    s.exec('dup', operation());
    await run(s.clock, 5);
    expect(s.runner.calls).toHaveLength(1);
    s.runner.finish(agentResult(0, { durationMs: 3 }));
    await run(s.clock, 5);
    s.exec('dup', operation());
    await run(s.clock, 5);
    expect(s.runner.calls).toHaveLength(0);
    expect(s.results()).toEqual([{ id: 'dup', result: agentResult(0, { durationMs: 3 }) }, { id: 'dup', result: agentResult(0, { durationMs: 3 }) }]);
    expect(s.lines.filter((l) => l.msg === 'duplicate operation ignored while it runs')).toHaveLength(1);
  });

  it('should give a local duplicate the same answer as the first call', async () => {
    const s = setup();
    const first = s.executor.executeLocal({ id: 'L', op: operation() }, 'node2', 5);
    const second = s.executor.executeLocal({ id: 'L', op: operation() }, 'node2', 5);
    await run(s.clock, 2);
    s.runner.finish(agentResult(0));
    expect(await second).toEqual(await first);
    expect(await first).toEqual({ id: 'L', result: agentResult(0) });
    expect(s.runner.calls).toHaveLength(0);
  });
});

describe('executor: broken runners', () => {
  it('should turn a runner that throws, or answers nonsense, into failed results and keep serving', async () => {
    const s = setup();
    s.runner.auto = (op) => {
      if (op.resource === 'throws') throw new Error('kaboom');
      if (op.resource === 'null') return null;
      if (op.resource === 'bad-rc') return { ...agentResult(0), rc: 'zero' };
      return { ...agentResult(0), endedAtMs: 99, extra: 'dropped' };
    };
    for (const resource of ['throws', 'null', 'bad-rc', 'extra']) s.exec(resource, operation({ resource }));
    await run(s.clock, 10);
    const byId = new Map(s.results().map((r) => [r.id, r.result]));
    expect(byId.get('throws')).toMatchObject({ rc: 1, exitReason: 'vigil: the agent runner failed: kaboom' });
    expect(byId.get('null')).toMatchObject({ rc: 1, exitReason: 'vigil: the agent runner returned null, not a result' });
    expect(byId.get('bad-rc')).toMatchObject({ rc: 1, exitReason: 'vigil: the agent runner returned an invalid result (result.rc: expected an integer, got a string)' });
    expect(byId.get('extra')).toEqual(agentResult(0));
    expect(s.executor.running()).toEqual(['extra']);
  });

  it('should cut an over-long exit reason and output so the answer still fits on the wire', async () => {
    const s = setup();
    s.runner.auto = () => agentResult(1, { exitReason: 'x'.repeat(100_000), outputTail: `${'a'.repeat(100_000)}END` });
    s.exec('long', operation());
    await run(s.clock, 5);
    const [answer] = s.results();
    expect(answer!.result.exitReason).toHaveLength(16 * 1024);
    expect(answer!.result.outputTail.endsWith('END')).toBe(true);
    expect(answer!.result.outputTail).toHaveLength(64 * 1024);
  });
});

describe('executor: what it started, and stopAll', () => {
  it('should track starts, probes and stops in start order', async () => {
    const s = setup();
    const rcs: Record<string, number> = { 'start:r1': 0, 'start:r2': 0, 'monitor:r3': 0, 'start:r4': 1, 'migrate_from:r5': 0, 'monitor:r6': 7 };
    s.runner.auto = (op) => agentResult(rcs[`${op.action}:${op.resource}`] ?? 0);
    for (const [i, key] of Object.keys(rcs).entries()) {
      const [action, resource] = key.split(':') as ['start', string];
      s.exec(`a${i}`, operation({ resource, action }));
    }
    await run(s.clock, 10);
    expect(s.executor.running()).toEqual(['r1', 'r2', 'r3', 'r5']);
    rcs['monitor:r2'] = 7; // a probe that finds it stopped
    s.exec('b1', operation({ resource: 'r1', action: 'stop' }));
    s.exec('b2', operation({ resource: 'r2', action: 'monitor' }));
    s.exec('b3', operation({ resource: 'r3', action: 'monitor', intervalMs: 10_000 }), 5); // a recurring monitor changes nothing
    s.exec('b4', operation({ resource: 'r3', action: 'start' })); // restarted: now the newest
    await run(s.clock, 10);
    expect(s.executor.running()).toEqual(['r5', 'r3']);
  });

  it('should stop everything newest first with the data of the last start, and keep a resource whose stop failed', async () => {
    const s = setup();
    s.runner.auto = () => agentResult(0);
    s.exec('1', operation({ resource: 'r1', params: { state: 'one' }, meta: { m: '1' }, timeoutMs: 700 }));
    s.exec('2', operation({ resource: 'r2', params: { state: 'two' }, timeoutMs: 800 }));
    s.exec('3', operation({ resource: 'r3', action: 'monitor' }));
    await run(s.clock, 10);
    s.runner.auto = undefined;
    const done = s.executor.stopAll('quorum lost');
    await run(s.clock, 2);
    expect(s.runner.calls.map((c) => c.op)).toEqual([operation({ resource: 'r3', action: 'stop' })]);
    s.runner.finish(agentResult(0));
    await run(s.clock, 2);
    expect(s.runner.calls.map((c) => c.op)).toEqual([operation({ resource: 'r2', action: 'stop', params: { state: 'two' }, timeoutMs: 800 })]);
    s.runner.finish(agentResult(1, { exitReason: 'stuck' }));
    await run(s.clock, 2);
    expect(s.runner.calls.map((c) => c.op)).toEqual([operation({ resource: 'r1', action: 'stop', params: { state: 'one' }, meta: { m: '1' }, timeoutMs: 700 })]);
    s.runner.finish(agentResult(0));
    await done;
    expect(s.executor.running()).toEqual(['r2']);
    expect(s.lines.find((l) => l.msg === 'stop failed while stopping everything')).toMatchObject({ resource: 'r2', rc: 1, reason: 'stuck' });
    expect(s.lines.find((l) => l.msg === 'stopping every resource this node started')).toMatchObject({ resources: ['r3', 'r2', 'r1'], reason: 'quorum lost' });
  });

  it('should hold a coordinator\'s command until a stopAll under way has ended (chaos seed 301)', async () => {
    const s = setup();
    s.runner.auto = () => agentResult(0);
    s.exec('1', operation({ resource: 'r1' }));
    await run(s.clock, 5);
    s.runner.auto = undefined;
    const done = s.executor.stopAll('quorum lost');
    await run(s.clock, 2);
    s.exec('probe', operation({ resource: 'r1', action: 'monitor' }));
    await run(s.clock, 5);
    expect(s.runner.running(), 'the probe waits for the stop').toEqual(['stop:r1']);
    s.runner.finish(agentResult(0));
    await pump(s.clock, done);
    await run(s.clock, 2);
    expect(s.runner.running()).toEqual(['monitor:r1']);
    s.runner.finish(agentResult(7));
    await run(s.clock, 5);
    expect(s.results().find((r) => r.id === 'probe')).toMatchObject({ result: { rc: 7 } });
  });

  it('should refuse a start that waited through a stopAll: it was decided before those stops (chaos seed 287)', async () => {
    const s = setup();
    s.runner.auto = () => agentResult(0);
    s.exec('1', operation({ resource: 'a' }));
    await run(s.clock, 5);
    s.runner.auto = undefined;
    const done = s.executor.stopAll('quorum lost');
    await run(s.clock, 2);
    s.exec('start-b', operation({ resource: 'b' }));
    await run(s.clock, 2);
    expect(s.runner.running(), 'the start waits for the stop').toEqual(['stop:a']);
    s.runner.finish(agentResult(0));
    await pump(s.clock, done);
    await run(s.clock, 5);
    expect(s.runner.running(), 'b never starts').toEqual([]);
    expect(s.results().find((r) => r.id === 'start-b')).toMatchObject({ refused: 'node node2 stopped everything while this start of b waited' });
  });

  it('should stop in the order stopOrder gives (dependents first), whatever order they were found running in', async () => {
    // A restarted daemon's probes find a group's members in any order (chaos seed 47).
    const s = setup(5, (ids) => ['c', 'b', 'a'].filter((id) => ids.includes(id)));
    const stopped: string[] = [];
    s.runner.auto = (op) => { if (op.action === 'stop') stopped.push(op.resource); return agentResult(0); };
    for (const id of ['c', 'a', 'b']) s.exec(id, operation({ resource: id, action: 'monitor' }));
    await run(s.clock, 10);
    expect(s.executor.running()).toEqual(['c', 'a', 'b']);
    await pump(s.clock, s.executor.stopAll('quorum lost'));
    expect(stopped).toEqual(['c', 'b', 'a']);
    expect(s.executor.running()).toEqual([]);
  });

  it('should, stopping for good, wait for a start in flight and stop it too, and refuse new starts but not stops (CTS SimultaneousStop)', async () => {
    const s = setup();
    s.exec('1', operation({ resource: 'r1' }));
    await run(s.clock, 2);
    expect(s.runner.running()).toEqual(['start:r1']); // in flight when the shutdown begins
    const done = s.executor.stopAll('daemon shutdown', { final: true });
    s.exec('2', operation({ resource: 'r2' }));
    s.exec('3', operation({ resource: 'r3', action: 'stop' }));
    await run(s.clock, 2);
    expect(s.results().find((r) => r.id === '2')).toMatchObject({ refused: 'node node2 is stopping everything (daemon shutdown)' });
    // The coordinator's stop waits for the shutdown's own stops (and is answered then, not refused).
    expect(s.runner.running()).toEqual(['start:r1']);
    s.runner.auto = () => agentResult(0);
    s.runner.finish(agentResult(0));
    await pump(s.clock, done);
    await run(s.clock, 5);
    expect(s.executor.running()).toEqual([]);
    expect(s.results().find((r) => r.id === '3')).toMatchObject({ result: { rc: 0 } });
    expect(s.lines.find((l) => l.msg === 'stopping every resource this node started')).toMatchObject({ resources: ['r1'] });
  });

  it('should log a successful recurring monitor at debug and every other operation at info', async () => {
    const s = setup();
    s.runner.auto = (op) => agentResult(op.resource === 'bad' ? 7 : 0);
    s.exec('1', operation({ action: 'monitor', intervalMs: 10_000 }));
    s.exec('2', operation({ resource: 'bad', action: 'monitor', intervalMs: 10_000 }));
    s.exec('3', operation({ resource: 'r2', action: 'start' }));
    await run(s.clock, 5);
    const done = s.lines.filter((l) => l.msg === 'operation done').map((l) => [l['resource'], l['op'], l.level]);
    expect(done).toEqual([['r1', 'monitor_10000', 20], ['bad', 'monitor_10000', 30], ['r2', 'start', 30]]);
  });
});

describe('executor: fencing', () => {
  function fenceResults(answers: Message[]): FenceExecResultBody[] {
    return answers.filter((m): m is Extract<Message, { kind: 'fence-exec-result' }> => m.kind === 'fence-exec-result').map((m) => m.body);
  }

  it('should run a fence attempt as the fence runner request and answer ok and reason only', async () => {
    const s = setup();
    s.t('node1').send('node2', makeMessage('node1', 'fence-exec', { id: 'f1', attempt: fenceAttempt({ params: { type: 'file', status_file: '/tmp/x' } }) }, 5));
    await run(s.clock, 5);
    expect(s.fenceRunner.requests).toEqual([{ device: 'ipmi', agent: 'fence_dummy', action: 'off', target: 'node3', params: { type: 'file', status_file: '/tmp/x' }, timeoutMs: 1_000 }]);
    expect(fenceResults(s.answers)).toEqual([{ id: 'f1', result: { ok: true, reason: 'fence device ipmi: done' } }]);
  });

  it('should refuse a stale fence attempt or one meant for another node, and survive a runner that throws', async () => {
    const s = setup(5);
    s.fenceRunner.answer = () => Promise.reject(new Error('no power'));
    s.t('node1').send('node2', makeMessage('node1', 'fence-exec', { id: 'old', attempt: fenceAttempt() }, 4));
    s.t('node1').send('node2', makeMessage('node1', 'fence-exec', { id: 'elsewhere', attempt: fenceAttempt({ node: 'node1' }) }, 5));
    s.t('node1').send('node2', makeMessage('node1', 'fence-exec', { id: 'throws', attempt: fenceAttempt() }, 5));
    s.t('node1').send('node2', makeMessage('node1', 'fence-exec', { id: 'throws', attempt: fenceAttempt() }, 5));
    await run(s.clock, 10);
    expect(s.fenceRunner.requests).toHaveLength(1);
    expect(fenceResults(s.answers)).toEqual([
      { id: 'old', refused: 'stale epoch 4 < 5', result: { ok: false, reason: 'stale epoch 4 < 5' } },
      { id: 'elsewhere', refused: 'fence device ipmi (off of node3) is for node node1, but was sent to node node2', result: { ok: false, reason: 'fence device ipmi (off of node3) is for node node1, but was sent to node node2' } },
      { id: 'throws', result: { ok: false, reason: 'vigil: the fence runner failed: no power' } },
    ]);
  });
});

describe('executor: closing', () => {
  it('should drop answers after close and refuse local commands', async () => {
    const s = setup();
    s.exec('1', operation());
    await run(s.clock, 3);
    s.executor.close();
    s.runner.finish(agentResult(0));
    await run(s.clock, 5);
    expect(s.results()).toEqual([]);
    const local: ExecResultBody = await s.executor.executeLocal({ id: '2', op: operation() }, 'node2', 5);
    expect(local.refused).toBe("node node2's executor is shutting down");
  });
});
