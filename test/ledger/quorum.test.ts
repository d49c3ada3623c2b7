import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import { Ledger, makeCtx, names } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];
const SPLIT = { sides: [['n1'], ['n2', 'n3']] };

/** rsc1 runs on n1, then n1 is cut off alone (bound: 1000 ms). */
function minority(): Ledger {
  return new Ledger().coordinator('n2', 1, ALL).start('n1', 'rsc1').fault('partition', undefined, SPLIT);
}

describe('quorum', () => {
  it('should flag a partition that keeps running a resource past its bound', () => {
    const l = minority().wait(2000).ended();
    const v = checkLedger(l.entries, makeCtx());
    expect(names(v)).toEqual(['quorum-stop-late']);
    expect(v[0]!.message).toMatch(/n1's partition lost quorum .* rsc1 may still be active/);
  });

  it('should accept a stop within the bound, and a stop that failed', () => {
    const l = minority().wait(500).stop('n1', 'rsc1').wait(2000).ended();
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
    const failed = minority().wait(500).stop('n1', 'rsc1', 'failed').wait(2000).ended();
    expect(checkLedger(failed.entries, makeCtx())).toEqual([]);
  });

  it('should give the partition until its bound: a run that ends before it says nothing', () => {
    const l = minority().wait(500).ended();
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should cancel the deadline when quorum comes back in time', () => {
    const l = minority().wait(500).fault('heal').wait(2000).ended();
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should accept fencing of the minority node as its stop', () => {
    const l = minority().wait(500).fence('n1').start('n2', 'rsc1').wait(2000).ended();
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should flag a start in a partition that has lacked quorum longer than the bound', () => {
    const l = new Ledger().coordinator('n2', 1, ALL).fault('partition', undefined, SPLIT).wait(1500).start('n1', 'rsc1');
    const v = checkLedger(l.entries, makeCtx());
    expect(names(v)).toEqual(['start-without-quorum']);
    expect(v[0]!.message).toMatch(/start of rsc1 on n1 \(epoch 1\).*\{n1\} has lacked quorum/);
  });

  it('should not flag a start within the bound (nodes learn of the loss late)', () => {
    const l = new Ledger().coordinator('n2', 1, ALL).fault('partition', undefined, SPLIT).wait(200).start('n1', 'rsc1').wait(100).stop('n1', 'rsc1');
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should follow no-quorum-policy: ignore checks nothing, freeze only starts', () => {
    const late = minority().wait(2000).start('n1', 'rsc2').ended();
    expect(checkLedger(late.entries, makeCtx({}, {}))).toHaveLength(2);
    expect(checkLedger(late.entries, makeCtx({ options: { noQuorumPolicy: 'ignore' } }))).toEqual([]);
    expect(names(checkLedger(late.entries, makeCtx({ options: { noQuorumPolicy: 'freeze' } })))).toEqual(['start-without-quorum']);
  });

  it('should count crashed nodes out of quorum', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).start('n1', 'rsc1').fault('crash', ['n2', 'n3']).wait(2000).ended();
    expect(names(checkLedger(l.entries, makeCtx()))).toEqual(['quorum-stop-late']);
  });

  it('should let a lone node of two keep quorum in two-node mode', () => {
    const l = new Ledger().coordinator('n1', 1, ['n1', 'n2']).start('n1', 'rsc1').fault('partition', ['n1']).wait(2000).start('n1', 'rsc2').ended();
    expect(names(checkLedger(l.entries, makeCtx({ nodes: 2 })))).toEqual(['quorum-stop-late', 'start-without-quorum']);
    expect(checkLedger(l.entries, makeCtx({ nodes: 2 }, { twoNode: true }))).toEqual([]);
  });
});
