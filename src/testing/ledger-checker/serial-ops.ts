// Never two operations at once on one instance ('concurrent-ops'): an operation is invoked on
// an instance of a node only when no other one is in flight there. An operation is in flight
// from its op.invoked to its op.completed, or until its node is fenced, crashes or restarts
// (that daemon will never report it). Anonymous clone instances are per node, so per node
// is what counts.
import type { LedgerEntry } from '../../ledger/types.ts';
import { canonicalInstance } from './model.ts';
import { replay } from './replay.ts';
import { violation, type CheckContext, type Violation } from './types.ts';
import { peekState } from './world.ts';

export function checkSerialOps(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  replay(entries, ctx, {
    before(e, world) {
      if (e.kind !== 'op.invoked') return;
      const s = peekState(world, e.node, canonicalInstance(world.model, e.instance));
      if (s === undefined || s.inFlight.size === 0) return;
      const running = [...s.inFlight].map((id) => world.calls.get(id)!.entry);
      const text = running.map((r) => `${r.op}${r.probe ? ' (probe)' : ''} #${r.seq}`).join(', ');
      out.push(violation('concurrent-ops', e.seq, `${e.op} of ${e.instance} invoked on ${e.node} (epoch ${e.epoch}) while ${text} is still in flight there`, [e.seq, ...running.map((r) => r.seq)]));
    },
  });
  return out;
}
