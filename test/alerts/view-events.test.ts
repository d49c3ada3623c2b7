// Node, fencing and attribute events read from successive views, and which resource results a
// daemon alerts on (recurring monitors only on their first result and on a change).
import { describe, expect, it } from 'vitest';
import { resourceEvent, ResourceAlertFilter } from '../../src/alerts/resource-events.ts';
import { nodeIdOf, viewAlertEvents, type AlertViewTrack } from '../../src/alerts/view-events.ts';
import type { NodeConfig } from '../../src/config/model.ts';
import type { ClusterView, FenceHistoryEntry, NodeView } from '../../src/daemon/view-types.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';

const NODES: NodeConfig[] = ['node1', 'node2', 'node3'].map((name) => ({ name, attributes: {}, standby: false, maintenance: false }));

const nodeView = (name: string, member: boolean, attributes: Record<string, string> = {}): NodeView => ({
  name, state: member ? 'online' : 'unclean', mode: 'online', member, reason: '', recoveryBlocked: null,
  attributes: Object.entries(attributes).map(([n, value]) => ({ name: n, value, lifetime: 'reboot' as const })),
});

const view = (nodes: NodeView[], fencing: FenceHistoryEntry[] = [], coordinator = 'node1'): ClusterView => ({
  cluster: 'c', generation: { adminEpoch: 0, epoch: 1, updates: 0 }, coordinator, epoch: 1, quorum: true, updatedAtMs: 0,
  nodes, resources: [], failures: [], fencing, transition: null,
});

const fence = (target: string, result: FenceHistoryEntry['result'], atMs: number): FenceHistoryEntry => ({
  target, action: 'off', result, reason: result === 'failed' ? 'fence_dummy exited 1' : '', by: `fence-${target}`, fencedBy: 'node1', epoch: 1, atMs,
});

function step(track: AlertViewTrack | null, v: ClusterView | null, attributes = false) {
  return viewAlertEvents(track, v, NODES, { attributes });
}

describe('viewAlertEvents', () => {
  const all = [nodeView('node1', true), nodeView('node2', true), nodeView('node3', true)];

  it('should take the first view as the starting point, old fences included', () => {
    const first = step(null, view(all, [fence('node2', 'succeeded', 1)]));
    expect(first.events).toEqual([]);
    expect(first.track).not.toBeNull();
  });

  it('should report a node lost and back as member, with its id', () => {
    const { track } = step(null, view(all));
    const lost = step(track, view([all[0]!, all[1]!, nodeView('node3', false)]));
    expect(lost.events).toEqual([{ kind: 'node', node: 'node3', nodeId: '3', desc: 'lost' }]);
    const back = step(lost.track, view(all));
    expect(back.events).toEqual([{ kind: 'node', node: 'node3', nodeId: '3', desc: 'member' }]);
    expect(step(back.track, view(all)).events).toEqual([]);
  });

  it('should report each fencing result once, not requests, and keep its track across a view-less gap', () => {
    const { track } = step(null, view(all));
    const requested = step(track, view(all, [fence('node3', 'requested', 5)]));
    expect(requested.events).toEqual([]);
    const failed = step(requested.track, view(all, [fence('node3', 'requested', 5), fence('node3', 'failed', 6)]));
    expect(failed.events).toEqual([{ kind: 'fencing', node: 'node3', task: 'off', rc: 1, desc: 'Operation off of node3 by fence-node3 for coordinator@node1: Error (fence_dummy exited 1)' }]);
    const gap = step(failed.track, null);
    expect(gap).toEqual({ track: failed.track, events: [] });
    const done = step(gap.track, view(all, [fence('node3', 'failed', 6), fence('node3', 'succeeded', 7), { ...fence('node2', 'confirmed', 8), by: undefined }]));
    expect(done.events.map((e) => e.kind === 'fencing' && [e.node, e.rc, e.desc])).toEqual([
      ['node3', 0, 'Operation off of node3 by fence-node3 for coordinator@node1: OK'],
      ['node2', 0, 'Operation off of node2 confirmed by an administrator: OK'],
    ]);
  });

  it('should report attribute changes only where asked (the coordinator\'s daemon), a deletion as an empty value', () => {
    const { track } = step(null, view([nodeView('node1', true, { site: 'a' }), all[1]!, all[2]!]));
    const changed = view([nodeView('node1', true, { pingd: '1000' }), nodeView('node2', true, { site: 'b' }), all[2]!]);
    expect(step(track, changed).events).toEqual([]);
    expect(step(track, changed, true).events).toEqual([
      { kind: 'attribute', node: 'node1', nodeId: '1', name: 'pingd', value: '1000' },
      { kind: 'attribute', node: 'node1', nodeId: '1', name: 'site', value: '' },
      { kind: 'attribute', node: 'node2', nodeId: '2', name: 'site', value: 'b' },
    ]);
  });

  it('should take a node\'s configured id before its place', () => {
    expect(nodeIdOf([{ ...NODES[0]!, id: '101' }, NODES[1]!], 'node1')).toBe('101');
    expect(nodeIdOf(NODES, 'node2')).toBe('2');
  });
});

describe('ResourceAlertFilter', () => {
  const op: AgentOperation = {
    resource: 'web', agent: { class: 'ocf', provider: 'heartbeat', type: 'Dummy' }, action: 'monitor', intervalMs: 5_000,
    timeoutMs: 10_000, params: {}, meta: {}, node: 'node1',
  };
  const result = (rc: number) => ({ rc, timedOut: false, signal: null, durationMs: 3, outputTail: '' });

  it('should admit every one-shot operation, and a recurring monitor\'s first result and changes only', () => {
    const filter = new ResourceAlertFilter();
    const admitted = (action: AgentOperation['action'], intervalMs: number, rc: number) =>
      filter.admit(resourceEvent('node1', { ...op, action, intervalMs }, result(rc)));
    expect(admitted('start', 0, 0)).toBe(true);
    expect([admitted('monitor', 5_000, 0), admitted('monitor', 5_000, 0), admitted('monitor', 5_000, 0)]).toEqual([true, false, false]);
    expect([admitted('monitor', 5_000, 7), admitted('monitor', 5_000, 7)]).toEqual([true, false]);
    expect(admitted('monitor', 60_000, 0)).toBe(true); // another interval is another operation
    expect([admitted('stop', 0, 0), admitted('start', 0, 0), admitted('monitor', 5_000, 0)]).toEqual([true, true, true]);
  });

  it('should admit a probe only when it finds what this node had not reported (a new coordinator re-probes everything)', () => {
    const filter = new ResourceAlertFilter();
    const admitted = (action: AgentOperation['action'], intervalMs: number, rc: number) =>
      filter.admit(resourceEvent('node1', { ...op, action, intervalMs }, result(rc)));
    expect([admitted('monitor', 0, 7), admitted('monitor', 0, 7)]).toEqual([true, false]);
    expect([admitted('start', 0, 0), admitted('monitor', 5_000, 0)]).toEqual([true, true]);
    // A coordinator change: the re-probe and the monitor it schedules again confirm what was said.
    expect([admitted('monitor', 0, 0), admitted('monitor', 5_000, 0)]).toEqual([false, false]);
    // What vanished meanwhile is news, and so is a probe that fails.
    expect([admitted('monitor', 0, 7), admitted('monitor', 0, 1), admitted('monitor', 0, 1)]).toEqual([true, true, true]);
  });
});
