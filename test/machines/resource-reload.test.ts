// A changed definition in the resource lifecycle: parameters wait for the next start or reload,
// a reload is an operation like the others (serialized, from `started`), a changed monitor is
// re-armed at once.
import { describe, expect, it } from 'vitest';
import { ResourceHarness, baseInput } from './support/resource-harness.ts';
import { definitionOf } from '../../src/machines/coordinator-inputs.ts';

const OLD = { state: '/run/old.state', fake: 'a' };
const NEW = { state: '/run/old.state', fake: 'b' };

async function started(h: ResourceHarness) {
  await h.send({ type: 'RESOURCE.START' });
  await h.complete({ rc: 7 }); // probe: not running
  await h.complete({ rc: 0 }); // start
  await h.advance(0);
  await h.complete({ rc: 0 }); // the first monitor, at once after the start
  expect(h.state).toBe('started');
}

function configure(h: ResourceHarness, params: Record<string, string>, monitorMs = 10_000) {
  const definition = definitionOf(baseInput({ params, monitor: { intervalMs: monitorMs, timeoutMs: 20_000 } }));
  return h.send({ type: 'RESOURCE.CONFIGURE', definition });
}

describe('resource lifecycle: changed definitions', () => {
  it('should keep running with its old parameters until asked to reload, then reload with the new ones', async () => {
    const h = new ResourceHarness(baseInput({ params: OLD }));
    await started(h);
    await configure(h, NEW);
    expect(h.state).toBe('started');
    await h.advance(10_000);
    expect(h.pendingOp).toMatchObject({ action: 'monitor', params: OLD }); // the agent still runs with the old ones
    await h.complete({ rc: 0 });
    await h.send({ type: 'RESOURCE.RELOAD' });
    expect(h.state).toBe('reloading');
    expect(h.pendingOp).toMatchObject({ action: 'reload-agent', params: NEW });
    await h.complete({ rc: 0 });
    expect(h.state).toBe('started');
    expect(h.context).toMatchObject({ params: NEW, pendingParams: null, reloadWanted: false });
    expect(h.reports.map((r) => r.state)).toContain('reloading');
  });

  it('should run a reload asked for during a monitor only once the monitor has ended', async () => {
    const h = new ResourceHarness(baseInput({ params: OLD }));
    await started(h);
    await configure(h, NEW);
    await h.advance(10_000);
    expect(h.state).toBe('monitoring');
    await h.send({ type: 'RESOURCE.RELOAD' });
    expect(h.pendingOp?.action).toBe('monitor');
    await h.complete({ rc: 0 });
    expect(h.pendingOp?.action).toBe('reload-agent');
    expect(h.maxConcurrentOps).toBe(1);
  });

  it('should stop with the old parameters and start with the new ones (a restart)', async () => {
    const h = new ResourceHarness(baseInput({ params: OLD }));
    await started(h);
    await configure(h, { ...NEW, state: '/run/new.state' });
    await h.send({ type: 'RESOURCE.STOP' });
    expect(h.pendingOp).toMatchObject({ action: 'stop', params: OLD });
    await h.complete({ rc: 0 });
    await h.send({ type: 'RESOURCE.START' });
    expect(h.pendingOp).toMatchObject({ action: 'start', params: { ...NEW, state: '/run/new.state' } });
  });

  it('should treat a failed reload as a failure it reports and waits on; a restart the coordinator asks for starts it with the new parameters', async () => {
    const h = new ResourceHarness(baseInput({ params: OLD }));
    await started(h);
    await configure(h, NEW);
    await h.send({ type: 'RESOURCE.RELOAD' });
    await h.complete({ rc: 1 });
    expect(h.context.lastFailure?.action).toBe('reload');
    expect(h.state).toBe('monitor-failed');
    await h.send({ type: 'RESOURCE.START' }); // recovery here: a stop first
    expect(h.state).toBe('stopping');
    await h.complete({ rc: 0 });
    expect(h.pendingOp).toMatchObject({ action: 'start', params: NEW });
  });

  it('should re-arm a changed recurring monitor with its new interval', async () => {
    const h = new ResourceHarness(baseInput({ params: OLD }));
    await started(h);
    await h.advance(5_000);
    await configure(h, OLD, 30_000);
    await h.advance(25_000); // the old 10 s monitor would have run by now
    expect(h.state).toBe('started');
    await h.advance(5_000);
    expect(h.pendingOp).toMatchObject({ action: 'monitor', intervalMs: 30_000 });
  });

  it('should not reload an instance that is not started: the new parameters wait for its start', async () => {
    const h = new ResourceHarness(baseInput({ params: OLD }));
    await h.send({ type: 'RESOURCE.PROBE' });
    await h.complete({ rc: 7 });
    await configure(h, NEW);
    await h.send({ type: 'RESOURCE.RELOAD' });
    expect(h.state).toBe('stopped');
    await h.send({ type: 'RESOURCE.START' });
    expect(h.pendingOp).toMatchObject({ action: 'start', params: NEW });
    await h.complete({ rc: 0 });
    await h.advance(0);
    expect(h.pendingOp?.action).toBe('monitor'); // no reload left over after the start
    expect(h.context.reloadWanted).toBe(false);
  });
});
