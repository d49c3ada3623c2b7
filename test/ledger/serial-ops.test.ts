import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import { Ledger, makeCtx, names } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];

describe('serial operations', () => {
  it('should flag an operation invoked while another runs on the same instance', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).start('n1', 'rsc1');
    const monitor = l.invoke('n1', 'rsc1', 'monitor');
    const stop = l.invoke('n1', 'rsc1', 'stop');
    l.complete(monitor);
    l.complete(stop);
    const v = checkLedger(l.entries, makeCtx());
    expect(names(v)).toEqual(['concurrent-ops']);
    expect(v[0]!.message).toMatch(/stop of rsc1 invoked on n1 .* while monitor #\d+ is still in flight/);
  });

  it('should accept operations in sequence, and at once on different instances or nodes', () => {
    const l = new Ledger().coordinator('n1', 1, ALL);
    const a = l.invoke('n1', 'rsc1', 'monitor', { probe: true });
    const b = l.invoke('n1', 'rsc2', 'monitor', { probe: true });
    const c = l.invoke('n2', 'rsc1', 'monitor', { probe: true });
    for (const call of [a, b, c]) l.complete(call, 'ok', 7);
    l.start('n1', 'rsc1').op('n1', 'rsc1', 'monitor');
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });

  it('should end the operations of a crashed or fenced node', () => {
    const l = new Ledger().coordinator('n1', 1, ALL);
    l.invoke('n2', 'rsc1', 'start');
    l.fault('crash', ['n2']).fence('n2').fault('restart', ['n2']).probe('n2', 'rsc1', 7);
    expect(checkLedger(l.entries, makeCtx())).toEqual([]);
  });
});
