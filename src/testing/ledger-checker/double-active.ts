// A primitive is never possibly active on two nodes at once, and a resource that requires
// fencing is never recovered before its lost node was fenced or confirmed down.
//
// Judged when a start or migrate_from is invoked on node B for an instance that may still be
// active on another node A (see world.ts for what "may be active" means):
// - the one allowed overlap is a live migration: migrate_from on B from a source A whose
//   migrate_to succeeded;
// - if A and the coordinator that ordered the op (the owner of its epoch; B if none is known)
//   were cut off from each other at some moment since A became active, that coordinator could
//   have taken A for lost:
//     requires fencing → 'recovery-before-fence' (A had to be fenced or stop first);
//     requires quorum or nothing → allowed (the configuration accepts the risk, as Pacemaker
//     does with stonith disabled and for fence devices);
// - otherwise → 'double-active' (A's stop never succeeded, A was never fenced, nothing cut it off).
// Anonymous clones run one instance per node under one id: there the rule is that the nodes
// where the instance may be active never exceed clone-max ('clone-max-exceeded'), nodes cut off
// counting as above.
import type { LedgerEntry } from '../../ledger/types.ts';
import { instanceFacts, type InstanceFacts } from './model.ts';
import { replay } from './replay.ts';
import { cutEvidence } from './topology.ts';
import { violation, type CheckContext, type Violation } from './types.ts';
import { activeNodes, type Entry, type InstanceState, type World } from './world.ts';

function involved(s: InstanceState): number[] {
  return [s.activeSinceSeq, ...(s.lastOp ? [s.lastOp.seq] : [])].filter((seq) => seq >= 0);
}

function why(s: InstanceState): string {
  const last = s.lastOp ? `its last op there was ${s.lastOp.op} ${s.lastOp.ok ? 'ok' : 'failed'} (#${s.lastOp.seq})` : 'no op there has completed since';
  return `${s.node} may still run it (active since #${s.activeSinceSeq}; ${last})`;
}

interface Other { s: InstanceState; cut: boolean; cutSeq?: number }

/**
 * The other nodes where it may be active, minus the migration source this op takes over from.
 * Whether a node was cut off is judged from the coordinator that ordered the op (the epoch's
 * owner; the executing node when the ledger names none): it is the one that may have taken the
 * node for lost. A coordinator never takes itself for lost.
 */
function othersOf(world: World, e: Entry<'op.invoked'>, instance: string): Other[] {
  const viewer = world.epochOwner.get(e.epoch)?.node ?? e.node;
  return activeNodes(world, instance)
    .filter((s) => s.node !== e.node)
    .filter((s) => !(e.op === 'migrate_from' && s.migrationSource && (s.migratedTo === undefined || s.migratedTo === e.node)))
    .map((s) => {
      const seen = cutEvidence(world.topo, s.node, viewer, s.activeSinceSeq);
      return { s, cut: seen !== undefined, ...(seen !== undefined && seen > 0 ? { cutSeq: seen } : {}) };
    });
}

function requiresFencing(facts: InstanceFacts): boolean {
  return facts.requires === 'fencing' || facts.requires === 'unfencing';
}

function checkPrimitive(e: Entry<'op.invoked'>, facts: InstanceFacts, others: Other[], out: Violation[]): void {
  const what = `${facts.id} ${e.op === 'start' ? 'started' : 'migrated'} on ${e.node} (epoch ${e.epoch})`;
  for (const { s, cut, cutSeq } of others) {
    if (cut && requiresFencing(facts)) {
      const when = cutSeq !== undefined ? ` (#${cutSeq})` : '';
      out.push(violation('recovery-before-fence', e.seq, `${what} while ${why(s)}: ${s.node} was cut off${when} and never fenced or confirmed down, and ${facts.id} requires fencing`, [e.seq, ...involved(s), ...(cutSeq !== undefined ? [cutSeq] : [])]));
    } else if (!cut) {
      out.push(violation('double-active', e.seq, `${what} while ${why(s)}: its stop never succeeded there and ${s.node} was not fenced`, [e.seq, ...involved(s)]));
    }
  }
}

function checkAnonymousClone(e: Entry<'op.invoked'>, facts: InstanceFacts, others: Other[], out: Violation[]): void {
  const max = facts.clone!.max;
  const counted = others.filter((o) => !o.cut || requiresFencing(facts));
  if (counted.length + 1 <= max) return;
  const seqs = [e.seq, ...counted.flatMap((o) => [...involved(o.s), ...(o.cutSeq !== undefined ? [o.cutSeq] : [])])];
  const lost = counted.filter((o) => o.cut);
  const where = counted.map((o) => o.s.node).join(', ');
  if (lost.length > 0) {
    out.push(violation('recovery-before-fence', e.seq, `clone ${facts.clone!.id}: ${facts.id} started on ${e.node} (epoch ${e.epoch}) while ${lost.map((o) => why(o.s)).join('; ')}; it requires fencing and clone-max is ${max} (already possibly active on ${where})`, seqs));
  } else {
    out.push(violation('clone-max-exceeded', e.seq, `clone ${facts.clone!.id}: ${facts.id} started on ${e.node} (epoch ${e.epoch}) while possibly active on ${where}: ${counted.length + 1} nodes, clone-max ${max}`, seqs));
  }
}

export function checkDoubleActive(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  replay(entries, ctx, {
    before(e, world) {
      if (e.kind !== 'op.invoked' || (e.op !== 'start' && e.op !== 'migrate_from')) return;
      const facts = instanceFacts(world.model, e.instance);
      const others = othersOf(world, e, facts.id);
      if (facts.kind === 'anonymous-clone') checkAnonymousClone(e, facts, others, out);
      else checkPrimitive(e, facts, others, out);
    },
  });
  return out;
}
