import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import { Ledger, makeCtx, names } from './support.ts';

describe('ledger well-formedness', () => {
  it('should accept a ledger built in order', () => {
    const l = new Ledger().coordinator('n1', 1, ['n1', 'n2', 'n3']).start('n1', 'rsc1');
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should flag a result without its invocation, a double result and a mismatched one', () => {
    const l = new Ledger();
    l.add({ kind: 'op.completed', node: 'n1', instance: 'rsc1', op: 'stop', epoch: 1, callId: 'ghost', rc: 0, outcome: 'ok', active: false });
    const call = l.invoke('n1', 'rsc1', 'monitor', { probe: true });
    l.complete(call, 'ok', 7);
    l.complete(call, 'ok', 7);
    l.add({ kind: 'op.invoked', node: 'n2', instance: 'rsc2', op: 'monitor', epoch: 1, callId: 'x', probe: true });
    l.add({ kind: 'op.completed', node: 'n2', instance: 'rsc2', op: 'start', epoch: 1, callId: 'x', rc: 7, outcome: 'ok', active: false });
    const v = checkLedger(l.entries, makeCtx());
    expect(names(v)).toEqual(['ledger-malformed', 'ledger-malformed', 'ledger-malformed']);
    expect(v.map((x) => x.message).join('\n')).toMatch(/never invoked[\s\S]*completed twice[\s\S]*invoked as monitor of rsc2 on n2 but completed as start/);
  });

  it('should flag time going back and a reused seq, reading entries in seq order', () => {
    const l = new Ledger().at(100).healed().at(50).healed();
    expect(names(checkLedger(l.entries, makeCtx()))).toEqual(['ledger-malformed']);
    const dup = [...new Ledger().healed().healed().entries];
    dup[1] = { ...dup[1]!, seq: 1 };
    expect(names(checkLedger(dup, makeCtx()))).toEqual(['ledger-malformed']);
    const shuffled = new Ledger().coordinator('n1', 1, ['n1']).start('n1', 'rsc1').entries.reverse();
    expect(checkLedger(shuffled, makeCtx())).toEqual([]);
  });
});
