// Time alone can change the plan: a fail-count that expires (failure-timeout) must lead to a new
// schedule even when nothing else happens, as Pacemaker rechecks. A fail-count inherited with the
// status is not known to any instance's own timer (chaos seed 1050 kept a clone off a node).
import { describe, expect, it } from 'vitest';
import { recheckDelayMs, RECHECK_MAX_MS } from '../../src/machines/coordinator-status.ts';
import { CoordinatorHarness, coordinatorInput, harnessConfig, harnessDocument } from './support/coordinator-harness.ts';

describe('coordinator: rechecks when a failure-timeout expires', () => {
  it('should compute the wait to the next expiry, capped at the recheck interval', () => {
    const doc = harnessDocument();
    doc.status.failCounts = [{ resource: 'rsc', node: 'n2', operation: '', intervalMs: 0, count: 1_000_000, lastFailureS: 10 }];
    expect(recheckDelayMs(doc, () => 30, 12_000)).toBe(28_001);
    expect(recheckDelayMs(doc, () => 0, 12_000)).toBe(RECHECK_MAX_MS);
    // Past expiries are the scheduler's to judge at the next plan: no timer waits for them.
    expect(recheckDelayMs(doc, () => 30, 50_000)).toBe(RECHECK_MAX_MS);
    // The configured cluster-recheck-interval caps it instead.
    doc.config.options.other['cluster-recheck-interval'] = '20s';
    expect(recheckDelayMs(doc, () => 30, 12_000)).toBe(20_000);
    expect(recheckDelayMs(doc, () => 0, 12_000)).toBe(20_000);
  });

  it('should move a resource back once an inherited fail-count expires, with nothing else happening', async () => {
    const config = harnessConfig();
    config.resources.find((r) => r.id === 'rsc')!.meta['failure-timeout'] = '30s';
    const doc = harnessDocument(config);
    doc.status.failCounts = [{ resource: 'rsc', node: 'n2', operation: '', intervalMs: 0, count: 1_000_000, lastFailureS: 5 }];
    const h = new CoordinatorHarness(coordinatorInput({ doc }));
    expect(await h.settle()).toBe('idle');
    expect(h.runningOn('rsc'), 'banned from n2 by the fail-count').toEqual(['n3']);
    await h.advance(36_000);
    expect(await h.settle()).toBe('idle');
    expect(h.runningOn('rsc'), 'back where it prefers once the fail-count expired').toEqual(['n2']);
  });
});
