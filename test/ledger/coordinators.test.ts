import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import { Ledger, makeCtx, names } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];

describe('coordinators and epochs', () => {
  it('should flag a second coordinator in the same partition', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).coordinator('n2', 2, ALL);
    const v = checkLedger(l.entries, makeCtx());
    expect(names(v)).toEqual(['two-coordinators']);
    expect(v[0]!.message).toMatch(/n2 became coordinator of epoch 2 while n1 \(epoch 1/);
  });

  it('should accept a new coordinator once the old one stepped down, crashed, or is on the other side', () => {
    const down = new Ledger().coordinator('n1', 1, ALL).down('n1', 1).coordinator('n2', 2, ALL);
    const crashed = new Ledger().coordinator('n1', 1, ALL).fault('crash', ['n1']).coordinator('n2', 2, ['n2', 'n3']);
    const split = new Ledger().coordinator('n1', 1, ALL).fault('partition', ['n1']).coordinator('n2', 2, ['n2', 'n3']);
    for (const l of [down, crashed, split]) expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should flag an epoch held by two nodes', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).down('n1', 1).coordinator('n2', 1, ALL);
    expect(names(checkLedger(l.entries, makeCtx()))).toEqual(['epoch-reused']);
  });

  it('should flag an epoch that goes back, except across the two sides of a two-node cluster', () => {
    const l = new Ledger().coordinator('n1', 5, ALL).down('n1', 5).coordinator('n2', 3, ALL);
    expect(names(checkLedger(l.entries, makeCtx()))).toEqual(['epoch-regressed']);
    const two = new Ledger().coordinator('n1', 5, ['n1']).fault('partition', ['n1']).coordinator('n2', 4, ['n2']);
    expect(checkLedger(two.entries, makeCtx({ nodes: 2 }, { twoNode: true }))).toEqual([]);
    const own = new Ledger().coordinator('n1', 5, ['n1']).down('n1', 5).coordinator('n1', 4, ['n1']);
    expect(names(checkLedger(own.entries, makeCtx({ nodes: 2 }, { twoNode: true })))).toEqual(['epoch-regressed']);
  });

  it('should accept a crashed coordinator replaced on its node in the same epoch, but not a second one while it is up', () => {
    const replaced = new Ledger().coordinator('n1', 4, ALL).down('n1', 4).coordinator('n1', 4, ALL);
    expect(checkLedger(replaced.entries, makeCtx())).toEqual([]);
    const twice = new Ledger().coordinator('n1', 4, ALL).coordinator('n1', 4, ALL);
    expect(names(checkLedger(twice.entries, makeCtx()))).toEqual(['epoch-regressed']);
  });

  it('should flag an operation of an older epoch once the node has shown it knows a newer one', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).down('n1', 1).coordinator('n2', 2, ALL);
    l.add({ kind: 'command.refused', node: 'n3', from: 'n1', epoch: 1, currentEpoch: 2 });
    l.op('n3', 'rsc2', 'monitor', 'ok', 7, { probe: true, epoch: 1 });
    const v = checkLedger(l.entries, makeCtx());
    expect(names(v)).toEqual(['stale-epoch-accepted']);
    expect(v[0]!.message).toMatch(/n3 ran monitor of rsc2 for epoch 1 after it knew epoch 2/);
  });

  it('should flag an older epoch on the same instance, and accept epochs that grow', () => {
    const bad = new Ledger().coordinator('n1', 1, ALL).down('n1', 1).coordinator('n2', 2, ALL);
    bad.op('n3', 'rsc1', 'monitor', 'ok', 7, { probe: true, epoch: 2 }).op('n3', 'rsc1', 'start', 'ok', 0, { epoch: 1 });
    expect(names(checkLedger(bad.entries, makeCtx()))).toEqual(['stale-epoch-accepted']);
    const good = new Ledger().coordinator('n1', 1, ALL).start('n3', 'rsc1').down('n1', 1).coordinator('n2', 2, ALL).stop('n3', 'rsc1');
    expect(checkLedger(good.entries, makeCtx())).toEqual([]);
  });

  it('should flag a refusal of a command that was not older', () => {
    const l = new Ledger().coordinator('n1', 3, ALL);
    l.add({ kind: 'command.refused', node: 'n2', from: 'n1', epoch: 3, currentEpoch: 3 });
    expect(names(checkLedger(l.entries, makeCtx()))).toEqual(['refused-current-epoch']);
    const ok = new Ledger().coordinator('n1', 3, ALL);
    ok.add({ kind: 'command.refused', node: 'n2', from: 'n1', epoch: 2, currentEpoch: 3 });
    expect(checkLedger(ok.entries, makeCtx())).toEqual([]);
  });

  it('should not count a paused coordinator as present', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).fault('pause', ['n1']).coordinator('n2', 2, ['n2', 'n3']);
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });
});
