// Mandatory order is respected ('order-violated'), within groups and by order constraints.
//
// A start waits for its predecessor's start (world.ts startedSinceStop: its start succeeded and
// nothing stopped it since; a failure its monitor reports afterwards does not undo the start
// the successor was ordered after: chaos seed 261). A stop waits for its successor to be no
// longer known-started. Like placement.ts, checks start after the last acknowledged config change.
// - Group: a member starts on a node only once the member before it is started there; a
//   member is stopped on a node only once the member after it is no longer started there.
// - Order constraint (Mandatory, start then start; other kinds and actions are not read):
//   a `then` primitive starts only while `first` is fully up somewhere (a group: its last
//   member; a clone: one instance; with interleave between two clones: on the same node).
//   If symmetrical and neither side is a clone, `first` is stopped only once no `then`
//   primitive is still started anywhere. A node cut off from the stopping one holding a copy
//   that does not require fencing counts as stopped (the cluster may take it for lost).
// Exempt stops: a live migration's source, and a stray copy of a primitive that is started on
// another node (cleanup of a multiple-active resource).
import type { OrderConstraint } from '../../config/model.ts';
import type { LedgerEntry } from '../../ledger/types.ts';
import { completionUnitsOf, instanceFacts, isCloneId, lastConfigChangeSeq, primitivesOf, type InstanceFacts } from './model.ts';
import { replay } from './replay.ts';
import { cutSince } from './topology.ts';
import { violation, type CheckContext, type Violation } from './types.ts';
import { peekState, statesOf, type Entry, type InstanceState, type World } from './world.ts';

function startedOn(world: World, instance: string, node?: string): InstanceState | undefined {
  return statesOf(world, instance).find((s) => s.startedSinceStop && (node === undefined || s.node === node));
}

function mandatoryOrders(world: World): OrderConstraint[] {
  return world.model.doc.config.constraints.filter((c): c is OrderConstraint =>
    c.kind === 'order' && c.orderKind === 'Mandatory' && c.firstAction === 'start' && c.thenAction === 'start');
}

function checkStart(e: Entry<'op.invoked'>, world: World, facts: InstanceFacts, out: Violation[]): void {
  const members = facts.group?.members ?? [];
  const i = members.indexOf(facts.id);
  if (i > 0 && !peekState(world, e.node, members[i - 1]!)?.startedSinceStop) {
    out.push(violation('order-violated', e.seq, `${facts.id} started on ${e.node} (epoch ${e.epoch}) before ${members[i - 1]} (before it in group ${facts.group!.id}) was started there`, [e.seq]));
  }
  for (const c of mandatoryOrders(world)) {
    if (!facts.owners.includes(c.then)) continue;
    const units = completionUnitsOf(world.model, c.first);
    if (units.length === 0 || units.includes(facts.id)) continue;
    const sameNode = facts.clone?.interleave === true && isCloneId(world.model, c.first);
    if (units.some((u) => startedOn(world, u, sameNode ? e.node : undefined) !== undefined)) continue;
    out.push(violation('order-violated', e.seq, `${facts.id} started on ${e.node} (epoch ${e.epoch}) while ${c.first} was not started${sameNode ? ` on ${e.node}` : ''} (order ${c.id}: ${c.first} then ${c.then})`, [e.seq]));
  }
}

function stillStarted(world: World, instance: string, stoppingNode: string): InstanceState | undefined {
  const needsFencing = ['fencing', 'unfencing'].includes(instanceFacts(world.model, instance).requires);
  for (const s of statesOf(world, instance)) {
    if (!s.started) continue;
    if (!needsFencing && cutSince(world.topo, s.node, stoppingNode, s.activeSinceSeq)) continue;
    return s;
  }
  return undefined;
}

function checkStop(e: Entry<'op.invoked'>, world: World, facts: InstanceFacts, out: Violation[]): void {
  if (peekState(world, e.node, facts.id)?.migrationSource) return;
  const members = facts.group?.members ?? [];
  const i = members.indexOf(facts.id);
  const next = i >= 0 && i < members.length - 1 ? peekState(world, e.node, members[i + 1]!) : undefined;
  if (next?.started) {
    out.push(violation('order-violated', e.seq, `${facts.id} stopped on ${e.node} (epoch ${e.epoch}) while ${next.instance} (after it in group ${facts.group!.id}) is still started there`, [e.seq, next.lastOp?.seq ?? e.seq]));
  }
  if (facts.clone !== undefined || statesOf(world, facts.id).some((s) => s.node !== e.node && s.started)) return;
  for (const c of mandatoryOrders(world)) {
    if (!c.symmetrical || !facts.owners.includes(c.first) || isCloneId(world.model, c.then)) continue;
    const running = primitivesOf(world.model, c.then).map((p) => stillStarted(world, p, e.node)).find((s) => s !== undefined);
    if (running === undefined) continue;
    out.push(violation('order-violated', e.seq, `${facts.id} stopped on ${e.node} (epoch ${e.epoch}) while ${running.instance} is still started on ${running.node} (order ${c.id}: ${c.first} then ${c.then}, symmetrical)`, [e.seq, running.lastOp?.seq ?? e.seq]));
  }
}

export function checkOrder(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  const from = lastConfigChangeSeq(entries);
  replay(entries, ctx, {
    before(e, world) {
      if (e.kind !== 'op.invoked' || e.seq <= from) return;
      const facts = instanceFacts(world.model, e.instance);
      if (facts.kind === 'unknown') return;
      if (e.op === 'start' || e.op === 'migrate_from') checkStart(e, world, facts, out);
      else if (e.op === 'stop') checkStop(e, world, facts, out);
    },
  });
  return out;
}
