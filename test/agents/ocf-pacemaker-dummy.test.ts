// Debian's real ocf:pacemaker:Dummy (package pacemaker-resource-agents) and its fault switches:
// op_sleep (slow operations), fail_start_on (bogus start failure), OCF_CHECK_LEVEL (failing monitor).
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOcfOperation } from '../../src/agents/ocf.ts';
import { classify } from '../../src/ocf/exit-codes.ts';
import { liveGroupMembers, makeOp, makeTempDir, pollFor, waitGroupGone, type ProcInfo } from './helpers.ts';

const tmp = makeTempDir('pcmk-dummy');
afterAll(() => tmp.cleanup());
const agent = { class: 'ocf', provider: 'pacemaker', type: 'Dummy' } as const;

describe('ocf:pacemaker:Dummy', () => {
  it('should time out an operation that sleeps too long and kill its whole process group', async () => {
    const state = join(tmp.dir, 'slow.state');
    let sleeper: Promise<ProcInfo | undefined> = Promise.resolve(undefined);
    const r = await runOcfOperation(
      makeOp({ resource: 'slow', agent, action: 'start', timeoutMs: 1_000, params: { state, op_sleep: '30' } }),
      { killGraceMs: 500, onSpawn: (pid) => { sleeper = pollFor(() => liveGroupMembers(pid).find((p) => p.comm === 'sleep')); } },
    );
    const sleep = await sleeper;
    expect(sleep).toBeDefined(); // the agent's `sleep 30` child ran in the agent's group
    expect(r.timedOut).toBe(true);
    expect(r.rc).toBe(1);
    expect(r.exitReason).toMatch(/^start of slow \(ocf:pacemaker:Dummy\) timed out after 1000 ms; its process group was killed/);
    expect(classify(r.rc, r.timedOut)).toEqual({ kind: 'failed', severity: 'soft' });
    expect(r.pid).toBeDefined();
    expect(await waitGroupGone(r.pid ?? 0)).toEqual([]);
  });

  it('should fail a start on the node named in fail_start_on, while the resource still runs', async () => {
    const state = join(tmp.dir, 'faulty.state');
    const op = makeOp({ resource: 'faulty', agent, params: { state, fail_start_on: hostname() } });
    const start = await runOcfOperation({ ...op, action: 'start' });
    expect(start.rc).toBe(1);
    expect(classify(start.rc, start.timedOut)).toEqual({ kind: 'failed', severity: 'soft' });
    expect((await runOcfOperation({ ...op, action: 'monitor' })).rc).toBe(0);
    expect((await runOcfOperation({ ...op, action: 'stop' })).rc).toBe(0);
    expect((await runOcfOperation({ ...op, action: 'monitor' })).rc).toBe(7);
  });

  it('should start normally on a node not named in fail_start_on', async () => {
    const state = join(tmp.dir, 'fine.state');
    const op = makeOp({ resource: 'fine', agent, params: { state, fail_start_on: `not-${hostname()}` } });
    expect((await runOcfOperation({ ...op, action: 'start' })).rc).toBe(0);
    expect((await runOcfOperation({ ...op, action: 'stop' })).rc).toBe(0);
  });

  it('should pass OCF_CHECK_LEVEL under its own name, so a deep monitor can fail with a reason', async () => {
    const state = join(tmp.dir, 'deep.state');
    const op = makeOp({ resource: 'deep', agent, params: { state } });
    expect((await runOcfOperation({ ...op, action: 'start' })).rc).toBe(0);
    const shallow = await runOcfOperation({ ...op, action: 'monitor', intervalMs: 10_000 });
    expect(shallow.rc).toBe(0);
    const deep = await runOcfOperation({ ...op, action: 'monitor', intervalMs: 10_000, params: { state, OCF_CHECK_LEVEL: '30' } });
    expect(deep.rc).toBe(1);
    expect(deep.exitReason).toBe('hyperdrive quota reached');
    expect((await runOcfOperation({ ...op, action: 'stop' })).rc).toBe(0);
  });
});
