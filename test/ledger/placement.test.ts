import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import type { Constraint } from '../../src/config/model.ts';
import { INFINITY } from '../../src/config/model.ts';
import { Ledger, makeCtx, names, prim } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];
const ban = (resource: string, node: string): Constraint => ({ kind: 'location', id: `ban-${resource}-${node}`, resource, node, score: -INFINITY });

function run(): Ledger {
  return new Ledger().coordinator('n1', 1, ALL);
}

describe('placement: bans, standby, target-role, maintenance', () => {
  it('should flag a start on a banned node, through the group too, and accept other nodes', () => {
    const grouped = { resources: [{ kind: 'group' as const, id: 'g', meta: {}, children: [prim('a')] }], constraints: [ban('g', 'n2')] };
    const v = checkLedger(run().start('n2', 'a').entries, makeCtx(grouped));
    expect(names(v)).toEqual(['ban-violated']);
    expect(v[0]!.message).toMatch(/start of a on n2 .* ban-g-n2 bans it from n2/);
    expect(checkLedger(run().start('n1', 'a').entries, makeCtx(grouped))).toEqual([]);
  });

  it('should allow probes on a banned node', () => {
    const l = run().probe('n2', 'rsc1', 7);
    expect(checkLedger(l.entries, makeCtx({ constraints: [ban('rsc1', 'n2')] }))).toEqual([]);
  });

  it('should flag a start on a standby node', () => {
    expect(names(checkLedger(run().start('n3', 'rsc1').entries, makeCtx({ standby: ['n3'] })))).toEqual(['standby-violated']);
    expect(checkLedger(run().start('n1', 'rsc1').entries, makeCtx({ standby: ['n3'] }))).toEqual([]);
  });

  it('should flag a start of a resource that must stay stopped', () => {
    const doc = { resources: [prim('rsc1', { 'target-role': 'Stopped' })] };
    expect(names(checkLedger(run().start('n1', 'rsc1').entries, makeCtx(doc)))).toEqual(['target-role-violated']);
    expect(names(checkLedger(run().start('n1', 'rsc1').entries, makeCtx({ options: { stopAllResources: true } })))).toEqual(['target-role-violated']);
    expect(checkLedger(run().stop('n1', 'rsc1').entries, makeCtx(doc))).toEqual([]);
  });

  it('should flag anything but monitors on unmanaged resources and maintenance nodes', () => {
    const unmanaged = { resources: [prim('rsc1', { 'is-managed': 'false' })] };
    expect(names(checkLedger(run().stop('n1', 'rsc1').entries, makeCtx(unmanaged)))).toEqual(['maintenance-violated']);
    expect(checkLedger(run().probe('n1', 'rsc1', 0).op('n1', 'rsc1', 'monitor').entries, makeCtx(unmanaged))).toEqual([]);
    expect(names(checkLedger(run().stop('n2', 'rsc1').entries, makeCtx({ maintenance: ['n2'] })))).toEqual(['maintenance-violated']);
    expect(names(checkLedger(run().stop('n2', 'rsc1').entries, makeCtx({ options: { maintenanceMode: true } })))).toEqual(['maintenance-violated']);
  });

  it('should read the configuration as the one in force after the last acknowledged change', () => {
    const l = run().start('n2', 'rsc1').acked('n1', '0.2.0', 'd2').stop('n2', 'rsc1');
    expect(checkLedger(l.entries, makeCtx({ constraints: [ban('rsc1', 'n2')] }))).toEqual([]);
    l.start('n2', 'rsc1');
    expect(names(checkLedger(l.entries, makeCtx({ constraints: [ban('rsc1', 'n2')] })))).toEqual(['ban-violated']);
  });
});
