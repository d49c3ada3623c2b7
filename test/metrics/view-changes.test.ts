// What /metrics counts between two views: each fencing result once, transitions as they end.
import { describe, expect, it } from 'vitest';
import type { ClusterView, FenceHistoryEntry } from '../../src/daemon/view-types.ts';
import { EMPTY_TRACK, viewChanges } from '../../src/metrics/view-changes.ts';

const fence = (target: string, result: FenceHistoryEntry['result'], atMs: number): FenceHistoryEntry => ({ target, action: 'off', result, reason: 'test', epoch: 1, atMs });

function view(over: Partial<ClusterView> = {}): ClusterView {
  return {
    cluster: 'c', generation: { adminEpoch: 0, epoch: 1, updates: 0 }, coordinator: 'node1', epoch: 1, quorum: true,
    updatedAtMs: 0, nodes: [], resources: [], failures: [], fencing: [], transition: null, ...over,
  };
}

describe('viewChanges', () => {
  it('should count each fencing result once, and a request only once it has a result', () => {
    let track = EMPTY_TRACK;
    const first = viewChanges(track, view({ fencing: [fence('node2', 'requested', 10)] }), 0);
    expect(first.changes.fences).toEqual([]);
    track = first.track;
    const second = viewChanges(track, view({ fencing: [fence('node2', 'requested', 10), fence('node2', 'failed', 20), fence('node2', 'succeeded', 30)] }), 0);
    expect(second.changes.fences.map((f) => f.result)).toEqual(['failed', 'succeeded']);
    const again = viewChanges(second.track, view({ fencing: [fence('node2', 'failed', 20), fence('node2', 'succeeded', 30)] }), 0);
    expect(again.changes.fences).toEqual([]);
  });

  it('should not count the history again after a time with no view (an election)', () => {
    const seen = viewChanges(EMPTY_TRACK, view({ fencing: [fence('node3', 'succeeded', 5)] }), 0).track;
    const gap = viewChanges(seen, null, 1).track;
    expect(viewChanges(gap, view({ coordinator: 'node2', epoch: 2, fencing: [fence('node3', 'succeeded', 5)] }), 2).changes.fences).toEqual([]);
  });

  it('should time a transition from the view that shows it to the one that does not', () => {
    const running = viewChanges(EMPTY_TRACK, view({ transition: { id: 4, actions: 3, done: 0, failed: 0 } }), 1_000);
    expect(running.changes.transitionsEnded).toEqual([]);
    const progress = viewChanges(running.track, view({ transition: { id: 4, actions: 3, done: 2, failed: 0 } }), 1_500);
    expect(progress.changes.transitionsEnded).toEqual([]);
    const next = viewChanges(progress.track, view({ transition: { id: 5, actions: 1, done: 0, failed: 0 } }), 2_500);
    expect(next.changes.transitionsEnded).toEqual([{ durationMs: 1_500 }]);
    const idle = viewChanges(next.track, view(), 2_700);
    expect(idle.changes.transitionsEnded).toEqual([{ durationMs: 200 }]);
    expect(idle.track.running).toBeNull();
  });
});
