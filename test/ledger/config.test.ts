import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import { compareGenerationText } from '../../src/testing/ledger-checker/config.ts';
import { Ledger, makeCtx, names } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];

/** A partition that heals, then `hold` runs after the quiet period (5000 ms). */
function healedRun(hold: (l: Ledger) => void, quietMs = 6000): Ledger {
  const l = new Ledger().coordinator('n1', 1, ALL).acked('n1', '0.2.0', 'd2').fault('partition', ['n3']).fault('heal').healed().wait(quietMs);
  hold(l);
  return l.ended();
}

describe('config', () => {
  it('should compare generations number by number', () => {
    expect(compareGenerationText('0.10.0', '0.9.5')).toBe(1);
    expect(compareGenerationText('1.0.0', '0.99.99')).toBe(1);
    expect(compareGenerationText('0.2.0', '0.2.0')).toBe(0);
  });

  it('should flag one generation naming two configs', () => {
    const l = new Ledger().held('n1', '0.1.0', 'aaa').held('n2', '0.1.0', 'bbb').held('n3', '0.1.0', 'bbb');
    const v = checkLedger(l.entries, makeCtx());
    expect(names(v)).toEqual(['config-diverged']);
    expect(v[0]!.message).toMatch(/generation 0.1.0 names two configs/);
  });

  it('should flag an acknowledged change missing after healing', () => {
    const l = healedRun((r) => { r.held('n1', '0.2.0', 'd2').held('n2', '0.2.0', 'd2').held('n3', '0.1.0', 'd1'); });
    const v = checkLedger(l.entries, makeCtx({ resources: [] }));
    expect(names(v).sort()).toEqual(['config-lost', 'config-unequal']);
    expect(v.find((x) => x.invariant === 'config-lost')!.message).toMatch(/n3 holds config generation 0.1.0 .* older than generation 0.2.0/);
  });

  it('should flag nodes that end with different configs after healing', () => {
    const l = healedRun((r) => { r.held('n1', '0.3.0', 'd3').held('n2', '0.2.0', 'd2').held('n3', '0.2.0', 'd2'); });
    expect(names(checkLedger(l.entries, makeCtx({ resources: [] })))).toEqual(['config-unequal']);
  });

  it('should accept every node holding the acknowledged config', () => {
    const l = healedRun((r) => { r.held('n1', '0.2.0', 'd2').held('n2', '0.2.0', 'd2').held('n3', '0.2.0', 'd2'); });
    expect(checkLedger(l.entries, makeCtx({ resources: [] }))).toEqual([]);
  });

  it('should say nothing about convergence before the quiet period ends', () => {
    const l = healedRun((r) => { r.held('n1', '0.3.0', 'd3').held('n3', '0.1.0', 'd1'); }, 100);
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });
});
