// Fencing through a topology with Debian's real /usr/sbin/fence_dummy: the fencer (one walk
// through the levels), the real fence device machine running the agent as a process, and the
// node machine retrying forever with backoff. fence_dummy type=fail never reaches the asked
// power state and gives up after power_timeout; type=file writes the new state ("off") to its
// status file.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActor, waitFor, type Actor } from 'xstate';
import type { FenceDeviceInput } from '../../src/machines/fence-types.ts';
import { stonithInput } from '../machines/support/fence-harness.ts';
import { nodeInput } from '../machines/support/node-harness.ts';
import { routerMachine, type RouterInput } from './router.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-topology-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const psuA = join(tmp, 'psu-a.status');
const psuB = join(tmp, 'psu-b.status');

/** A fence_dummy device; no retries, so one failed attempt is the device's answer. */
function dummy(id: string, params: Record<string, string>): FenceDeviceInput {
  return {
    lifecycle: stonithInput({ resource: id, params: { pcmk_host_argument: 'none', ...params } }),
    concurrency: 1, queueMax: 10, retries: 0, timeoutsMs: { reboot: 10_000, off: 10_000, on: 10_000 },
  };
}
const BROKEN = { type: 'fail', power_timeout: '1' };
const fileDevice = (statusFile: string) => ({ type: 'file', status_file: statusFile });

const LEVELS = [{ index: 1, devices: ['ipmi'] }, { index: 2, devices: ['psu-a', 'psu-b'] }];

function start(input: Partial<RouterInput>): Actor<typeof routerMachine> {
  const actor = createActor(routerMachine, {
    input: {
      node: nodeInput({ node: 'node1', fencingAction: 'off', fenceRetryInitialMs: 300, fenceRetryMaxMs: 2_000 }),
      devices: [], levels: LEVELS, ...input,
    },
  });
  actor.start();
  return actor;
}

beforeEach(() => {
  // A missing status file reads as "off" (already off: nothing written), so both start on.
  writeFileSync(psuA, 'on');
  writeFileSync(psuB, 'on');
});

describe('fencing topology with the real fence_dummy', () => {
  it('should fence at level 2 when level 1 fails, and leave both power supplies off', async () => {
    const router = start({ devices: [dummy('ipmi', BROKEN), dummy('psu-a', fileDevice(psuA)), dummy('psu-b', fileDevice(psuB))] });
    router.send({ type: 'TEST.FENCE' });
    const snap = await waitFor(router, (s) => s.context.outputs.length === 1, { timeout: 15_000 });
    const output = snap.context.outputs[0]!;
    expect(output).toMatchObject({ ok: true, target: 'node1', action: 'off', level: 2, devices: ['psu-a', 'psu-b'] });
    expect(output.failures).toHaveLength(1);
    expect(output.failures[0]!.devices[0]!.reason).toBe('fence device ipmi (fence_dummy): off of node1 failed with exit code 1; agent said: Failed: Timed out waiting to power OFF');
    expect(snap.context.levelReports.map((r) => [r.level, r.failedLevels])).toEqual([[1, []], [2, [1]]]);
    const results = snap.context.results.map((r) => [r.device, r.ok, r.attempts]);
    expect(results[0]).toEqual(['ipmi', false, 1]);
    // The two devices of level 2 run at once: either may answer first.
    expect(results.slice(1).sort()).toEqual([['psu-a', true, 1], ['psu-b', true, 1]]);
    expect(readFileSync(psuA, 'utf8')).toBe('off');
    expect(readFileSync(psuB, 'utf8')).toBe('off');
    expect(snap.context.errors).toEqual([]);
    router.stop();
  }, 20_000);

  it('should retry a lost node forever with backoff, recovery blocked, until a repaired device fences it', async () => {
    const router = start({ devices: [dummy('ipmi', BROKEN), dummy('psu-a', BROKEN), dummy('psu-b', fileDevice(psuB))] });
    router.send({ type: 'TEST.NODE', event: { type: 'NODE.JOIN' } });
    router.send({ type: 'TEST.NODE', event: { type: 'NODE.JOINED' } });
    router.send({ type: 'TEST.NODE', event: { type: 'NODE.LOST', needsFencing: true } });
    // Two whole walks through the topology fail (psu-a is broken too)...
    let snap = await waitFor(router, (s) => s.context.outputs.length === 2, { timeout: 15_000 });
    expect(snap.context.outputs.map((o) => o.ok)).toEqual([false, false]);
    expect(snap.context.outputs[1]!.ok === false && snap.context.outputs[1]!.reason).toMatch(/^every fencing level failed for node1 \(level 1: ipmi: .* \| level 2: psu-a: .*Timed out waiting to power OFF\)$/);
    // ...then an administrator fixes psu-a's configuration while the node waits to retry.
    router.send({ type: 'TEST.REPLACE_DEVICE', device: dummy('psu-a', fileDevice(psuA)) });
    snap = await waitFor(router, (s) => s.context.nodeReports.at(-1)?.state === 'fenced', { timeout: 15_000 });

    const reports = snap.context.nodeReports.filter((r) => r.state === 'fencing');
    // Every report between the loss and the fence blocks recovery of the node's resources.
    expect(reports.every((r) => r.resourcesUnknown && r.recoveryBlocked === 'awaiting-fence' && !r.resourcesStopped)).toBe(true);
    expect(reports.map((r) => [r.request, r.fenceAttempts, r.fenceFailures, r.retryInMs])).toEqual([
      ['fence', 1, 0, null], [null, 1, 1, 300], ['fence', 2, 1, null], [null, 2, 2, 600], ['fence', 3, 2, null],
    ]);
    expect(snap.context.outputs.at(-1)).toMatchObject({ ok: true, level: 2, devices: ['psu-a', 'psu-b'], requestId: 'fence-node-3' });
    expect(snap.context.nodeReports.at(-1)).toMatchObject({ state: 'fenced', resourcesUnknown: false, resourcesStopped: true, recoveryBlocked: null, reason: 'fenced by psu-a+psu-b' });
    expect(readFileSync(psuA, 'utf8')).toBe('off');
    expect(readFileSync(psuB, 'utf8')).toBe('off');
    expect(snap.context.errors).toEqual([]);
    router.stop();
  }, 30_000);
});
