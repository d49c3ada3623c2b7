// After the faults heal and a quiet period (settle.ts): one partition, every resource that can
// run is running, transitions stop. Judged only when the ledger reaches the end of the quiet
// period; otherwise the run says nothing about convergence.
// - 'flapping': an operation other than a monitor, or a fencing request, after the quiet period
//   (one violation per instance, counting its transitions).
// - 'not-one-partition': at the end, not exactly one coordinator among the up nodes, or its
//   membership (coordinator.up, then membership.changed) misses an up configured node.
// - 'not-running': at the end, a resource that can run (can-run.ts) runs nowhere, or a clone
//   runs on fewer nodes than min(clone-max, nodes where it can run).
import type { LedgerEntry } from '../../ledger/types.ts';
import { canRunOn, type RunHistory } from './can-run.ts';
import { canonicalInstance, type InstanceFacts } from './model.ts';
import { inOrder, replay } from './replay.ts';
import { settleOf, type Settle } from './settle.ts';
import { isUp } from './topology.ts';
import { violation, type CheckContext, type Violation } from './types.ts';
import { instanceKey, statesOf, type World } from './world.ts';

function record(e: LedgerEntry, world: World, history: RunHistory): void {
  if (e.kind === 'op.completed') {
    const failed = e.outcome !== 'ok' || (e.op === 'monitor' && e.probe !== true && e.rc === 7);
    if (failed) history.failedOn.add(instanceKey(e.node, canonicalInstance(world.model, e.instance)));
  } else if (e.kind === 'fault' && e.fault === 'agent-fail' && e.resource !== undefined) {
    const was = history.agentFaults.get(e.resource);
    if (e.nodes === undefined || was === 'all') history.agentFaults.set(e.resource, 'all');
    else history.agentFaults.set(e.resource, new Set([...(was ?? []), ...e.nodes]));
  }
}

function checkFlapping(ordered: LedgerEntry[], settle: Settle, out: Violation[]): void {
  const late = new Map<string, LedgerEntry[]>();
  for (const e of ordered) {
    if (e.atMs <= settle.settleAtMs) continue;
    const key = e.kind === 'op.invoked' && e.op !== 'monitor' ? `${e.instance}` : e.kind === 'fence.requested' ? `fence ${e.target}` : undefined;
    if (key !== undefined) late.set(key, [...(late.get(key) ?? []), e]);
  }
  for (const [key, list] of late) {
    const first = list[0]!;
    const text = list.slice(0, 5).map((e) => (e.kind === 'op.invoked' ? `${e.op} on ${e.node} #${e.seq}` : `#${e.seq}`)).join(', ');
    out.push(violation('flapping', first.seq, `${key}: ${list.length} transition(s) after the quiet period ended at ${settle.settleAtMs} ms (healed at #${settle.healSeq}): ${text}`, list.slice(0, 5).map((e) => e.seq)));
  }
}

function checkOnePartition(world: World, settle: Settle, out: Violation[]): void {
  const up = world.model.nodes.filter((n) => isUp(world.topo, n));
  const coordinators = [...world.coordinators.values()].filter((c) => isUp(world.topo, c.node));
  const at = settle.end.seq;
  if (coordinators.length !== 1) {
    const names = coordinators.map((c) => `${c.node} (epoch ${c.epoch})`).join(', ') || 'none';
    out.push(violation('not-one-partition', at, `at the end ${coordinators.length} coordinators are up (${names}); expected one for the up nodes ${up.join(', ')}`, [at, ...coordinators.map((c) => c.upSeq)]));
    return;
  }
  const c = coordinators[0]!;
  const missing = up.filter((n) => !c.members.includes(n));
  if (missing.length > 0) {
    out.push(violation('not-one-partition', at, `at the end coordinator ${c.node} (epoch ${c.epoch}) has members ${c.members.join(', ')}, missing up node(s) ${missing.join(', ')}`, [at, c.upSeq]));
  }
}

function startedNodes(world: World, ids: string[]): string[] {
  return ids.flatMap((id) => statesOf(world, id)).filter((s) => s.started && isUp(world.topo, s.node)).map((s) => s.node);
}

/** Instances judged together: a primitive alone, a clone's instances of one child together. */
function units(world: World): InstanceFacts[][] {
  const byKey = new Map<string, InstanceFacts[]>();
  for (const f of world.model.instances.values()) {
    const key = f.clone !== undefined ? `${f.clone.id}/${f.id.replace(/:\d+$/, '')}` : f.id;
    byKey.set(key, [...(byKey.get(key) ?? []), f]);
  }
  return [...byKey.values()];
}

function checkRunning(world: World, history: RunHistory, settle: Settle, out: Violation[]): void {
  const at = settle.end.seq;
  for (const unit of units(world)) {
    const can = [...new Set(unit.flatMap((f) => canRunOn(world, f, history)))];
    if (can.length === 0) continue;
    const running = startedNodes(world, unit.map((f) => f.id));
    const clone = unit[0]!.clone;
    const expected = clone === undefined ? 1 : Math.min(clone.max, can.length * (clone.unique ? clone.nodeMax : 1));
    if (running.length >= expected) continue;
    const name = clone === undefined ? unit[0]!.id : `clone ${clone.id} (${unit[0]!.id.replace(/:\d+$/, '')})`;
    out.push(violation('not-running', at, `at the end ${name} runs on ${running.length} node(s)${running.length ? ` (${running.join(', ')})` : ''}, though it can run on ${can.join(', ')}; expected ${expected}`, [at]));
  }
}

export function checkConvergence(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  const ordered = inOrder(entries);
  const settle = settleOf(ordered, ctx);
  if (settle === undefined) return out;
  checkFlapping(ordered, settle, out);
  const history: RunHistory = { failedOn: new Set(), agentFaults: new Map() };
  replay(ordered, ctx, {
    after: (e, world) => record(e, world, history),
    end(world) {
      checkOnePartition(world, settle, out);
      checkRunning(world, history, settle, out);
    },
  });
  return out;
}
