// The checker's reading of a ledger up to some entry: per instance and node, may it be active
// and is it known started; which operations are in flight; who is coordinator; the topology.
//
// Activity rules (the checker judges each op itself; the writer's `active` is not trusted):
// - start, migrate_from, promote: possibly active from the moment they are invoked.
// - A completed op that failed or timed out leaves the instance possibly active (unknown).
// - A successful stop ends activity; so does a monitor (probe or recurring) reporting rc 7
//   (not running), or a probe reporting rc 5 (not installed: it cannot run there).
// - A successful migrate_to leaves the source possibly active until its stop: the one overlap
//   that is allowed, with the migrate_from target it hands over to.
// - A successful fencing of a node (or a manual confirmation) ends every activity on it and
//   voids its operations in flight: a late result of one of them changes nothing.
// - A crash ends nothing (its processes may run on until fenced); it ends its operations in
//   flight (that daemon will never report them) and its coordinator role, like a restart.
// - A power-off (the harness saw a fence device cut the machine's power) ends everything, as
//   fencing does, even when no fence.completed is ever written for it.
import type { LedgerEntry, OpCompleted, OpInvoked } from '../../ledger/types.ts';
import { canonicalInstance, type ResourceModel } from './model.ts';
import { applyTopology, createTopology, refreshQuorum, type Topology } from './topology.ts';
import type { CheckContext } from './types.ts';

export type Entry<K extends LedgerEntry['kind']> = Extract<LedgerEntry, { kind: K }>;

export interface InstanceState {
  node: string;
  instance: string;
  active: boolean;
  /** The seq at which it last became possibly active. */
  activeSinceSeq: number;
  /** Known running: the last op that judged it said so and no stop was invoked since. */
  started: boolean;
  /**
   * Its last start (or an op finding it running) succeeded, and no stop was invoked since nor
   * did anything prove it stopped: what an ordering waits for. A failure reported after the
   * start (a monitor's rc 1) does not undo the start an action was ordered after.
   */
  startedSinceStop: boolean;
  /** The last completed op failed or timed out. */
  failed: boolean;
  /** The last completed op (seq), if any. */
  lastOp?: { op: string; ok: boolean; seq: number };
  /** A migrate_to succeeded here: a live migration's source until stopped. */
  migrationSource: boolean;
  /** The node whose migrate_from took this source over. */
  migratedTo?: string;
  /** Call ids in flight. */
  inFlight: Set<string>;
}

export interface Call {
  entry: Entry<'op.invoked'>;
  /** The instance key it ran under. */
  key: string;
  /** Ended without a result (fencing, crash or restart of its node). */
  voided: boolean;
  completed: boolean;
}

export interface CoordinatorState { node: string; epoch: number; members: string[]; upSeq: number }

export interface World {
  model: ResourceModel;
  topo: Topology;
  instances: Map<string, InstanceState>;
  /** The same states by instance id (one per node the ledger mentioned it on). */
  byInstance: Map<string, InstanceState[]>;
  calls: Map<string, Call>;
  /** Call ids in flight per node. */
  pendingByNode: Map<string, Set<string>>;
  coordinators: Map<string, CoordinatorState>;
  /** The coordinator of each epoch, by the coordinator.up entries. */
  epochOwner: Map<number, { node: string; seq: number }>;
}

export const ACTIVATING_OPS: ReadonlySet<string> = new Set(['start', 'migrate_from', 'promote']);

export function instanceKey(node: string, instance: string): string {
  return `${instance}@${node}`;
}

export function createWorld(model: ResourceModel, ctx: CheckContext, first?: LedgerEntry): World {
  const world: World = {
    model, topo: createTopology(model.nodes, ctx), instances: new Map(), byInstance: new Map(), calls: new Map(), pendingByNode: new Map(), coordinators: new Map(), epochOwner: new Map(),
  };
  for (const { node, instance } of ctx.initiallyActive ?? []) {
    const s = stateOf(world, node, canonicalInstance(model, instance));
    Object.assign(s, { active: true, started: true, startedSinceStop: true, activeSinceSeq: -1 });
  }
  refreshQuorum(world.topo, first?.atMs ?? 0, first?.seq ?? 0);
  return world;
}

export function stateOf(world: World, node: string, instance: string): InstanceState {
  const key = instanceKey(node, instance);
  let s = world.instances.get(key);
  if (s === undefined) {
    s = { node, instance, active: false, activeSinceSeq: -1, started: false, startedSinceStop: false, failed: false, migrationSource: false, inFlight: new Set() };
    world.instances.set(key, s);
    world.byInstance.set(instance, [...(world.byInstance.get(instance) ?? []), s]);
  }
  return s;
}

/** The state of an instance on a node, if the ledger has mentioned it (visitors read this). */
export function peekState(world: World, node: string, instance: string): InstanceState | undefined {
  return world.instances.get(instanceKey(node, instance));
}

/** Every node where an instance may be active. */
export function activeNodes(world: World, instance: string): InstanceState[] {
  return statesOf(world, instance).filter((s) => s.active);
}

/** Every node's state of an instance. */
export function statesOf(world: World, instance: string): InstanceState[] {
  return world.byInstance.get(instance) ?? [];
}

function becomeActive(s: InstanceState, seq: number): void {
  if (!s.active) s.activeSinceSeq = seq;
  s.active = true;
}

function becomeInactive(s: InstanceState): void {
  Object.assign(s, { active: false, started: false, startedSinceStop: false, failed: false, migrationSource: false, migratedTo: undefined });
}

function onInvoked(world: World, e: OpInvoked & { seq: number; atMs: number }): void {
  const instance = canonicalInstance(world.model, e.instance);
  const s = stateOf(world, e.node, instance);
  world.calls.set(e.callId, { entry: e, key: instanceKey(e.node, instance), voided: false, completed: false });
  s.inFlight.add(e.callId);
  pendingOn(world, e.node).add(e.callId);
  if (ACTIVATING_OPS.has(e.op)) becomeActive(s, e.seq);
  if (e.op === 'stop') Object.assign(s, { started: false, startedSinceStop: false });
  if (e.op === 'migrate_from') claimMigrationSource(world, instance, e.node);
}

/** A migrate_from takes over from the one source whose migrate_to succeeded and is unclaimed. */
function claimMigrationSource(world: World, instance: string, target: string): void {
  const source = activeNodes(world, instance).find((s) => s.node !== target && s.migrationSource && s.migratedTo === undefined);
  if (source !== undefined) source.migratedTo = target;
}

/** Does a completed op prove the instance is not running there? */
export function provesStopped(e: OpCompleted): boolean {
  if (e.op === 'stop') return e.outcome === 'ok';
  if (e.op !== 'monitor' || e.outcome === 'timeout') return false;
  return e.rc === 7 || (e.probe === true && e.rc === 5);
}

function onCompleted(world: World, e: OpCompleted & { seq: number; atMs: number }): void {
  const call = world.calls.get(e.callId);
  if (call !== undefined) {
    world.instances.get(call.key)?.inFlight.delete(e.callId);
    pendingOn(world, call.entry.node).delete(e.callId);
    call.completed = true;
    // Fencing (or a crash) ended this call: what it reports is about a node that has been reset.
    if (call.voided) return;
  }
  const s = stateOf(world, e.node, canonicalInstance(world.model, e.instance));
  s.lastOp = { op: e.op, ok: e.outcome === 'ok', seq: e.seq };
  if (provesStopped(e)) return becomeInactive(s);
  if (e.outcome !== 'ok') {
    becomeActive(s, e.seq);
    s.started = false;
    s.failed = true;
    if (ACTIVATING_OPS.has(e.op)) s.startedSinceStop = false;
    return;
  }
  s.failed = false;
  if (e.op === 'migrate_to') s.migrationSource = true;
  if (ACTIVATING_OPS.has(e.op) || e.op === 'demote' || e.op === 'monitor') {
    becomeActive(s, e.seq);
    s.started = true;
    s.startedSinceStop = true;
  }
}

function pendingOn(world: World, node: string): Set<string> {
  let set = world.pendingByNode.get(node);
  if (set === undefined) {
    set = new Set();
    world.pendingByNode.set(node, set);
  }
  return set;
}

/** Ends the node's calls in flight without results. */
function voidCalls(world: World, node: string): void {
  const pending = pendingOn(world, node);
  for (const id of pending) {
    const call = world.calls.get(id)!;
    call.voided = true;
    world.instances.get(call.key)?.inFlight.delete(id);
  }
  pending.clear();
}

function onFault(world: World, e: Entry<'fault'>): void {
  if (!['crash', 'power-off', 'restart', 'start', 'boot', 'recover'].includes(e.fault)) return;
  for (const node of e.nodes ?? []) {
    // A machine without power runs nothing, whether or not anyone recorded the fence.
    if (e.fault === 'power-off') for (const s of world.instances.values()) if (s.node === node) becomeInactive(s);
    voidCalls(world, node);
    world.coordinators.delete(node);
  }
}

function onFenced(world: World, e: Entry<'fence.completed'>): void {
  if (!e.ok) return;
  for (const s of world.instances.values()) if (s.node === e.target) becomeInactive(s);  // rare: a full scan is fine
  voidCalls(world, e.target);
  world.coordinators.delete(e.target);
}

function onCoordinator(world: World, e: Entry<'coordinator.up' | 'coordinator.down' | 'membership.changed'>): void {
  if (e.kind === 'coordinator.up') {
    world.coordinators.set(e.node, { node: e.node, epoch: e.epoch, members: [...e.members], upSeq: e.seq });
    if (!world.epochOwner.has(e.epoch)) world.epochOwner.set(e.epoch, { node: e.node, seq: e.seq });
  } else if (e.kind === 'coordinator.down') {
    if (world.coordinators.get(e.node)?.epoch === e.epoch) world.coordinators.delete(e.node);
  } else {
    const c = world.coordinators.get(e.node);
    if (c !== undefined && c.epoch === e.epoch) c.members = [...e.members];
  }
}

/** Applies one entry to the world. */
export function applyEntry(world: World, e: LedgerEntry): void {
  switch (e.kind) {
    case 'op.invoked': onInvoked(world, e); break;
    case 'op.completed': onCompleted(world, e); break;
    case 'fault': onFault(world, e); break;
    case 'fence.completed': onFenced(world, e); break;
    case 'coordinator.up': case 'coordinator.down': case 'membership.changed': onCoordinator(world, e); break;
    default: break;
  }
  applyTopology(world.topo, e);
}
