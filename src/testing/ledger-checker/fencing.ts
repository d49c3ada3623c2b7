// No node is fenced twice for one loss.
//
// - 'fenced-twice': a fence of X is requested while X is down from a fence that already
//   completed (or an administrator's confirmation) and X has not been seen back since (no
//   restart, no entry written by X: topology.ts `fencedDown`). The completed fence is in the
//   fence history every later coordinator starts from (the coordinator replicates it at once,
//   and a daemon that ran a fence for a coordinator that is gone passes it on), so asking again
//   fences a node that is already off: at best a wasted power cycle, at worst a machine that was
//   being powered back on is cut again.
import type { LedgerEntry } from '../../ledger/types.ts';
import { replay } from './replay.ts';
import { violation, type CheckContext, type Violation } from './types.ts';

export function checkFencing(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  replay(entries, ctx, {
    before(e, world) {
      if (e.kind !== 'fence.requested') return;
      const f = world.topo.nodes.get(e.target);
      if (f === undefined || !f.fencedDown || f.lastFenceSeq < 0) return;
      out.push(violation('fenced-twice', e.seq,
        `${e.by} (epoch ${e.epoch}) asked to fence ${e.target} again: it was fenced at #${f.lastFenceSeq} and has not been back since`,
        [e.seq, f.lastFenceSeq]));
    },
  });
  return out;
}
