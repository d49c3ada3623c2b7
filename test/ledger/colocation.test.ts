import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import type { Constraint } from '../../src/config/model.ts';
import { INFINITY } from '../../src/config/model.ts';
import { Ledger, makeCtx, names, prim } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];
const coloc = (score: number): Constraint => ({ kind: 'colocation', id: 'web-with-db', resource: 'web', with: 'db', score });

/** A run without faults that places db and web, then idles past the quiet period (5000 ms). */
function settled(dbNode: string, webNode: string): Ledger {
  return new Ledger().coordinator('n1', 1, ALL).start(dbNode, 'db').start(webNode, 'web').wait(6000).ended();
}

describe('colocation (after settling)', () => {
  it('should flag a dependent settled away from its `with`', () => {
    const doc = { resources: [prim('db'), prim('web')], constraints: [coloc(INFINITY)] };
    const v = checkLedger(settled('n1', 'n2').entries, makeCtx(doc));
    expect(names(v)).toEqual(['colocation-violated']);
    expect(v[0]!.message).toMatch(/web runs on n2 without db/);
    expect(checkLedger(settled('n1', 'n1').entries, makeCtx(doc))).toEqual([]);
  });

  it('should flag both sides of an anti-colocation on one node', () => {
    const doc = { resources: [prim('db'), prim('web')], constraints: [coloc(-INFINITY)] };
    expect(names(checkLedger(settled('n1', 'n1').entries, makeCtx(doc)))).toEqual(['colocation-violated']);
    expect(checkLedger(settled('n1', 'n2').entries, makeCtx(doc))).toEqual([]);
  });

  it('should not judge a run that has not settled', () => {
    const doc = { resources: [prim('db'), prim('web')], constraints: [coloc(INFINITY)] };
    const l = new Ledger().coordinator('n1', 1, ALL).start('n1', 'db').start('n2', 'web');
    expect(checkLedger(l.entries, makeCtx(doc))).toEqual([]);
  });
});
