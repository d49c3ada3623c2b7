// Example tests of the resource lifecycle, one behaviour each, on the fake agent and
// simulated clock of the harness (the model-based paths cover the transitions exhaustively).
import { describe, expect, it } from 'vitest';
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

  it('should wait for the decider after a failed probe, never starting on its own (chaos seed 27)', async () => {
    const h = new ResourceHarness(baseInput());
    await h.send({ type: 'RESOURCE.PROBE' });
    await h.complete({ rc: 1, timedOut: true }); // the probe's answer was lost
    expect(h.state).toBe('monitor-failed');
    expect(h.pendingOp).toBeUndefined();
    await h.send({ type: 'RESOURCE.STOP' });
    expect(h.pendingOp?.meta['recovery-left']).toBe('0');
    await h.complete({ rc: 0 });
    expect(h.state).toBe('stopped');
    expect(h.ops.map((o) => o.action)).toEqual(['monitor', 'stop']);
  });

  it('should report a failed monitor as a fact and wait there, recovering only when told', async () => {
    const h = new ResourceHarness(baseInput());
    await started(h);
    await h.advance(1);
    await h.complete({ rc: 0 });
    await h.advance(10_000);
    await h.complete({ rc: 7 }); // monitor: not running
    expect(h.state).toBe('monitor-failed');
    expect(h.pendingOp).toBeUndefined();
    expect(h.reports.at(-1)).toMatchObject({ state: 'monitor-failed', rc: 7, failure: { action: 'monitor', intervalMs: 10_000, rc: 7, timedOut: false } });
    expect(h.context.target).toBeNull(); // the start asked before is no request to start again
    // The decider recovers it here: a stop with the recoveries left, then a start.
    await h.send({ type: 'RESOURCE.STOP', recoveryLeft: 2 });
    expect(h.pendingOp).toMatchObject({ action: 'stop', meta: { 'recovery-left': '2' } });
    await h.complete({ rc: 0 });
    await h.send({ type: 'RESOURCE.START' });
    expect(h.state).toBe('starting');
  });

  it('should keep monitoring a failed instance nobody acts on, and be started again once a monitor succeeds (on-fail=ignore)', async () => {
    const h = new ResourceHarness(baseInput());
    await started(h);
    await h.advance(1);
    await h.complete({ rc: 0 });
    await h.advance(10_000);
    await h.complete({ rc: 1 });
    expect(h.state).toBe('monitor-failed');
    await h.advance(10_000);
    expect(h.pendingOp).toMatchObject({ action: 'monitor', intervalMs: 10_000 });
    await h.complete({ rc: 0 });
    expect(h.state).toBe('started');
  });

  it('should stop, not restart, a failed instance a stop was asked of while its monitor ran', async () => {
    const h = new ResourceHarness(baseInput());
    await started(h);
    await h.advance(1); // the monitor runs...
    await h.send({ type: 'RESOURCE.STOP' });
    await h.complete({ rc: 7 }); // ...and fails: the stop asked for still stands
    expect(h.state).toBe('stopping');
  });

  it('should leave an unmanaged instance alone: no monitor, no recovery, and re-probe it once managed (CTS MaintenanceMode)', async () => {
    const h = new ResourceHarness(baseInput());
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
    const h = new ResourceHarness(baseInput());
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
    const h = new ResourceHarness(baseInput());
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

  it('should report 190 as degraded, and any failed monitor as a failure, hard or not (the decider bans)', async () => {
    const degraded = new ResourceHarness(baseInput());
    await degraded.send({ type: 'RESOURCE.START' });
    await degraded.complete({ rc: 7 });
    await degraded.complete({ rc: 190 });
    expect(degraded.state).toBe('started');
    expect(degraded.reports.at(-1)).toMatchObject({ state: 'started', degraded: true, rc: 190 });

    for (const rc of [5, 6]) {
      const h = new ResourceHarness(baseInput());
      await started(h);
      await h.advance(10_000);
      await h.complete({ rc });
      expect(h.state).toBe('monitor-failed');
      expect(h.context.lastFailure).toMatchObject({ action: 'monitor', rc });
    }
  });

  it('should treat a timeout as a failure whatever the code', async () => {
    const h = new ResourceHarness(baseInput());
    await started(h);
    await h.advance(10_000);
    await h.complete({ rc: 0, timedOut: true });
    expect(h.state).toBe('monitor-failed');
    expect(h.context.lastFailure).toMatchObject({ action: 'monitor', timedOut: true });
  });

  it('should clean up a failed start with a final stop, and not start again until told', async () => {
    const h = new ResourceHarness(baseInput({ monitor: null }));
    await h.send({ type: 'RESOURCE.START' });
    await h.complete({ rc: 7 });
    await h.complete({ rc: 1 }); // start fails
    expect(h.state).toBe('stopping');
    expect(h.pendingOp?.meta['recovery-left']).toBe('0');
    expect(h.reports.at(-1)).toMatchObject({ failure: { action: 'start', rc: 1 } });
    await h.complete({ rc: 0 });
    await h.advance(600_000);
    expect(h.state).toBe('stopped');
    expect(h.pendingOp).toBeUndefined();
    await h.send({ type: 'RESOURCE.START' });
    expect(h.state).toBe('starting');
  });

  it('should leave a failed start alone with its on-fail=block', async () => {
    const h = new ResourceHarness(baseInput({ startOnFail: 'block' }));
    await h.send({ type: 'RESOURCE.START' });
    await h.complete({ rc: 7 });
    await h.complete({ rc: 1 });
    expect(h.state).toBe('blocked');
    expect(h.pendingOp).toBeUndefined();
  });

  it('should hold a failed stop until the node is fenced (which the decider orders)', async () => {
    const h = new ResourceHarness(baseInput());
    await started(h);
    await h.send({ type: 'RESOURCE.STOP' });
    await h.complete({ rc: 1 });
    expect(h.state).toBe('stop-failed');
    expect(h.reports.at(-1)).toMatchObject({ state: 'stop-failed', failure: { action: 'stop', rc: 1 } });
    await h.send({ type: 'RESOURCE.START' }); // must not start: nothing is known
    expect(h.state).toBe('stop-failed');
    expect(h.pendingOp).toBeUndefined();
    await h.fence();
    expect(h.state).toBe('stopped');
    expect(h.context.lastFailure).toBeNull();
  });

  it('should accept a cleanup of a failed stop only once a stop succeeds and a probe finds it stopped', async () => {
    const h = new ResourceHarness(baseInput({ stopOnFail: 'block' }));
    await started(h);
    await h.send({ type: 'RESOURCE.STOP' });
    await h.complete({ rc: 1 });
    expect(h.reports.at(-1)).toMatchObject({ state: 'stop-failed' });
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

  it('should count a failed stop as stopped with its on-fail=ignore', async () => {
    const h = new ResourceHarness(baseInput({ stopOnFail: 'ignore' }));
    await started(h);
    await h.send({ type: 'RESOURCE.STOP' });
    await h.complete({ rc: 1 });
    expect(h.state).toBe('stopped');
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
