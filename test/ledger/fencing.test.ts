import { describe, expect, it } from 'vitest';
import { checkFencing } from '../../src/testing/ledger-checker/index.ts';
import { Ledger, makeCtx, names } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];

describe('fencing: no node fenced twice for one loss', () => {
  it('should flag a successor asking to fence a node that a completed fence already took down', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).fault('crash', ['n3']).fence('n3').down('n1', 1).coordinator('n2', 2, ['n1', 'n2']);
    l.add({ kind: 'fence.requested', target: 'n3', by: 'n2', epoch: 2, action: 'reboot' });
    const v = checkFencing(l.entries, makeCtx());
    expect(names(v)).toEqual(['fenced-twice']);
    expect(v[0]!.message).toMatch(/n2 \(epoch 2\) asked to fence n3 again: it was fenced at #\d+ and has not been back since/);
  });

  it('should accept a fence of a node that came back and was lost again, and a retry after a failed fence', () => {
    const back = new Ledger().coordinator('n1', 1, ALL).fault('crash', ['n3']).fence('n3').fault('restart', ['n3']).fault('crash', ['n3']).fence('n3');
    const retried = new Ledger().coordinator('n1', 1, ALL).fault('crash', ['n3']).fence('n3', false).fence('n3');
    for (const l of [back, retried]) expect(checkFencing(l.entries, makeCtx())).toEqual([]);
  });

  it('should count a node that writes an entry as back', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).fence('n3').coordinator('n3', 2, ALL).down('n3', 2).fence('n3');
    expect(checkFencing(l.entries, makeCtx())).toEqual([]);
  });
});
