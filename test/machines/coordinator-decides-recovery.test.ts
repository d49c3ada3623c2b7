// The scheduler is the one decider of recovery: an instance only reports what its operations
// found; the coordinator counts each failure once, as a typed fail-count, and carries out the
// scheduler's plan, telling each recovery stop how many recoveries are left on the node.
import { describe, expect, it } from 'vitest';
import type { OnFail } from '../../src/config/model.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';
import { CoordinatorHarness, HARNESS_BATCH_MS, coordinatorInput, harnessConfig, harnessDocument, opName } from './support/coordinator-harness.ts';

const MONITOR_MS = 10_000;

/** The harness's cluster, rsc with a recurring monitor (its on-fail) and migration-threshold 2: it runs on n2. */
async function booted(onFail: OnFail = 'restart'): Promise<CoordinatorHarness> {
  const config = harnessConfig();
  const rsc = config.resources.find((r) => r.id === 'rsc')!;
  if (rsc.kind !== 'primitive') throw new Error('rsc is a primitive');
  rsc.meta['migration-threshold'] = '2';
  rsc.operations = [{ name: 'monitor', intervalMs: MONITOR_MS, enabled: true, onFail, other: {} }];
  const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(config) }));
  expect(await h.settle()).toBe('idle');
  expect(h.runningOn('rsc')).toEqual(['n2']);
  return h;
}

/** The next recurring monitor of rsc on n2 finds it stopped; returns the one-shot operations that follow. */
async function failMonitor(h: CoordinatorHarness): Promise<AgentOperation[]> {
  const before = h.ops.length;
  h.running.delete('rsc@n2');
  await h.advance(MONITOR_MS);
  await h.complete((op) => op.resource === 'rsc' && op.action === 'monitor' && op.intervalMs > 0, () => ({ rc: 7 }));
  for (let i = 0; i < 6 && h.state !== 'idle'; i++) {
    await h.advance(HARNESS_BATCH_MS);
    await h.drain(h.truth());
  }
  return h.ops.slice(before).filter((op) => op.action === 'start' || op.action === 'stop');
}

describe('coordinator: the scheduler decides recovery', () => {
  it('should count a failed monitor as a typed fail-count, recover in place, then move at migration-threshold', async () => {
    const h = await booted();
    const first = await failMonitor(h);
    expect(first.map(opName)).toEqual(['stop rsc@n2', 'start rsc@n2']);
    expect(first[0]!.meta['recovery-left']).toBe('1');
    expect(h.context.doc.status.failCounts).toEqual([
      { resource: 'rsc', node: 'n2', operation: 'monitor', intervalMs: MONITOR_MS, count: 1, lastFailureS: expect.any(Number) },
    ]);
    // The second failure reaches migration-threshold: the final stop on n2, then the move.
    const second = await failMonitor(h);
    expect(second.map(opName)).toEqual(['stop rsc@n2', 'start rsc@n3']);
    expect(second[0]!.meta['recovery-left']).toBe('0');
    expect(h.context.doc.status.failCounts?.map((f) => f.count)).toEqual([2]);
    expect(h.runningOn('rsc')).toEqual(['n3']);
  });

  it('should leave a failed instance with on-fail=block where it is, counting a repeated failure once', async () => {
    const h = await booted('block');
    expect(await failMonitor(h)).toEqual([]);
    await h.advance(MONITOR_MS); // the instance keeps monitoring, and finds the same failure
    await h.complete((op) => op.resource === 'rsc' && op.action === 'monitor' && op.intervalMs > 0, () => ({ rc: 7 }));
    await h.advance(HARNESS_BATCH_MS);
    expect(h.pending.filter((op) => op.action === 'start' || op.action === 'stop')).toEqual([]);
    expect(h.context.doc.status.failCounts?.map((f) => f.count)).toEqual([1]);
    expect(h.context.instances['rsc@n2']?.state).toBe('monitor-failed');
  });
});
