// No start or promotion without quorum; a partition without quorum stops its resources within
// its bound.
//
// Quorum is the ground truth of topology.ts (a strict majority of configured votes among the up
// nodes a node can talk to), not any node's belief. Nodes learn of a lost quorum only after
// some delay, so both rules give them `quorumStopBoundMs`:
// - 'start-without-quorum': a start, migrate_from or promote invoked on a node whose partition
//   has lacked quorum for longer than the bound (no-quorum-policy ignore: never; resources that
//   require nothing: never).
// - 'quorum-stop-late' (no-quorum-policy stop, demote, suicide): once the bound has passed
//   since a node's partition lost quorum (and it stayed up and without quorum throughout), each
//   instance still possibly active there must at least have had a stop invoked since the loss
//   (a stop that fails is the agent's fault, and only fencing could do more, which a partition
//   without quorum may not do). Unmanaged instances, maintenance nodes and instances whose stop
//   had already failed before are exempt. freeze keeps what runs: only starts are checked.
import type { LedgerEntry } from '../../ledger/types.ts';
import { instanceFacts, nodeConfig } from './model.ts';
import { replay } from './replay.ts';
import { partitionOf } from './topology.ts';
import { violation, type CheckContext, type Violation } from './types.ts';
import { ACTIVATING_OPS, instanceKey, type World } from './world.ts';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

function checkStart(e: LedgerEntry, world: World, ctx: CheckContext, out: Violation[]): void {
  if (e.kind !== 'op.invoked' || !ACTIVATING_OPS.has(e.op)) return;
  const since = world.topo.nonQuorateSince.get(e.node);
  if (since === undefined || e.atMs - since.atMs <= ctx.quorumStopBoundMs) return;
  if (instanceFacts(world.model, e.instance).requires === 'nothing') return;
  const part = partitionOf(world.topo, e.node);
  out.push(violation('start-without-quorum', e.seq,
    `${e.op} of ${e.instance} on ${e.node} (epoch ${e.epoch}) at ${seconds(e.atMs)}: its partition {${part.join(', ')}} has lacked quorum since #${since.seq} (${seconds(since.atMs)}), longer than the bound of ${ctx.quorumStopBoundMs} ms`,
    [e.seq, since.seq]));
}

interface StopTracker {
  /** The last stop invoked per instance key. */
  lastStop: Map<string, number>;
  /** Stretches without quorum already judged (`node#seq`). */
  judged: Set<string>;
}

function judgeStretch(world: World, atSeq: number, node: string, since: { atMs: number; seq: number }, ctx: CheckContext, tracker: StopTracker, out: Violation[]): void {
  const deadlineMs = since.atMs + ctx.quorumStopBoundMs;
  if (nodeConfig(world.model, node).maintenance) return;
  for (const s of world.instances.values()) {
    if (s.node !== node || !s.active) continue;
    const facts = instanceFacts(world.model, s.instance);
    if (facts.requires === 'nothing' || !facts.managed) continue;
    if (s.lastOp?.op === 'stop' && !s.lastOp.ok && s.lastOp.seq < since.seq) continue;
    if ((tracker.lastStop.get(instanceKey(node, s.instance)) ?? -1) > since.seq) continue;
    out.push(violation('quorum-stop-late', atSeq,
      `${node}'s partition lost quorum at #${since.seq} (${seconds(since.atMs)}) and by ${seconds(deadlineMs)} (bound ${ctx.quorumStopBoundMs} ms) ${s.instance} may still be active there (since #${s.activeSinceSeq}) with no stop invoked`,
      [since.seq, ...(s.activeSinceSeq >= 0 ? [s.activeSinceSeq] : [])]));
  }
}

/** Judges every stretch without quorum whose deadline passed before `now` (at the end: by it). */
function judgeDue(world: World, now: { atMs: number; seq: number }, inclusive: boolean, ctx: CheckContext, tracker: StopTracker, out: Violation[]): void {
  for (const [node, since] of world.topo.nonQuorateSince) {
    const key = `${node}#${since.seq}`;
    const deadlineMs = since.atMs + ctx.quorumStopBoundMs;
    const due = inclusive ? deadlineMs <= now.atMs : deadlineMs < now.atMs;
    if (!due || tracker.judged.has(key)) continue;
    tracker.judged.add(key);
    judgeStretch(world, now.seq, node, since, ctx, tracker, out);
  }
}

export function checkQuorum(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  const policy = ctx.doc.config.options.noQuorumPolicy;
  if (policy === 'ignore') return out;
  const mustStop = policy === 'stop' || policy === 'demote' || policy === 'suicide';
  const tracker: StopTracker = { lastStop: new Map(), judged: new Set() };
  replay(entries, ctx, {
    before(e, world) {
      if (mustStop) judgeDue(world, e, false, ctx, tracker, out);
      checkStart(e, world, ctx, out);
    },
    after(e, world) {
      if (e.kind === 'op.invoked' && e.op === 'stop') tracker.lastStop.set(instanceKey(e.node, instanceFacts(world.model, e.instance).id), e.seq);
    },
    end(world, last) {
      if (mustStop && last !== undefined) judgeDue(world, last, true, ctx, tracker, out);
    },
  });
  return out;
}
