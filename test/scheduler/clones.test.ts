// Clone expansion and history matching, unit by unit.
import { describe, expect, it } from 'vitest';
import type { Clone, ClusterDocument, Primitive } from '../../src/config/model.ts';
import { indexResources } from '../../src/scheduler/resources.ts';
import { baseId, cloneOf } from '../../src/scheduler/clones.ts';
import { matchCloneHistory } from '../../src/scheduler/clone-history.ts';
import { cluster } from '../scenarios/builder.ts';

const prim = (id: string): Primitive => ({ kind: 'primitive', id, class: 'ocf', provider: 'heartbeat', type: 'Dummy', params: {}, meta: {}, operations: [] });

function docWith(clone: Clone, nodes = ['n1', 'n2', 'n3']): ClusterDocument {
  const b = cluster(...nodes);
  b.doc.config.resources.push(clone);
  return b.doc;
}

describe('clone expansion', () => {
  it('makes one instance per node by default, sticky with stickiness 1', () => {
    const index = indexResources(docWith({ kind: 'clone', id: 'c', meta: {}, child: prim('d') }).config);
    expect(index.clones.get('c')!.instances).toEqual(['d:0', 'd:1', 'd:2']);
    expect(index.primitives.get('d:1')!.meta.stickiness).toBe(1);
    expect(index.primitives.get('d:1')!.clone).toBe('c');
    expect(cloneOf(index, 'd:2')!.id).toBe('c');
  });
  it('reads clone-max, clone-node-max, interleave and globally-unique', () => {
    const meta = { 'clone-max': '2', 'clone-node-max': '3', interleave: 'true', 'globally-unique': 'true', 'resource-stickiness': '0' };
    const c = indexResources(docWith({ kind: 'clone', id: 'c', meta, child: prim('d') }).config).clones.get('c')!;
    expect([c.max, c.nodeMax, c.interleave, c.unique]).toEqual([2, 3, true, true]);
  });
  it('expands a cloned group into instance groups with suffixed members', () => {
    const child = { kind: 'group' as const, id: 'g', meta: {}, children: [prim('a'), prim('b')] };
    const index = indexResources(docWith({ kind: 'clone', id: 'c', meta: { 'clone-max': '2' }, child }).config);
    expect(index.groups.get('g:1')!.members).toEqual(['a:1', 'b:1']);
    expect(index.primitives.get('b:0')!.group).toBe('g:0');
  });
  it('expands promotable clones but lists them for the runtime, which cannot run roles yet', () => {
    const index = indexResources(docWith({ kind: 'clone', id: 'm', meta: { promotable: 'true', 'clone-max': '2', 'master-max': '2' }, child: prim('p') }).config);
    expect(index.unsupported).toEqual(['m']);
    expect([...index.primitives.keys()]).toEqual(['p:0', 'p:1']);
    const c = index.clones.get('m')!;
    expect([c.promotable, c.promotedMax, c.promotedNodeMax]).toEqual([true, 2, 1]);
  });
  it('strips instance suffixes', () => {
    expect([baseId('rsc:12'), baseId('rsc'), baseId('a:b')]).toEqual(['rsc', 'rsc', 'a:b']);
  });
});

describe('anonymous clone history matching', () => {
  it('gives each active node its own instance, in status order', () => {
    const b = cluster('n1', 'n2', 'n3');
    b.doc.config.resources.push({ kind: 'clone', id: 'c', meta: {}, child: prim('d') });
    b.running('d:2', 'n2').running('d:2', 'n3').probedStopped('d', 'n1');
    const index = indexResources(b.doc.config);
    const names = matchCloneHistory(b.doc, index, 0).map((h) => `${h.resource}@${h.node}`);
    expect(names).toEqual(['d:0@n2', 'd:1@n3', 'd:2@n1']);
  });
  it('turns histories past clone-max into orphan instances', () => {
    const b = cluster('n1', 'n2');
    b.doc.config.resources.push({ kind: 'clone', id: 'c', meta: { 'clone-max': '1' }, child: prim('d') });
    b.running('d', 'n1').running('d', 'n2');
    const names = matchCloneHistory(b.doc, indexResources(b.doc.config), 0).map((h) => h.resource);
    expect(names).toEqual(['d:0', 'd:1']);
  });
  it('keeps the active one of two histories that land on one instance on one node', () => {
    const b = cluster('n1');
    b.doc.config.resources.push({ kind: 'clone', id: 'c', meta: {}, child: prim('d') });
    b.probedStopped('d:0', 'n1').running('d:1', 'n1');
    const out = matchCloneHistory(b.doc, indexResources(b.doc.config), 0);
    expect(out.map((h) => `${h.resource}@${h.node}`)).toEqual(['d:0@n1']);
    expect(out[0]!.operations.map((o) => o.operation)).toEqual(['start']);
  });
  it('makes a second active history of one member on one node an orphan', () => {
    const b = cluster('n1', 'n2');
    b.doc.config.resources.push({ kind: 'clone', id: 'c', meta: {}, child: prim('d') });
    b.running('d:0', 'n1').running('d:1', 'n1');
    const names = matchCloneHistory(b.doc, indexResources(b.doc.config), 0).map((h) => `${h.resource}@${h.node}`);
    expect(names).toEqual(['d:0@n1', 'd:2@n1']);
  });
  it('keeps globally-unique histories as recorded', () => {
    const b = cluster('n1');
    b.doc.config.resources.push({ kind: 'clone', id: 'c', meta: { 'globally-unique': 'true' }, child: prim('u') });
    b.running('u:0', 'n1');
    expect(matchCloneHistory(b.doc, indexResources(b.doc.config), 0).map((h) => h.resource)).toEqual(['u:0']);
  });
});
