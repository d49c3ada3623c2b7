// A coordinator that starts knowing nothing of the cluster (no replicated state: startup
// fencing) cannot vouch for any node until it has probed everything there. The mark travels
// with the replicated status, so a successor that finds such a node gone fences it (chaos seed
// 513: a successor took a node that was never probed for clean, and started db beside it).
import { describe, expect, it } from 'vitest';
import { isUnverified } from '../../src/machines/coordinator-status.ts';
import { CoordinatorHarness, HARNESS_BATCH_MS, coordinatorInput, harnessDocument } from './support/coordinator-harness.ts';

const unverified = (h: CoordinatorHarness) => ['n1', 'n2', 'n3'].filter((n) => isUnverified(h.context.doc, n));

describe('coordinator: nodes not yet probed after a start without knowledge', () => {
  it('should keep a node unverified until every resource there was probed', async () => {
    const h = new CoordinatorHarness(coordinatorInput({ startupFencing: true }));
    expect(unverified(h)).toEqual(['n1', 'n2', 'n3']);
    await h.advance(HARNESS_BATCH_MS);
    while (h.pending.some((op) => op.node !== 'n3')) await h.complete((op) => op.node !== 'n3', h.truth());
    expect(unverified(h)).toEqual(['n3']);
    // A probe that could not run tells nothing.
    await h.complete((op) => op.node === 'n3', () => ({ rc: 1, timedOut: true }));
    expect(unverified(h)).toEqual(['n3']);
    expect(await h.settle()).toBe('idle');
    expect(unverified(h)).toEqual([]);
  });

  it('should not mark anything when it starts from a replicated status', () => {
    const h = new CoordinatorHarness(coordinatorInput());
    expect(unverified(h)).toEqual([]);
  });

  it('should make a successor fence a node it inherits unverified and finds gone, and only then', async () => {
    const first = new CoordinatorHarness(coordinatorInput({ startupFencing: true }));
    const early = first.context.doc;
    expect(await first.settle()).toBe('idle');
    const probed = first.context.doc;
    first.actor.stop();
    const inherits = (doc: typeof early) => new CoordinatorHarness(coordinatorInput({ epoch: 2, doc, members: ['n1', 'n2'] }));
    expect(inherits(early).children('fencer:')).toEqual(['fencer:n3#2.1']);
    // Probed: nothing ran on n3, so it may go unfenced, as with an empty status.
    expect(inherits(probed).children('fencer:')).toEqual([]);
    expect(inherits(harnessDocument()).children('fencer:')).toEqual([]);
  });
});
