// Orderings the chaos runs showed a transition needs, beyond what placement decides:
// every active copy of a moved or recovered resource stops first (seed 114); a resource that
// requires fencing starts only once every pending fence is done (seed 839); what starts after
// a resource waits for that resource's probes (seed 440), and a resource stops only once what
// starts after it was probed (seed 75).
import { describe, expect, it } from 'vitest';
import { schedule } from '../../src/scheduler/index.ts';
import type { TransitionGraph } from '../../src/scheduler/types.ts';
import { cluster } from '../scenarios/builder.ts';

const ids = (g: TransitionGraph, kind: string) => g.actions.filter((a) => a.kind === kind && a.runnable).map((a) => String(a.id)).sort();
const before = (g: TransitionGraph, then: string) => g.edges.filter((e) => String(e.then) === then).map((e) => String(e.first)).sort();

describe('transition graph: safety orderings', () => {
  it('should stop a failed resource on every node where it is active before starting it again', () => {
    const doc = cluster('n1', 'n2', 'n3').primitive('r', { meta: { 'resource-stickiness': '100' } }).failedMonitor('r', 'n1')
      .op('r', 'n3', { operation: 'monitor', rc: 1, status: 'error' }).doc;
    const g = schedule(doc, { now: 2000 });
    const stops = ids(g, 'stop').filter((id) => id.startsWith('r:'));
    expect(stops).toEqual(['r:stop@n1', 'r:stop@n3']);
    const start = ids(g, 'start').find((id) => id.startsWith('r:'))!;
    for (const s of stops) expect(before(g, start)).toContain(s);
  });

  it('should start a resource that requires fencing only after every pending fence, wherever it ran', () => {
    const doc = cluster('n1', 'n2', 'n3').option((o) => { o.fencingEnabled = true; }).primitive('fence1', { class: 'stonith' }).primitive('r').primitive('free', { meta: { requires: 'quorum' } })
      .node('n3', { online: false, unclean: true }).doc;
    const g = schedule(doc, { now: 0 });
    expect(ids(g, 'fence')).toEqual(['n3:fence']);
    const start = g.actions.find((a) => a.kind === 'start' && a.resource === 'r')!;
    expect(before(g, String(start.id))).toContain('n3:fence');
    // A resource that requires only quorum does not wait.
    const free = g.actions.find((a) => a.kind === 'start' && a.resource === 'free')!;
    expect(before(g, String(free.id))).not.toContain('n3:fence');
  });

  it('should make what starts after a resource wait for that resource\'s probes', () => {
    // a is believed running on n1 (a start pending there: its node just rejoined), so it has
    // no start of its own; b's start must still wait for a's probe.
    const doc = cluster('n1').group('g', ['a', 'b']).op('a', 'n1', { operation: 'start', status: 'pending', callId: -1 }).doc;
    const g = schedule(doc, { now: 0 });
    expect(ids(g, 'start')).toEqual(['b:start@n1']);
    expect(before(g, 'b:start@n1')).toContain('a:probe@n1');
  });

  it('should stop a resource only once what starts after it has been probed (chaos seed 75)', () => {
    // a runs on n1 and moves to n2; b's state is unknown: it may run on n1, and must stop first.
    const doc = cluster('n1', 'n2').group('g', ['a', 'b']).running('a', 'n1').location('g', 'n2', 100).doc;
    const g = schedule(doc, { now: 0 });
    expect(ids(g, 'stop')).toContain('a:stop@n1');
    expect(before(g, 'a:stop@n1')).toEqual(expect.arrayContaining(['b:probe@n1', 'b:probe@n2']));
  });
});
