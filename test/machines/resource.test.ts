// Example tests of the resource lifecycle, one behaviour each, on the fake agent and
// simulated clock of the harness (the model-based paths cover the transitions exhaustively).
import { describe, expect, it } from 'vitest';
import { THRESHOLD_INFINITY } from '../../src/machines/resource-types.ts';
import { ResourceHarness, baseInput } from './support/resource-harness.ts';

async function started(h: ResourceHarness) {
  await h.send({ type: 'RESOURCE.START' });
  await h.complete({ rc: 7 }); // probe: not running
  await h.complete({ rc: 0 }); // start
  expect(h.state).toBe('started');
}

describe('resource lifecycle', () => {
  it('should queue a request that arrives during an operation, newest target winning', async () => {
    const h = new ResourceHarness(baseInput());
    await h.send({ type: 'RESOURCE.START' });
    await h.complete({ rc: 7 });
    expect(h.state).toBe('starting');
    await h.send({ type: 'RESOURCE.STOP' });
    await h.send({ type: 'RESOURCE.START' });
    await h.send({ type: 'RESOURCE.STOP' });
    expect(h.state).toBe('starting'); // the start runs on, alone
    await h.complete({ rc: 0 });
    expect(h.state).toBe('stopping');
    expect(h.pendingOp?.action).toBe('stop');
    expect(h.maxConcurrentOps).toBe(1);
  });

  it('should stop, never start, an instance whose probe failed when nobody asked it to run (chaos seed 27)', async () => {
    const h = new ResourceHarness(baseInput({ migrationThreshold: 3 }));
    await h.send({ type: 'RESOURCE.PROBE' });
    await h.complete({ rc: 1, timedOut: true }); // the probe's answer was lost
    expect(h.state).toBe('stopping');
    expect(h.pendingOp?.meta['recovery-left']).toBe('0');
    await h.complete({ rc: 0 });
    await h.advance(60_000);
    expect(h.state).toBe('stopped');
    expect(h.ops.map((o) => o.action)).toEqual(['monitor', 'stop']);
  });

  it('should still restart in place an instance asked to run whose monitor failed', async () => {
    const h = new ResourceHarness(baseInput({ migrationThreshold: 3 }));
    await started(h);
    await h.advance(10_000);
    await h.complete({ rc: 1 }); // monitor failed
    await h.complete({ rc: 0 }); // recovery stop
    expect(h.state).toBe('starting');
  });

  it('should leave an unmanaged instance alone: no monitor, no recovery, and re-probe it once managed (CTS MaintenanceMode)', async () => {
    const h = new ResourceHarness(baseInput({ migrationThreshold: 3 }));
    await started(h);
    await h.send({ type: 'RESOURCE.UNMANAGE' });
    await h.advance(60_000);
    expect(h.ops.filter((o) => o.action === 'monitor' && o.intervalMs > 0)).toHaveLength(0);
    await h.send({ type: 'RESOURCE.STOP' }); // even a request waits for maintenance to end
    expect(h.state).toBe('started');
    await h.send({ type: 'RESOURCE.MANAGE' });
    expect(h.state).toBe('probing');
    await h.complete({ rc: 0 }); // found running: then the waiting stop runs
    expect(h.pendingOp?.action).toBe('stop');
  });

  it('should keep monitoring an instance unmanaged by is-managed=false, and show a failure without recovering it', async () => {
    const h = new ResourceHarness(baseInput({ migrationThreshold: 3 }));
    await started(h);
    await h.send({ type: 'RESOURCE.UNMANAGE', monitored: true });
    await h.advance(1);
    await h.complete({ rc: 0 }); // the monitor due at once after the start still runs
    await h.advance(10_000);
    expect(h.pendingOp).toMatchObject({ action: 'monitor', intervalMs: 10_000 });
    await h.complete({ rc: 7 });
    expect(h.state).toBe('blocked'); // FAILED (unmanaged): no stop, no start
    expect(h.pendingOp).toBeUndefined();
  });

  it('should not recover an instance whose monitor failed while it became unmanaged', async () => {
    const h = new ResourceHarness(baseInput({ migrationThreshold: 3 }));
    await started(h);
    await h.advance(10_000); // the monitor is running...
    await h.send({ type: 'RESOURCE.UNMANAGE' });
    await h.complete({ rc: 7 }); // ...and finds it gone
    await h.advance(60_000);
    expect(h.state).toBe('blocked');
    expect(h.pendingOp).toBeUndefined();
  });

  it('should run the recurring monitor at once after a start, then every interval (as Pacemaker does)', async () => {
    const h = new ResourceHarness(baseInput());
    await started(h);
    await h.advance(1);
    expect(h.pendingOp).toMatchObject({ action: 'monitor', intervalMs: 10_000 });
    await h.complete({ rc: 0 });
    await h.advance(9_000);
    expect(h.pendingOp).toBeUndefined();
    await h.advance(1_000);
    expect(h.pendingOp).toMatchObject({ action: 'monitor', intervalMs: 10_000 });
  });

  it('should pause the recurring monitor while another operation runs', async () => {
    const h = new ResourceHarness(baseInput());
    await started(h);
    await h.send({ type: 'RESOURCE.STOP' });
    await h.advance(60_000); // six monitor intervals pass during the stop
    expect(h.ops.filter((o) => o.action === 'monitor' && o.intervalMs > 0)).toHaveLength(0);
    await h.complete({ rc: 0 });
    expect(h.state).toBe('stopped');
  });

  it('should pass recovery_left to each recovery stop, and 0 to the final stop that bans the node', async () => {
    const h = new ResourceHarness(baseInput({ migrationThreshold: 3 }));
    await started(h);
    const left: string[] = [];
    for (let i = 0; i < 3; i++) {
      await h.advance(10_000);
      await h.complete({ rc: 7 }); // monitor: not running
      left.push(h.pendingOp!.meta['recovery-left']!);
      await h.complete({ rc: 0 }); // the stop
      if (i < 2) await h.complete({ rc: 0 }); // the start here again
    }
    expect(left).toEqual(['2', '1', '0']);
    expect(h.state).toBe('stopped');
    expect(h.context).toMatchObject({ failCount: 3, ban: 'node', target: 'stopped' });
    expect(h.reports.at(-1)).toMatchObject({ state: 'stopped', ban: 'node', failCount: 3 });
  });

  it('should classify exit codes: 190 degraded, 5 bans the node, 6 bans everywhere', async () => {
    const degraded = new ResourceHarness(baseInput());
    await degraded.send({ type: 'RESOURCE.START' });
    await degraded.complete({ rc: 7 });
    await degraded.complete({ rc: 190 });
    expect(degraded.state).toBe('started');
    expect(degraded.reports.at(-1)).toMatchObject({ state: 'started', degraded: true, rc: 190 });

    for (const [rc, ban] of [[5, 'node'], [6, 'everywhere']] as const) {
      const h = new ResourceHarness(baseInput({ migrationThreshold: 100 }));
      await started(h);
      await h.advance(10_000);
      await h.complete({ rc });
      expect(h.state).toBe('stopping');
      expect(h.pendingOp?.meta['recovery-left']).toBe('0');
      expect(h.context.ban).toBe(ban);
    }
  });

  it('should treat a timeout as a failure whatever the code', async () => {
    const h = new ResourceHarness(baseInput());
    await started(h);
    await h.advance(10_000);
    await h.complete({ rc: 0, timedOut: true });
    expect(h.context.failCount).toBe(1);
    expect(h.context.lastFailure).toMatchObject({ action: 'monitor', timedOut: true });
  });

  it('should make a failed start fatal for the node when start-failure-is-fatal is set', async () => {
    const h = new ResourceHarness(baseInput({ startFailureIsFatal: true }));
    await h.send({ type: 'RESOURCE.START' });
    await h.complete({ rc: 7 });
    await h.complete({ rc: 1 }); // start fails
    expect(h.state).toBe('stopping'); // cleaned up by a stop
    expect(h.context).toMatchObject({ failCount: THRESHOLD_INFINITY, ban: 'node' });
    await h.complete({ rc: 0 });
    expect(h.state).toBe('stopped');
  });

  it('should forget failures when failure-timeout expires on the injected clock', async () => {
    const h = new ResourceHarness(baseInput({ failureTimeoutMs: 60_000, monitor: null }));
    await h.send({ type: 'RESOURCE.START' });
    await h.complete({ rc: 7 });
    await h.complete({ rc: 1 }); // start fails once
    await h.complete({ rc: 0 }); // cleanup stop
    await h.complete({ rc: 0 }); // retried start succeeds
    expect(h.context.failCount).toBe(1);
    await h.advance(59_999);
    expect(h.context.failCount).toBe(1);
    await h.advance(1);
    expect(h.context.failCount).toBe(0);
    expect(h.expiries).toBe(1);
  });

  it('should hold a failed stop until the node is fenced, asking for the fence', async () => {
    const h = new ResourceHarness(baseInput());
    await started(h);
    await h.send({ type: 'RESOURCE.STOP' });
    await h.complete({ rc: 1 });
    expect(h.state).toBe('stop-failed');
    expect(h.reports.at(-1)).toMatchObject({ state: 'stop-failed', request: 'fence' });
    await h.send({ type: 'RESOURCE.START' }); // must not start: nothing is known
    expect(h.state).toBe('stop-failed');
    expect(h.pendingOp).toBeUndefined();
    await h.fence();
    expect(h.state).toBe('stopped');
    expect(h.context.request).toBeNull();
  });

  it('should accept a cleanup of a failed stop only once a stop succeeds and a probe finds it stopped', async () => {
    const h = new ResourceHarness(baseInput({ stopOnFail: 'block' }));
    await started(h);
    await h.send({ type: 'RESOURCE.STOP' });
    await h.complete({ rc: 1 });
    expect(h.reports.at(-1)).toMatchObject({ state: 'stop-failed', request: null });
    await h.send({ type: 'RESOURCE.CLEANUP' });
    await h.complete({ rc: 0 }); // stop
    await h.complete({ rc: 0 }); // probe: still running!
    expect(h.state).toBe('stop-failed');
    await h.send({ type: 'RESOURCE.CLEANUP' });
    await h.complete({ rc: 0 });
    await h.complete({ rc: 7 });
    expect(h.state).toBe('stopped');
    expect(h.ops.slice(-2).map((o) => `${o.action}/${o.intervalMs}`)).toEqual(['stop/0', 'monitor/0']);
  });

  it('should report on-fail=standby and on-fail=fence to the parent, which owns nodes', async () => {
    for (const onFail of ['standby', 'fence'] as const) {
      const h = new ResourceHarness(baseInput({ monitor: { intervalMs: 10_000, timeoutMs: 5_000, onFail } }));
      await started(h);
      await h.advance(10_000);
      await h.complete({ rc: 1 });
      expect(h.reports.find((r) => r.state === 'monitor-failed')).toMatchObject({ request: onFail });
      expect(h.state).toBe(onFail === 'fence' ? 'monitor-failed' : 'stopping');
    }
  });

  it('should run validate-all once, before the first start', async () => {
    const h = new ResourceHarness(baseInput({ validateBeforeStart: true }));
    await h.send({ type: 'RESOURCE.START' });
    await h.complete({ rc: 7 });
    expect(h.pendingOp?.action).toBe('validate-all');
    await h.complete({ rc: 0 });
    await h.complete({ rc: 0 });
    await h.send({ type: 'RESOURCE.STOP' });
    await h.complete({ rc: 0 });
    await h.send({ type: 'RESOURCE.START' });
    expect(h.pendingOp?.action).toBe('start');
    expect(h.ops.filter((o) => o.action === 'validate-all')).toHaveLength(1);
  });
});
