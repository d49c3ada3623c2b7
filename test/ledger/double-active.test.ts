import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import { Ledger, makeCtx, names, prim } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];

/** The coordinator is n3, so n1 and n2 can be lost without taking it along. */
function cluster(): Ledger {
  return new Ledger().coordinator('n3', 1, ALL);
}

describe('double-active and recovery-before-fence', () => {
  it('should flag a start elsewhere while the first node still runs it', () => {
    const l = cluster().start('n1', 'rsc1');
    const at = l.invoke('n2', 'rsc1', 'start');
    const v = checkLedger(l.entries, makeCtx());
    expect(names(v)).toEqual(['double-active']);
    expect(v[0]!.atSeq).toBe(l.entries.find((e) => e.kind === 'op.invoked' && e.callId === at)!.seq);
    expect(v[0]!.message).toMatch(/rsc1 started on n2 \(epoch 1\).*n1 may still run it/);
  });

  it('should accept a move: stop succeeded, then start elsewhere', () => {
    const l = cluster().start('n1', 'rsc1').stop('n1', 'rsc1').start('n2', 'rsc1');
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should flag a start elsewhere after a failed stop, and accept it once the node is fenced', () => {
    const bad = cluster().start('n1', 'rsc1').stop('n1', 'rsc1', 'failed').start('n2', 'rsc1');
    expect(names(checkLedger(bad.entries, makeCtx()))).toEqual(['double-active']);
    const good = cluster().start('n1', 'rsc1').stop('n1', 'rsc1', 'timeout').fence('n1').start('n2', 'rsc1');
    expect(checkLedger(good.entries, makeCtx())).toEqual([]);
  });

  it('should treat a failed start as possibly active', () => {
    const l = cluster().start('n1', 'rsc1', 'failed').start('n2', 'rsc1');
    expect(names(checkLedger(l.entries, makeCtx()))).toEqual(['double-active']);
  });

  it('should accept a probe reporting not running as proof, after a failed stop', () => {
    const l = cluster().start('n1', 'rsc1').stop('n1', 'rsc1', 'failed').probe('n1', 'rsc1', 7).start('n2', 'rsc1');
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should flag recovery of a crashed node\'s resource before fencing, and accept it after', () => {
    const bad = cluster().start('n1', 'rsc1').fault('crash', ['n1']).start('n2', 'rsc1');
    const v = checkLedger(bad.entries, makeCtx());
    expect(names(v)).toEqual(['recovery-before-fence']);
    expect(v[0]!.message).toMatch(/requires fencing/);
    const good = cluster().start('n1', 'rsc1').fault('crash', ['n1']).fence('n1').start('n2', 'rsc1');
    expect(checkLedger(good.entries, makeCtx())).toEqual([]);
  });

  it('should accept a manual confirmation as fencing', () => {
    const l = cluster().start('n1', 'rsc1').fault('crash', ['n1']).fence('n1', true, true).start('n2', 'rsc1');
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should not count a failed fencing', () => {
    const l = cluster().start('n1', 'rsc1').fault('crash', ['n1']).fence('n1', false).start('n2', 'rsc1');
    expect(names(checkLedger(l.entries, makeCtx()))).toEqual(['recovery-before-fence']);
  });

  it('should accept recovery after the crashed node came back and its probe found nothing', () => {
    const l = cluster().start('n1', 'rsc1').fault('crash', ['n1']).fault('restart', ['n1']).probe('n1', 'rsc1', 7).start('n2', 'rsc1');
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should flag recovery across a partition without fencing', () => {
    const l = cluster().start('n1', 'rsc1').fault('partition', undefined, { sides: [['n1'], ['n2', 'n3']] }).start('n2', 'rsc1');
    expect(names(checkLedger(l.entries, makeCtx()))).toEqual(['recovery-before-fence']);
  });

  it('should judge "lost" from the ordering coordinator: it never takes itself for lost', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).start('n1', 'rsc1').fault('partition', ['n1']).fault('heal').start('n2', 'rsc1');
    expect(names(checkLedger(l.entries, makeCtx()))).toEqual(['double-active']);
    const other = new Ledger().coordinator('n3', 1, ALL).start('n1', 'rsc1').fault('partition', ['n1']).fault('heal').start('n2', 'rsc1');
    expect(names(checkLedger(other.entries, makeCtx()))).toEqual(['recovery-before-fence']);
  });

  it('should let a fence device (requires quorum) and any resource without fencing move off a lost node', () => {
    const doc = { resources: [prim('fence1', {}, 'stonith')] };
    const l = cluster().start('n1', 'fence1').fault('crash', ['n1']).start('n2', 'fence1');
    expect(checkLedger(l.entries, makeCtx(doc))).toEqual([]);
    const noFencing = cluster().start('n1', 'rsc1').fault('crash', ['n1']).start('n2', 'rsc1');
    expect(checkLedger(noFencing.entries, makeCtx({ options: { fencingEnabled: false } }))).toEqual([]);
    const notLost = cluster().start('n1', 'fence1').start('n2', 'fence1');
    expect(names(checkLedger(notLost.entries, makeCtx(doc)))).toEqual(['double-active']);
  });

  it('should allow the overlap of a live migration, only with its target', () => {
    const good = cluster().start('n1', 'rsc1').op('n1', 'rsc1', 'migrate_to').op('n2', 'rsc1', 'migrate_from').stop('n1', 'rsc1');
    expect(checkLedger(good.entries, makeCtx())).toEqual([]);
    const bad = cluster().start('n1', 'rsc1').op('n1', 'rsc1', 'migrate_to').op('n2', 'rsc1', 'migrate_from').start('n3', 'rsc1');
    expect(names(checkLedger(bad.entries, makeCtx()))).toEqual(['double-active', 'double-active']);
  });

  it('should ignore a late result of an operation on a node fenced since', () => {
    const l = cluster();
    const call = l.invoke('n1', 'rsc1', 'start');
    l.fault('crash', ['n1']).fence('n1');
    l.complete(call, 'ok');
    l.start('n2', 'rsc1');
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should let an anonymous clone run on every node up to clone-max', () => {
    const clone = (max: string) => ({ resources: [{ kind: 'clone' as const, id: 'ping-clone', meta: { 'clone-max': max }, child: prim('ping') }] });
    const three = cluster().start('n1', 'ping').start('n2', 'ping').start('n3', 'ping');
    expect(checkLedger(three.entries, makeCtx(clone('3')))).toEqual([]);
    const v = checkLedger(three.entries, makeCtx(clone('2')));
    expect(names(v)).toEqual(['clone-max-exceeded']);
    expect(v[0]!.message).toMatch(/clone ping-clone: ping started on n3.*clone-max 2/);
    const lost = cluster().start('n1', 'ping').start('n2', 'ping').fault('crash', ['n1']).start('n3', 'ping');
    expect(names(checkLedger(lost.entries, makeCtx(clone('2'))))).toEqual(['recovery-before-fence']);
  });

  it('should read a numbered anonymous clone id as the child', () => {
    const doc = { resources: [{ kind: 'clone' as const, id: 'c', meta: { 'clone-max': '1' }, child: prim('ping') }] };
    const l = cluster().start('n1', 'ping:0').start('n2', 'ping');
    expect(names(checkLedger(l.entries, makeCtx(doc)))).toEqual(['clone-max-exceeded']);
  });

  it('should check a globally-unique clone instance like a primitive', () => {
    const doc = { resources: [{ kind: 'clone' as const, id: 'c', meta: { 'globally-unique': 'true' }, child: prim('ip') }] };
    const good = cluster().start('n1', 'ip:0').start('n2', 'ip:1');
    expect(checkLedger(good.entries, makeCtx(doc))).toEqual([]);
    const bad = cluster().start('n1', 'ip:0').start('n2', 'ip:0');
    expect(names(checkLedger(bad.entries, makeCtx(doc)))).toEqual(['double-active']);
  });

  it('should take message loss and a pause as cuts, for resources that do not require fencing', () => {
    const doc = { resources: [prim('fence1', {}, 'stonith')] };
    const lossy = cluster().start('n1', 'fence1').fault('loss', ['n1']).start('n2', 'fence1');
    expect(checkLedger(lossy.entries, makeCtx(doc))).toEqual([]);
    const paused = cluster().start('n1', 'rsc1').fault('pause', ['n1']).fault('resume', ['n1']).start('n2', 'rsc1');
    expect(names(checkLedger(paused.entries, makeCtx()))).toEqual(['recovery-before-fence']);
  });

  it('should take a bridge or a one-way cut between the holder and the coordinator as a cut (chaos seeds 114, 124)', () => {
    const doc = { resources: [prim('fence1', {}, 'stonith')] };
    for (const kind of ['bridge', 'one-way']) {
      const cut = cluster().start('n1', 'fence1').fault(kind, ['n1', 'n3']).start('n2', 'fence1');
      expect(checkLedger(cut.entries, makeCtx(doc)), kind).toEqual([]);
      const requiresFencing = cluster().start('n1', 'rsc1').fault(kind, ['n3', 'n1']).start('n2', 'rsc1');
      expect(names(checkLedger(requiresFencing.entries, makeCtx())), kind).toEqual(['recovery-before-fence']);
    }
    // A cut between two other nodes says nothing about n1.
    const elsewhere = cluster().start('n1', 'fence1').fault('bridge', ['n1', 'n2']).fault('heal').start('n2', 'fence1');
    expect(names(checkLedger(elsewhere.entries, makeCtx(doc)))).toEqual(['double-active']);
  });

  it('should take a power-off seen by the harness as the end of everything on that node, fence record or not', () => {
    const l = cluster().start('n1', 'rsc1').fault('power-off', ['n1']).start('n2', 'rsc1');
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
    const crash = cluster().start('n1', 'rsc1').fault('crash', ['n1']).start('n2', 'rsc1');
    expect(names(checkLedger(crash.entries, makeCtx()))).toEqual(['recovery-before-fence']);
  });
});
