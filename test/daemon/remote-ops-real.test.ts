// Remote operations end to end with real agents: Debian's ocf:heartbeat:Dummy and fence_dummy
// run as processes by executors on the simulated network, the resource statechart driving them
// from the coordinator; each node's agents get their own HA_RSCTMP / HA_VARRUN, as on separate
// machines. Then one exec round trip over the real WebSocket mesh.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createActor, toPromise, waitFor } from 'xstate';
import { createFenceRunner } from '../../src/agents/fence.ts';
import { createOcfRunner } from '../../src/agents/ocf-runner.ts';
import { createExecutor } from '../../src/daemon/executor.ts';
import { createDaemonRegistry } from '../../src/daemon/protocol-kinds.ts';
import { createRemoteOps } from '../../src/daemon/remote-ops.ts';
import { resourceMachine } from '../../src/machines/resource.ts';
import { defaultResourceInput } from '../../src/machines/resource-input.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';
import { fullyConnected, startMeshes, waitUntil } from '../transport/helpers.ts';
import { FakeFenceRunner, agentResult, epochCheck, fenceAttempt, memoryLogger, operation, pump, simCluster } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-remote-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A real OCF runner whose agents keep their state under their own node's directory. */
function nodeRunner(node: string) {
  const dir = join(tmp, node);
  mkdirSync(dir, { recursive: true });
  return createOcfRunner({ killGraceMs: 500, extraEnv: { HA_RSCTMP: dir, HA_VARRUN: dir } });
}

const dummy = (action: AgentOperation['action'], node: string, overrides: Partial<AgentOperation> = {}) =>
  operation({ resource: 'web', action, node, timeoutMs: 10_000, ...overrides });

describe('extraEnv: one state directory per node', () => {
  it('should keep Dummy instances of two runners apart (heartbeat and pacemaker Dummy)', async () => {
    const a = nodeRunner('env-a');
    const b = nodeRunner('env-b');
    for (const provider of ['heartbeat', 'pacemaker']) {
      const op = (action: AgentOperation['action']) => dummy(action, 'node1', { agent: { class: 'ocf', provider, type: 'Dummy' } });
      expect((await a.run(op('start'))).rc).toBe(0);
      expect([(await b.run(op('monitor'))).rc, (await a.run(op('monitor'))).rc]).toEqual([7, 0]);
      expect((await a.run(op('stop'))).rc).toBe(0);
    }
  });

  it('should refuse an extraEnv name that cannot be an environment variable', async () => {
    const runner = createOcfRunner({ extraEnv: { 'BAD NAME': 'x' } });
    expect(await runner.run(dummy('monitor', 'node1'))).toMatchObject({ rc: 6, exitReason: "the runner's extraEnv: 'BAD NAME' is not a valid name (use letters, digits and _; start with a letter)" });
  });
});

describe('remote operations with real agents on the simulated network', () => {
  it('should probe and start Dummy on node2 from the resource statechart, see it stopped on node3, fence with fence_dummy, and stop all', async () => {
    const s = simCluster();
    const executors = new Map(['node2', 'node3'].map((node) => [node, createExecutor({
      self: node, transport: s.t(node), runner: nodeRunner(node), fenceRunner: createFenceRunner({ killGraceMs: 500 }),
      authority: epochCheck(1).authority, logger: s.logger,
    })]));
    // Deadlines on the real clock: the simulated one only carries messages here.
    const remote = createRemoteOps({ transport: s.t('node1'), epoch: () => 1, logger: s.logger });
    // No parent here: the reports it would send up are kept instead.
    const reported: string[] = [];
    const machine = resourceMachine.provide({
      actors: { runAgent: remote.agentActor() },
      actions: { report: (_, params) => { reported.push(params.state); } },
    });
    const web = createActor(machine, { input: defaultResourceInput('web', 'node2'), id: 'resource:web@node2' }).start();
    const lifecycle = () => (web.getSnapshot().value as { lifecycle: unknown }).lifecycle;
    web.send({ type: 'RESOURCE.PROBE' });
    await pump(s.clock, waitFor(web, () => lifecycle() === 'stopped', { timeout: 15_000 }));
    web.send({ type: 'RESOURCE.START' });
    await pump(s.clock, waitFor(web, () => lifecycle() === 'started', { timeout: 15_000 }));
    web.stop();
    expect(reported.slice(-1)).toEqual(['started']);

    const probe = (node: string) => pump(s.clock, toPromise(createActor(remote.agentActor(), { input: dummy('monitor', node) }).start()));
    expect((await probe('node3')).rc).toBe(7);
    expect((await probe('node2')).rc).toBe(0);
    expect(executors.get('node2')!.running()).toEqual(['web']);

    const statusFile = join(tmp, 'psu.status');
    writeFileSync(statusFile, 'on');
    const attempt = fenceAttempt({ device: 'psu', node: 'node3', target: 'node2', timeoutMs: 10_000, params: { pcmk_host_argument: 'none', type: 'file', status_file: statusFile } });
    const fenced = await pump(s.clock, toPromise(createActor(remote.fenceActor(), { input: attempt }).start()));
    expect(fenced).toEqual({ ok: true, reason: 'fence device psu (fence_dummy): off of node2 succeeded' });
    expect(readFileSync(statusFile, 'utf8')).toBe('off');

    await pump(s.clock, executors.get('node2')!.stopAll('quorum lost'));
    expect(executors.get('node2')!.running()).toEqual([]);
    expect((await probe('node2')).rc).toBe(7);
    expect(remote.pending()).toBe(0);
  }, 30_000);
});

describe('remote operations over the real WebSocket mesh', () => {
  it('should carry one exec round trip between two meshes on 127.0.0.1', async () => {
    const set = await startMeshes(['node1', 'node2'], { registry: createDaemonRegistry() });
    try {
      await waitUntil('a full mesh', () => fullyConnected(set, ['node1', 'node2']));
      const { logger } = memoryLogger();
      createExecutor({
        self: 'node2', transport: set.meshes.get('node2')!, runner: { run: async (op) => agentResult(op.action === 'monitor' ? 7 : 0, { exitReason: `ran ${op.action} on node2` }) },
        fenceRunner: new FakeFenceRunner(), authority: epochCheck(4).authority, logger,
      });
      const remote = createRemoteOps({ transport: set.meshes.get('node1')!, epoch: () => 4, logger });
      const result = await toPromise(createActor(remote.agentActor(), { input: operation({ action: 'monitor' }) }).start());
      expect(result).toMatchObject({ rc: 7, timedOut: false, exitReason: 'ran monitor on node2' });
      remote.close();
    } finally {
      await set.closeAll();
    }
  });
});
