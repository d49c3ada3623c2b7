// Example tests of the fence device: merging, retries, timeouts, the queue bound, concurrency,
// the run's input, and its stonith lifecycle (reused resource machine) never asking for a fence.
import { describe, expect, it } from 'vitest';
import { FENCE_TIMEOUT_GRACE_MS } from '../../src/machines/fence-types.ts';
import { fenceDeviceInputFor, stonithLifecycleInput } from '../../src/machines/fence-ops.ts';
import { FenceHarness, fenceInput, stonithInput } from './support/fence-harness.ts';

const request = (target: string, requestId: string, action: 'reboot' | 'off' = 'reboot') =>
  ({ type: 'FENCE.REQUEST' as const, target, action, requester: `coord-${requestId}`, requestId });

describe('fence device: requests', () => {
  it('should answer both of two merged requests with one run', async () => {
    const h = new FenceHarness(fenceInput());
    await h.send(request('node3', 'a'));
    await h.send(request('node3', 'b'));
    expect(h.runInputs).toHaveLength(1);
    await h.finishRun({ ok: true, reason: 'rebooted' });
    expect(h.results).toMatchObject([{ target: 'node3', requestIds: ['a', 'b'], requesters: ['coord-a', 'coord-b'], ok: true, attempts: 1 }]);
  });

  it('should not merge different actions on one target', async () => {
    const h = new FenceHarness(fenceInput());
    await h.send(request('node3', 'a', 'reboot'));
    await h.send(request('node3', 'b', 'off'));
    expect(h.context.jobs.map((j) => j.action)).toEqual(['reboot', 'off']);
  });

  it('should ignore a repeated request id, even after it was answered', async () => {
    const h = new FenceHarness(fenceInput());
    await h.send(request('node3', 'a'));
    await h.finishRun({ ok: true, reason: '' });
    await h.send(request('node3', 'a'));
    expect(h.runInputs).toHaveLength(1);
    expect(h.context.jobs).toEqual([]);
  });

  it('should retry a failure twice, then report the last reason', async () => {
    const h = new FenceHarness(fenceInput());
    await h.send(request('node3', 'a'));
    await h.finishRun({ ok: false, reason: 'first' });
    await h.finishRun(new Error('second'));
    expect(h.results).toEqual([]);
    await h.finishRun({ ok: false, reason: 'third' });
    expect(h.results).toMatchObject([{ ok: false, reason: 'third', attempts: 3 }]);
    expect(h.context.failed).toBe(1);
  });

  it('should time an attempt out only after its action timeout and the grace', async () => {
    const h = new FenceHarness(fenceInput({ retries: 0, timeoutsMs: { reboot: 60_000, off: 30_000, on: 60_000 } }));
    await h.send(request('node3', 'a', 'off'));
    expect(h.runInputs[0]).toEqual({ device: 'fence1', node: 'node2', agent: 'fence_dummy', params: { mode: 'pass' }, target: 'node3', action: 'off', timeoutMs: 30_000 });
    await h.advance(30_000 + FENCE_TIMEOUT_GRACE_MS - 1);
    expect(h.results).toEqual([]);
    await h.advance(1);
    expect(h.results).toMatchObject([{ ok: false, reason: 'off timed out after 30000 ms' }]);
    expect(h.runPending).toEqual([]);
  });

  it('should refuse a request beyond the queue bound and answer it at once', async () => {
    const h = new FenceHarness(fenceInput({ queueMax: 2 }));
    await h.send(request('node3', 'a'));
    await h.send(request('node4', 'b'));
    await h.send(request('node5', 'c'));
    expect(h.results).toMatchObject([{ target: 'node5', requestIds: ['c'], ok: false, reason: 'fence1: queue full (2 jobs)' }]);
    expect(h.context.jobs).toHaveLength(2);
  });

  it('should run up to `concurrency` jobs at once, in arrival order', async () => {
    const h = new FenceHarness(fenceInput({ concurrency: 2 }));
    for (const [t, id] of [['node3', 'a'], ['node4', 'b'], ['node5', 'c']] as const) await h.send(request(t, id));
    expect(h.runPending.map((p) => p.input.target)).toEqual(['node3', 'node4']);
    await h.finishRun({ ok: true, reason: '' });
    expect(h.runPending.map((p) => p.input.target)).toEqual(['node4', 'node5']);
    expect(h.maxConcurrentRuns).toBe(2);
  });
});

describe('fence device: its stonith resource', () => {
  it('should notice a broken device by its monitor, and still attempt a fence', async () => {
    const h = new FenceHarness(fenceInput());
    await h.send({ type: 'RESOURCE.START' });
    await h.settleOps();
    await h.advance(60_000);
    await h.finishOp(1);
    expect(h.reports.map((r) => r.state)).toContain('monitor-failed');
    await h.send(request('node3', 'a'));
    expect(h.runInputs).toHaveLength(1);
    await h.finishRun({ ok: true, reason: '' });
    expect(h.results[0]!.ok).toBe(true);
  });

  it('should block, not fence, when its stop fails', async () => {
    const h = new FenceHarness(fenceInput());
    await h.send({ type: 'RESOURCE.START' });
    await h.settleOps();
    await h.send({ type: 'RESOURCE.STOP' });
    await h.finishOp(1);
    expect(h.reports.at(-1)).toMatchObject({ state: 'stop-failed' });
  });

  it('should rewrite every on-fail=fence and refuse a non-stonith resource', () => {
    const input = stonithLifecycleInput(stonithInput({ startOnFail: 'fence', stopOnFail: 'fence' }));
    expect({ start: input.startOnFail, stop: input.stopOnFail }).toEqual({ start: 'restart', stop: 'block' });
    expect(stonithLifecycleInput(stonithInput({ stopOnFail: 'ignore' })).stopOnFail).toBe('ignore');
    expect(() => stonithLifecycleInput(stonithInput({ agent: { class: 'ocf', provider: 'heartbeat', type: 'Dummy' } }))).toThrow(/class stonith/);
  });
});

describe('fence device: input from its parameters', () => {
  it('should read pcmk_* timeouts, retries and action limit, defaulting to stonith-timeout, 2 and 1', () => {
    const plain = fenceDeviceInputFor(stonithInput(), 90_000);
    expect({ c: plain.concurrency, r: plain.retries, t: plain.timeoutsMs }).toEqual({ c: 1, r: 2, t: { reboot: 90_000, off: 90_000, on: 90_000 } });
    const tuned = fenceDeviceInputFor(stonithInput({ params: { pcmk_reboot_timeout: '2min', pcmk_off_timeout: '30s', pcmk_on_timeout: '45s', pcmk_reboot_retries: '0', pcmk_action_limit: '-1' } }));
    expect({ c: tuned.concurrency, r: tuned.retries, t: tuned.timeoutsMs }).toEqual({ c: 100, r: 0, t: { reboot: 120_000, off: 30_000, on: 45_000 } });
  });

  it('should name the device, the parameter and the fix for a bad value', () => {
    expect(() => fenceDeviceInputFor(stonithInput({ params: { pcmk_reboot_timeout: 'soon' } }))).toThrow(/fence device fence1: parameter pcmk_reboot_timeout="soon" is not a duration/);
    expect(() => fenceDeviceInputFor(stonithInput({ params: { pcmk_action_limit: '0' } }))).toThrow(/pcmk_action_limit=0 would never fence/);
    expect(() => fenceDeviceInputFor(stonithInput({ params: { pcmk_reboot_retries: '-2' } }))).toThrow(/must be an integer >= 0/);
  });
});
