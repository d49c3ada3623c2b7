// Debian's real ocf:heartbeat:Dummy (package resource-agents) through its whole lifecycle.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOcfOperation } from '../../src/agents/ocf.ts';
import { createOcfRunner } from '../../src/agents/ocf-runner.ts';
import { runValidateAll } from '../../src/agents/validate.ts';
import { classify } from '../../src/ocf/exit-codes.ts';
import type { AgentAction } from '../../src/ocf/operation.ts';
import { makeOp, makeTempDir } from './helpers.ts';

const tmp = makeTempDir('hb-dummy');
afterAll(() => tmp.cleanup());

describe('ocf:heartbeat:Dummy', () => {
  const state = join(tmp.dir, 'web.state');
  const run = (action: AgentAction, intervalMs = 0) =>
    runOcfOperation(makeOp({ resource: 'web', action, intervalMs, params: { state } }));

  it('should go through probe, start, monitor, stop, probe with the OCF exit codes', async () => {
    const rcs: number[] = [];
    for (const action of ['monitor', 'start', 'monitor', 'stop', 'monitor'] as const) {
      const r = await run(action);
      expect(r.timedOut).toBe(false);
      expect(r.signal).toBeNull();
      rcs.push(r.rc);
      if (action === 'start') expect(existsSync(state)).toBe(true);
    }
    expect(rcs).toEqual([7, 0, 0, 0, 7]);
    expect(existsSync(state)).toBe(false);
  });

  it('should report a failed recurring monitor with the agent\'s exit reason', async () => {
    expect((await run('start')).rc).toBe(0);
    rmSync(state); // the "service" dies behind the cluster's back
    const r = await run('monitor', 10_000);
    expect(r.rc).toBe(7);
    expect(r.exitReason).toBe('No process state file found');
    expect(r.outputTail).toContain('ocf-exit-reason:No process state file found');
    // A probe (interval 0) of the same state is not a failure and carries no reason.
    const probe = await run('monitor', 0);
    expect(probe.rc).toBe(7);
    expect(probe.exitReason).toBeUndefined();
  });

  it('should run validate-all through an AgentRunner', async () => {
    const runner = createOcfRunner();
    const ok = await runValidateAll(runner, { resource: 'web', agent: makeOp().agent, params: { state }, meta: {}, node: 'node1' });
    expect(ok.rc).toBe(0);
    const bad = await runValidateAll(runner, {
      resource: 'web', agent: makeOp().agent, params: { state: '/nonexistent-dir/x.state' }, meta: {}, node: 'node1',
    });
    expect(bad.rc).toBe(2);
    expect(bad.exitReason).toBe('State file "/nonexistent-dir/x.state" is not writable');
    expect(classify(bad.rc, bad.timedOut)).toEqual({ kind: 'failed', severity: 'hard' });
  });

  it('should report unimplemented for an action the agent does not know', async () => {
    const r = await run('promote');
    expect(r.rc).toBe(3);
    expect(r.outputTail).toContain('usage:');
  });
});
