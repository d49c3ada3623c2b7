// Stage 4: reconcile what runs (unpack) with where things should run (placement) into typed
// buckets, once. Order constraints are applied here too, through the action network, because
// they decide whether a resource restarts or is blocked; live migration is chosen here, together
// with ordering: a migrating resource does not force the resources ordered after it to
// restart (vigil differs from Pacemaker on purpose: ClusterLabs bug 5055).
import type { ConstraintIndex } from './constraints.ts';
import type { NodesView } from './nodes.ts';
import type { Placement } from './placement.ts';
import type { PrimitiveInfo, ResourceIndex } from './resources.ts';
import type { Unpacked } from './unpack.ts';
import { propagate, resetNetwork, snapshotNetwork, type Act, type Network } from './network.ts';
import { buildNetworkCounted } from './build-network.ts';
import { assert } from '../assert.ts';
import type { Reason, RoleChange } from './types.ts';
import { promotionBlocker, roleChange, withRoleChange } from './roles.ts';
import { baseId, instanceId } from './clones.ts';

export type Bucket =
  | { kind: 'none' }
  | { kind: 'keep'; node: string }
  | { kind: 'start'; node: string }
  | { kind: 'stop'; nodes: string[] }
  | { kind: 'move'; from: string; to: string }
  | { kind: 'migrate'; from: string; to: string }
  | { kind: 'recover'; from: string; to: string }
  | { kind: 'restart'; node: string }
  | { kind: 'reload'; node: string }
  /** A promotable instance that stays where it runs and changes role only. */
  | { kind: 'promote'; node: string }
  | { kind: 'demote'; node: string };

export interface Decision {
  resource: string;
  bucket: Bucket;
  /** Blocked: the decision cannot be carried out (shown with "(blocked)"). */
  blocked: boolean;
  /** Pacemaker's "due to ..." words, when there are any (why.text). */
  reason?: string;
  /** The same reason as data: its code and what it points at, made where it was decided. */
  why?: Reason;
  current: string[];
  target: string | null;
  managed: boolean;
  /** Instances of promotable clones: the role now and after the transition. */
  roles?: RoleChange;
}

export interface Reconciled {
  decisions: Map<string, Decision>;
  network: Network;
  /** Stops of resources no longer configured. */
  orphanStops: { resource: string; node: string }[];
}

export interface ReconcileInput {
  index: ResourceIndex;
  constraints: ConstraintIndex;
  nodes: NodesView;
  unpacked: Unpacked;
  placement: Placement;
  quorumPolicy: 'stop' | 'ignore' | 'freeze' | 'demote' | 'suicide';
  /** stop-orphan-resources (default true): false leaves resources no longer configured running, unmanaged. */
  stopOrphans?: boolean;
}


function isMigrationCandidate(input: ReconcileInput, info: PrimitiveInfo): boolean {
  if (!info.meta.allowMigrate || !info.meta.managed) return false;
  const states = (input.unpacked.byResource.get(info.id) ?? []).filter((s) => s.role !== 'stopped');
  const target = input.placement.node.get(info.id) ?? null;
  if (states.length !== 1 || target === null) return false;
  const s = states[0]!;
  const source = input.nodes.nodes.get(s.node);
  if (s.node === target || s.failed || s.stopFailed || !source) return false;
  return source.state !== 'unclean' && source.state !== 'offline' && source.fence === undefined;
}

/** Stop actions per resource, in network order: one scan instead of one per migrating resource. */
function stopActsByResource(net: Network): Map<string, Act[]> {
  const stops = new Map<string, Act[]>();
  for (const a of net.acts.values()) {
    if (a.type !== 'stop') continue;
    const list = stops.get(a.resource);
    if (list) list.push(a);
    else stops.set(a.resource, [a]);
  }
  return stops;
}

/** A migration is impossible when a resource it depends on really stops (not migrating). */
function migrationBlocker(net: Network, rsc: string, stops: ReadonlyMap<string, Act[]>): Reason | undefined {
  for (const a of stops.get(rsc) ?? []) {
    for (const e of net.out.get(a.key) ?? []) {
      const then = net.acts.get(e.then)!;
      if (e.propagation === 'inverse' && then.required && !then.migrating) return { code: 'unrunnable-prerequisite', text: `unrunnable ${then.resource} ${then.type}`, cause: then.key };
    }
  }
  const start = net.acts.get(`${rsc}:start`);
  if (start && !start.runnable) return start.reason ?? { code: 'unrunnable-prerequisite', text: 'unrunnable start', cause: start.key };
  return undefined;
}

/** Chooses live migrations together with ordering: drop any whose prerequisite really stops. */
function settleMigrations(input: ReconcileInput): { net: Network; migrating: Set<string>; downgraded: Map<string, Reason> } {
  const migrating = new Set(input.index.order.filter((id) => isMigrationCandidate(input, input.index.primitives.get(id)!)));
  const downgraded = new Map<string, Reason>();
  // The network's shape does not depend on the migration flags: build it once, and for each
  // later round put the facts back as built and rerun propagation with the new flags.
  const { net, primitiveActs } = buildNetworkCounted(input, migrating);
  const start = snapshotNetwork(net);
  for (let round = 0; round <= input.index.order.length; round++) {
    if (round > 0) resetNetwork(net, start, (a, i) => i < primitiveActs && migrating.has(a.resource));
    propagate(net);
    const stops = stopActsByResource(net);
    let changed = false;
    for (const id of [...migrating]) {
      const why = migrationBlocker(net, id, stops);
      if (why === undefined) continue;
      migrating.delete(id);
      if (net.acts.get(`${id}:start`)?.runnable) downgraded.set(id, why);
      changed = true;
    }
    if (!changed) return { net, migrating, downgraded };
  }
  assert(false, 'migration planning did not converge');
}

interface Facts {
  info: PrimitiveInfo;
  current: string[];
  target: string | null;
  start: Act;
  stops: Act[];
  failed: boolean;
  reload: boolean;
}

function bucketFor(f: Facts, migrating: boolean): Bucket {
  const required = f.stops.filter((s) => s.required);
  const from = f.current[0];
  if (from === undefined) return f.target !== null && f.start.required ? { kind: 'start', node: f.target } : { kind: 'none' };
  if (required.length === 0 && !f.start.required) return f.reload && f.target === from ? { kind: 'reload', node: from } : { kind: 'keep', node: from };
  if (f.target === null || !f.start.runnable) return { kind: 'stop', nodes: required.map((s) => s.node!) };
  const to = f.target;
  if (f.current.includes(to) && f.current.length > 1 && !f.failed) return { kind: 'restart', node: to };
  if (f.failed) return { kind: 'recover', from: f.current.includes(to) ? to : from, to };
  if (from !== to) return migrating ? { kind: 'migrate', from, to } : { kind: 'move', from, to };
  return f.reload ? { kind: 'reload', node: to } : { kind: 'restart', node: to };
}

function reasonFor(bucket: Bucket, f: Facts, downgraded: Reason | undefined): { why?: Reason; blocked: boolean } {
  const stop = f.stops.find((s) => s.required) ?? f.stops[0];
  switch (bucket.kind) {
    case 'start': return { why: f.start.runnable ? undefined : f.start.reason, blocked: !f.start.runnable };
    case 'stop': {
      const why = f.target !== null && !f.start.runnable && f.start.reason && f.start.reason.text !== '' ? f.start.reason : stop?.reason;
      return { why: why ?? { code: 'node-availability', text: 'node availability' }, blocked: !(stop?.runnable ?? true) };
    }
    case 'restart': {
      // Only an order or a changed definition is worth saying; a restart of its own needs no words.
      const said = (r: Reason | undefined): boolean => r?.code === 'required-by-order' || r?.code === 'definition-changed';
      const why = said(f.start.reason) ? f.start.reason : stop?.reason?.code === 'required-by-order' || stop?.reason?.code === 'unfencing' ? stop.reason : undefined;
      return { why, blocked: !(stop?.runnable ?? true) };
    }
    case 'move': return { why: downgraded, blocked: !(stop?.runnable ?? true) };
    case 'recover': case 'migrate': case 'reload': return { blocked: !(stop?.runnable ?? true) };
    default: return { blocked: false };
  }
}

/** Sorts every primitive into exactly one bucket. */
export function reconcile(input: ReconcileInput): Reconciled {
  const { net, migrating, downgraded } = settleMigrations(input);
  const decisions = new Map<string, Decision>();
  for (const id of input.index.order) {
    const info = input.index.primitives.get(id)!;
    const states = (input.unpacked.byResource.get(id) ?? []).filter((s) => s.role !== 'stopped');
    const facts: Facts = {
      info, current: states.map((s) => s.node), target: input.placement.node.get(id) ?? null,
      start: net.acts.get(`${id}:start`)!, stops: states.map((s) => net.acts.get(`${id}:stop@${s.node}`)!),
      // A failure on a node lost anyway is moot: its resources simply move after the fence.
      failed: states.some((s) => s.failed && input.nodes.nodes.get(s.node)?.state !== 'unclean'), reload: states.some((s) => s.digest === 'reload'),
    };
    const roles = roleChange(input, info, states);
    const bucket = withRoleChange(bucketFor(facts, migrating.has(id)), roles, facts.current);
    let { why, blocked } = reasonFor(bucket, facts, downgraded.get(id));
    if (roles?.to === 'Promoted' && roles.from !== 'Promoted' && (bucket.kind === 'start' || bucket.kind === 'promote')) {
      // The summary line is the promotion's: blocked with its start gives no reason of its own.
      const blocker = blocked ? undefined : promotionBlocker(input, net, info);
      if (blocked) why = undefined;
      else if (blocker !== undefined) { why = blocker; blocked = true; }
    }
    const decision: Decision = { resource: id, bucket, blocked, reason: why?.text, why, current: facts.current, target: facts.target, managed: info.meta.managed };
    if (roles !== undefined) decision.roles = roles;
    decisions.set(id, decision);
  }
  // Instances past clone-max are always stopped; stop-orphan-resources governs only resources
  // that are no longer configured at all.
  const orphanStops = input.unpacked.orphans
    .filter((o) => input.stopOrphans !== false || input.index.primitives.has(instanceId(baseId(o.resource), 0)))
    .map((o) => ({ resource: o.resource, node: o.node }));
  return { decisions, network: net, orphanStops };
}
