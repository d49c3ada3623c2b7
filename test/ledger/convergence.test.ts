import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import type { Resource } from '../../src/config/model.ts';
import { Ledger, makeCtx, names, prim } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];

/** n3 crashes and is fenced, rsc1 recovers on n2, the harness heals and waits past the quiet period. */
function healed(after: (l: Ledger) => void = () => undefined): Ledger {
  const l = new Ledger().coordinator('n1', 1, ALL).start('n3', 'rsc1').fault('crash', ['n3']).fence('n3').start('n2', 'rsc1');
  l.fault('restart', ['n3']).probe('n3', 'rsc1', 7).healed().wait(6000);
  after(l);
  return l.ended();
}

describe('convergence', () => {
  it('should accept a cluster that settled: one coordinator for every node, everything running, quiet', () => {
    expect(checkLedger(healed((l) => l.op('n2', 'rsc1', 'monitor')).entries, makeCtx())).toEqual([]);
  });

  it('should flag transitions after the quiet period', () => {
    const v = checkLedger(healed((l) => l.stop('n2', 'rsc1').start('n1', 'rsc1')).entries, makeCtx());
    expect(names(v)).toEqual(['flapping']);
    expect(v[0]!.message).toMatch(/rsc1: 2 transition\(s\) after the quiet period/);
  });

  it('should flag a resource that can run but is not running', () => {
    const l = healed((r) => r.stop('n2', 'rsc1').wait(0));
    const stoppedEarly = new Ledger().coordinator('n1', 1, ALL).start('n1', 'rsc1').stop('n1', 'rsc1').healed().wait(6000).ended();
    const v = checkLedger(stoppedEarly.entries, makeCtx());
    expect(names(v)).toEqual(['not-running']);
    expect(v[0]!.message).toMatch(/rsc1 runs on 0 node\(s\), though it can run on n1, n2, n3/);
    expect(names(checkLedger(l.entries, makeCtx()))).toEqual(['flapping', 'not-running']);
  });

  it('should not expect what cannot run: stopped by role, failed everywhere, or broken by the harness', () => {
    const idle = new Ledger().coordinator('n1', 1, ALL).healed().wait(6000).ended();
    expect(checkLedger(idle.entries, makeCtx({ resources: [prim('rsc1', { 'target-role': 'Stopped' })] }))).toEqual([]);
    const failing = new Ledger().coordinator('n1', 1, ALL);
    for (const n of ALL) failing.start(n, 'rsc1', 'failed').stop(n, 'rsc1');
    failing.healed().wait(6000).ended();
    expect(checkLedger(failing.entries, makeCtx())).toEqual([]);
    const broken = new Ledger().coordinator('n1', 1, ALL).fault('agent-fail', undefined, { resource: 'rsc1' }).healed().wait(6000).ended();
    expect(checkLedger(broken.entries, makeCtx())).toEqual([]);
  });

  it('should expect a clone on min(clone-max, nodes where it can run)', () => {
    const clone: Resource = { kind: 'clone', id: 'c', meta: {}, child: prim('ping') };
    const some = new Ledger().coordinator('n1', 1, ALL).start('n1', 'ping').start('n2', 'ping').healed().wait(6000).ended();
    const v = checkLedger(some.entries, makeCtx({ resources: [clone] }));
    expect(names(v)).toEqual(['not-running']);
    expect(v[0]!.message).toMatch(/clone c \(ping\) runs on 2 node\(s\).*expected 3/);
    expect(checkLedger(some.entries, makeCtx({ resources: [clone], standby: ['n3'] }))).toEqual([]);
  });

  it('should flag no coordinator, two coordinators, and a coordinator missing a node', () => {
    const none = new Ledger().coordinator('n1', 1, ALL).start('n1', 'rsc1').down('n1', 1).healed().wait(6000).ended();
    expect(names(checkLedger(none.entries, makeCtx()))).toEqual(['not-one-partition']);
    const two = new Ledger().coordinator('n1', 1, ALL).fault('partition', ['n1']).coordinator('n2', 2, ['n2', 'n3']).start('n2', 'rsc1').fault('heal').healed().wait(6000).ended();
    expect(names(checkLedger(two.entries, makeCtx()))).toEqual(['not-one-partition']);
    const partial = new Ledger().coordinator('n1', 1, ['n1', 'n2']).start('n1', 'rsc1').healed().wait(6000).ended();
    const v = checkLedger(partial.entries, makeCtx());
    expect(names(v)).toEqual(['not-one-partition']);
    expect(v[0]!.message).toMatch(/missing up node\(s\) n3/);
    partial.add({ kind: 'membership.changed', node: 'n1', epoch: 1, members: ALL });
    expect(checkLedger(partial.entries, makeCtx())).toEqual([]);
  });

  it('should not judge convergence while faults are unhealed', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).fault('crash', ['n3']).wait(6000).ended();
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });
});
