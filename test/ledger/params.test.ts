import { describe, expect, it } from 'vitest';
import type { OpCompleted } from '../../src/ledger/types.ts';
import { checkLedger } from '../../src/testing/ledger-checker/index.ts';
import { opDigest } from '../../src/scheduler/digest.ts';
import { Ledger, makeCtx, names, prim } from './support.ts';

const ALL = ['n1', 'n2', 'n3'];
const CONFIGURED = { state: '/run/rsc1.state', fake: 'b' };

function ctx() {
  const rsc1 = { ...prim('rsc1'), params: CONFIGURED };
  const fence = { ...prim('fence1', {}, 'stonith'), params: { pcmk_host_list: 'n1' } };
  return makeCtx({ resources: [fence, rsc1] });
}

/** `op` of `instance` on `node` that succeeded, recording the digest of `params` as the executor does. */
function applied(l: Ledger, node: string, instance: string, op: string, params: Record<string, string>): Ledger {
  const seq = l.complete(l.invoke(node, instance, op));
  (l.entries[seq - 1] as OpCompleted).paramsDigest = opDigest(params);
  return l;
}

describe('params: running instances run with the configured parameters once settled', () => {
  it('should accept an instance started, then reloaded with the configured parameters', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).start('n1', 'fence1');
    applied(l, 'n2', 'rsc1', 'start', { ...CONFIGURED, fake: 'a' });
    applied(l, 'n2', 'rsc1', 'reload-agent', CONFIGURED);
    expect(checkLedger(l.healed().wait(6000).ended().entries, ctx())).toEqual([]);
  });

  it('should flag an instance still running with the parameters of an older config', () => {
    const l = new Ledger().coordinator('n1', 1, ALL).start('n1', 'fence1');
    applied(l, 'n2', 'rsc1', 'start', { ...CONFIGURED, fake: 'a' });
    const v = checkLedger(l.healed().wait(6000).ended().entries, ctx());
    expect(names(v)).toEqual(['stale-params']);
    expect(v[0]!.message).toMatch(/rsc1 runs on n2 with the parameters of its start #\d+ .* not the configured ones/);
  });

  it('should not judge before the quiet period ends, stopped instances, fence devices, or completions without a digest', () => {
    const early = new Ledger().coordinator('n1', 1, ALL);
    applied(early, 'n2', 'rsc1', 'start', { fake: 'old' });
    expect(checkLedger(early.healed().wait(1000).ended().entries, ctx())).toEqual([]);

    const stopped = new Ledger().coordinator('n1', 1, ALL);
    applied(stopped, 'n2', 'rsc1', 'start', { fake: 'old' });
    applied(stopped, 'n1', 'rsc1', 'start', CONFIGURED);
    stopped.stop('n2', 'rsc1');
    expect(names(checkLedger(stopped.healed().wait(6000).ended().entries, ctx()))).not.toContain('stale-params');

    const others = new Ledger().coordinator('n1', 1, ALL).start('n2', 'rsc1');
    applied(others, 'n1', 'fence1', 'start', { pcmk_host_list: 'n2' });
    expect(names(checkLedger(others.healed().wait(6000).ended().entries, ctx()))).not.toContain('stale-params');
  });
});
