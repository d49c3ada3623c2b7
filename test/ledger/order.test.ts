import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import type { Constraint, Resource } from '../../src/config/model.ts';
import { Ledger, makeCtx, names, prim } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];
const group: Resource = { kind: 'group', id: 'g', meta: {}, children: [prim('a'), prim('b')] };
const order = (first: string, then: string, symmetrical = true): Constraint =>
  ({ kind: 'order', id: `o-${first}-${then}`, first, then, firstAction: 'start', thenAction: 'start', orderKind: 'Mandatory', symmetrical });

function run(): Ledger {
  return new Ledger().coordinator('n1', 1, ALL);
}

describe('order', () => {
  it('should start group members in order on one node and stop them in reverse', () => {
    const doc = { resources: [group] };
    expect(checkLedger(run().start('n1', 'a').start('n1', 'b').stop('n1', 'b').stop('n1', 'a').entries, makeCtx(doc))).toEqual([]);
    const early = checkLedger(run().start('n1', 'b').entries, makeCtx(doc));
    expect(names(early)).toEqual(['order-violated']);
    expect(early[0]!.message).toMatch(/b started on n1 .* before a \(before it in group g\)/);
    expect(names(checkLedger(run().start('n1', 'a').start('n2', 'b').entries, makeCtx(doc)))).toEqual(['order-violated']);
    expect(names(checkLedger(run().start('n1', 'a').start('n1', 'b').stop('n1', 'a').entries, makeCtx(doc)))).toEqual(['order-violated']);
  });

  it('should let a member start after its predecessor\'s start even if a monitor then failed, but not once it was found stopped (chaos seed 261)', () => {
    const doc = { resources: [group] };
    const failed = run().start('n1', 'a').op('n1', 'a', 'monitor', 'failed', 1).start('n1', 'b');
    expect(checkLedger(failed.entries, makeCtx(doc)).filter((v) => v.invariant === 'order-violated')).toEqual([]);
    const gone = run().start('n1', 'a').op('n1', 'a', 'monitor', 'ok', 7).start('n1', 'b');
    expect(names(checkLedger(gone.entries, makeCtx(doc)))).toEqual(['order-violated']);
    const failedStart = run().start('n1', 'a', 'failed').start('n1', 'b');
    expect(names(checkLedger(failedStart.entries, makeCtx(doc)))).toContain('order-violated');
  });

  it('should start `then` only while `first` is started, and stop `first` only after `then`', () => {
    const doc = { resources: [prim('db'), prim('web')], constraints: [order('db', 'web')] };
    expect(checkLedger(run().start('n1', 'db').start('n2', 'web').stop('n2', 'web').stop('n1', 'db').entries, makeCtx(doc))).toEqual([]);
    expect(names(checkLedger(run().start('n2', 'web').entries, makeCtx(doc)))).toEqual(['order-violated']);
    const v = checkLedger(run().start('n1', 'db').start('n2', 'web').stop('n1', 'db').entries, makeCtx(doc));
    expect(names(v)).toEqual(['order-violated']);
    expect(v[0]!.message).toMatch(/db stopped on n1 .* web is still started on n2 \(order o-db-web/);
    const asymmetric = { ...doc, constraints: [order('db', 'web', false)] };
    expect(checkLedger(run().start('n1', 'db').start('n2', 'web').stop('n1', 'db').entries, makeCtx(asymmetric))).toEqual([]);
  });

  it('should read a group as `first` by its last member', () => {
    const doc = { resources: [group, prim('web')], constraints: [order('g', 'web')] };
    expect(names(checkLedger(run().start('n1', 'a').start('n2', 'web').entries, makeCtx(doc)))).toEqual(['order-violated']);
    expect(checkLedger(run().start('n1', 'a').start('n1', 'b').start('n2', 'web').entries, makeCtx(doc))).toEqual([]);
  });

  it('should let a migrating `first` stop at its source while `then` runs on', () => {
    const doc = { resources: [prim('db', { 'allow-migrate': 'true' }), prim('web')], constraints: [order('db', 'web')] };
    const l = run().start('n1', 'db').start('n1', 'web').op('n1', 'db', 'migrate_to').op('n2', 'db', 'migrate_from').stop('n1', 'db');
    expect(checkLedger(l.entries, makeCtx(doc))).toEqual([]);
  });

  it('should need an interleaved clone `first` on the same node', () => {
    const clone = (id: string, child: string): Resource => ({ kind: 'clone', id, meta: { interleave: 'true' }, child: prim(child) });
    const doc = { resources: [clone('c1', 'p'), clone('c2', 'q')], constraints: [order('c1', 'c2')] };
    expect(checkLedger(run().start('n1', 'p').start('n1', 'q').start('n2', 'p').start('n2', 'q').entries, makeCtx(doc))).toEqual([]);
    expect(names(checkLedger(run().start('n1', 'p').start('n2', 'q').entries, makeCtx(doc)))).toEqual(['order-violated']);
  });
});
