// Hand-picked corpus cases, with values checked against the XML by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCibWithWarnings, type CibReadResult } from '../../../src/config/cib/read.ts';
import { INFINITY, type ColocationConstraint, type OrderConstraint } from '../../../src/config/model.ts';

const DIR = '/work/shared/conformance/pacemaker-2.1.5/xml';
function read(name: string, nowSeconds?: number): CibReadResult {
  return readCibWithWarnings(readFileSync(`${DIR}/${name}.xml`, 'utf8'), `${name}.xml`, nowSeconds === undefined ? {} : { nowSeconds });
}

describe('CIB reader on corpus cases', () => {
  it('should read cluster options, typed and raw', () => {
    const { options } = read('value-source').doc.config;
    expect(options.fencingEnabled).toBe(true); // written as "1"
    expect(options.startFailureIsFatal).toBe(false);
    expect(options.noQuorumPolicy).toBe('stop');
    expect(options.other['batch-limit']).toBe('10');
    expect(options.other['cluster-name']).toBe('mycluster');
  });

  it('should read the generation, quorum and coordinator from the cib element', () => {
    const { doc } = read('simple4');
    expect(doc.config.generation).toEqual({ adminEpoch: 0, epoch: 1, updates: 1 });
    expect(doc.status.quorum).toBe(false);
    expect(read('value-source').doc.config.generation.epoch).toBe(96);
  });

  it("should read a group's children in order", () => {
    const [group] = read('group1').doc.config.resources;
    expect(group?.kind).toBe('group');
    if (group?.kind !== 'group') return;
    expect(group.id).toBe('rsc1');
    expect(group.children.map((c) => c.id)).toEqual(['child_rsc1', 'child_rsc2', 'child_rsc3']);
  });

  it('should expand a sequential order set into a chain and a colocation set into "each with the one before"', () => {
    const constraints = read('order-sets').doc.config.constraints;
    const orders = constraints.filter((c): c is OrderConstraint => c.kind === 'order').map((c) => [c.first, c.then]);
    expect(orders).toEqual([['world1', 'world2'], ['world2', 'world3'], ['world3', 'world4']]);
    const colocations = constraints.filter((c): c is ColocationConstraint => c.kind === 'colocation').map((c) => [c.resource, c.with, c.score]);
    expect(colocations).toEqual([['world2', 'world1', INFINITY], ['world3', 'world2', INFINITY], ['world4', 'world3', INFINITY]]);
  });

  it('should expand a tag into a non-sequential set (every member, no chain)', () => {
    const constraints = read('tags-coloc-order-1').doc.config.constraints;
    const coloc = constraints.filter((c): c is ColocationConstraint => c.kind === 'colocation').map((c) => `${c.resource}>${c.with}`);
    expect(coloc).toEqual(['rsc2>rsc1', 'rsc3>rsc1', 'rsc4>rsc1']);
    const orders = constraints.filter((c): c is OrderConstraint => c.kind === 'order').map((c) => `${c.first}>${c.then}`);
    expect(orders).toEqual(['rsc1>rsc2', 'rsc1>rsc3', 'rsc1>rsc4']);
  });

  it('should expand templates into primitives and template references in constraints', () => {
    const { config } = read('template-coloc-1').doc;
    const rsc2 = config.resources.find((r) => r.id === 'rsc2');
    expect(rsc2).toMatchObject({ kind: 'primitive', class: 'ocf', provider: 'pacemaker', type: 'Dummy' });
    const coloc = config.constraints.filter((c): c is ColocationConstraint => c.kind === 'colocation');
    expect(coloc.map((c) => c.resource)).toEqual(['rsc1', 'rsc2', 'rsc3']);
    expect(coloc.every((c) => c.with === 'rsc4' && c.withRole === 'Started')).toBe(true);
  });

  it('should read fail-counts from transient attributes, as typed fail-counts', () => {
    const { status } = read('simple4').doc;
    const node1 = status.nodes.find((n) => n.name === 'node1');
    expect(status.failCounts?.filter((f) => f.node === 'node1' && f.resource === 'rsc1').map((f) => f.count)).toEqual([1]);
    expect(node1?.attributes['fail-count-rsc1']).toBeUndefined();
    expect(node1?.online).toBe(true);
  });

  it('should mark a node that left the membership while expected up as unclean', () => {
    const nodes = read('rec-node-4').doc.status.nodes;
    expect(nodes.find((n) => n.name === 'node1')).toMatchObject({ online: false, unclean: true });
    expect(nodes.find((n) => n.name === 'node2')).toMatchObject({ online: true, unclean: false });
  });

  it('should mark a configured node without node_state unclean when fencing is on, offline when off', () => {
    expect(read('rec-node-12').doc.status.nodes.find((n) => n.name === 'c001n02')).toMatchObject({ online: false, unclean: true });
    expect(read('group8').doc.status.nodes.find((n) => n.name === 'node2')).toMatchObject({ online: false, unclean: false });
  });

  it("should read a migrate_to record's source and target", () => {
    const h = read('bug-5186-partial-migrate').doc.status.history.find((x) => x.resource === 'prmVM2' && x.node === 'bl460g1n7');
    const rec = h?.operations.find((o) => o.id === 'prmVM2_last_0');
    expect(rec).toMatchObject({ operation: 'migrate_to', migrateSource: 'bl460g1n7', migrateTarget: 'bl460g1n6', status: 'pending', rc: 193, callId: -1 });
  });

  it('should resolve nvpair id-refs (the referencing nvpair may rename the value)', () => {
    const rsc2 = read('nvpair-id-ref').doc.config.resources.find((r) => r.id === 'rsc2');
    expect(rsc2?.kind === 'primitive' && rsc2.params).toEqual({ fake: 'common-value', fake_fake: 'common-value' });
  });

  it('should resolve value-source=param and expand rsc-pattern per resource', () => {
    const locs = read('value-source').doc.config.constraints.filter((c) => c.kind === 'location');
    const rscN = locs.filter((c) => c.id.startsWith('location-rscN'));
    expect(rscN.map((c) => c.resource)).toEqual(['rsc1', 'rsc2']);
    const expr = rscN[1]?.rules?.[0]?.expressions[0];
    expect(expr).toMatchObject({ kind: 'attribute', attribute: 'fake', operation: 'gt', value: '400' });
  });

  it('should evaluate date rules on node attributes at the pinned time', () => {
    // date-1: router2's server_group is group2 until 2005-001, group3 after it.
    const before = read('date-1', Date.UTC(2004, 5, 1) / 1000).doc.config.nodes;
    const after = read('date-1', Date.UTC(2005, 0, 20) / 1000).doc.config.nodes;
    const groups = (nodes: typeof before) => nodes.map((n) => n.attributes.server_group);
    expect(groups(before)).not.toEqual(groups(after));
  });

  it('should fold rule-conditional rsc_defaults into the primitives they match', () => {
    const { config } = read('rsc-defaults').doc;
    const metaOf = (id: string) => config.resources.find((r) => r.id === id)?.meta;
    const dummies = config.resources.filter((r) => r.kind === 'primitive' && r.type === 'Dummy' && r.provider === 'pacemaker');
    expect(dummies.length).toBeGreaterThan(0);
    for (const d of dummies) expect(metaOf(d.id)?.['is-managed']).toBe('false');
    expect(config.resourceDefaults['is-managed']).toBeUndefined();
  });
});
