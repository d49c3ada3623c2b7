// Stage 1: unpack the raw operation history into what each resource is doing on each node:
// its role there, whether it failed (and with which on-fail policy), bans earned by hard
// errors, fail-counts (typed, from the status; failure-timeout expiry against `now`), changed definitions and
// migrations in flight. Ops are replayed in call-id order, the way the executor ran them.
import type { ClusterDocument, FailCount, OnFail, OperationRecord, ResourceHistory } from '../config/model.ts';
import type { PrimitiveInfo, ResourceIndex } from './resources.ts';
import { INFINITY } from './score.ts';
import { digestStatus, type DigestChange } from './digest.ts';
import { assert } from '../assert.ts';

export type UnpackedRole = 'stopped' | 'started' | 'promoted';

export interface FailureNote {
  operation: string;
  intervalMs: number;
  rc: number;
  onFail: OnFail;
  /** Seconds since the epoch, when known. */
  time?: number;
}

/** What one resource is doing on one node, as far as the history tells. */
export interface ResourceOnNode {
  resource: string;
  node: string;
  role: UnpackedRole;
  /** The last relevant op failed and the resource must be recovered (stop, then start). */
  failed: boolean;
  failure?: FailureNote;
  /** A stop failed: nothing is known until the node is fenced. */
  stopFailed: boolean;
  /** An operation is in flight. */
  pending?: string;
  /** A hard error banned this node ("not installed" and the like). */
  banReason?: string;
  /** rc 6 (not configured): the resource may run nowhere. */
  banEverywhere?: string;
  digest: DigestChange;
  /** Sum of fail-counts on this node, after failure-timeout expiry. */
  failCount: number;
  /** Half-done live migration recorded on this node. */
  migration?: { source: string; target: string; step: 'migrate_to' | 'migrate_from' };
  /** The node has probed (or otherwise recorded) this resource. */
  known: boolean;
  /** A failure here was ignored (on-fail=ignore): the fail-count does not count toward
   *  migration-threshold (Pacemaker 2.1.5, conformance case on-fail-ignore). */
  failureIgnored?: boolean;
}

export interface Unpacked {
  /** Per primitive id: its records, one per node that has history. */
  byResource: Map<string, ResourceOnNode[]>;
  /** History of resources no longer configured: they must be stopped. */
  orphans: ResourceOnNode[];
}

const HARD_RCS = new Set([2, 3, 4, 5]);

function sortedOps(h: ResourceHistory): readonly OperationRecord[] {
  // Pending ops (call-id -1) ran last; otherwise the executor's call order. Most histories are
  // already in that order with nothing cancelled: those are used as they are, without a copy.
  const ops = h.operations;
  let inOrder = true;
  for (let i = 0; i < ops.length && inOrder; i++) {
    inOrder = ops[i]!.status !== 'cancelled' && (i === 0 || compareOps(ops[i - 1]!, ops[i]!) < 0);
  }
  if (inOrder) return ops;
  return h.operations.filter((o) => o.status !== 'cancelled').sort(compareOps);
}

/** Executor call order; a pending op (no call-id yet) ran last, unless a completed op came from
 *  a later transition than the one that asked for it (735: a stop after a stale pending start). */
function compareOps(a: OperationRecord, b: OperationRecord): number {
  if ((a.callId < 0 || b.callId < 0) && a.graphId !== undefined && b.graphId !== undefined && a.graphId !== b.graphId && (a.callId < 0) !== (b.callId < 0)) {
    return a.graphId - b.graphId;
  }
  return callOrder(a) - callOrder(b);
}

function callOrder(op: OperationRecord): number {
  return op.callId < 0 ? Infinity : op.callId;
}

function onFailFor(info: PrimitiveInfo | undefined, op: OperationRecord, fencingEnabled: boolean): OnFail {
  const conf = info?.def.operations.find((o) => o.name === op.operation && o.intervalMs === op.intervalMs)
    ?? (op.operation === 'monitor' ? info?.def.operations.find((o) => o.name === 'monitor' && o.onFail) : undefined);
  if (conf?.onFail) return conf.onFail === 'fence' && !fencingEnabled ? 'block' : conf.onFail;
  if (op.operation === 'stop') return fencingEnabled ? 'fence' : 'block';
  return 'restart';
}

function isProbe(op: OperationRecord): boolean {
  return op.operation === 'monitor' && op.intervalMs === 0;
}

/** A resource's fail-count from typed fail-counts (all on one node): the sum over its operations. */
export function failCountOf(failCounts: readonly FailCount[], rsc: string, nowS: number, failureTimeoutS: number, anonymous = false): number {
  return indexedFailCount(failCountIndex(failCounts).get(failCounts[0]?.node ?? ''), rsc, nowS, failureTimeoutS, anonymous);
}

/** One node's fail-counts by the resource id they count for, so each history looks up its own
 *  instead of scanning them all. */
export type FailCountIndex = Map<string, FailCount[]>;

/** Index key suffix of legacy instance-numbered names, looked up by anonymous clones only. */
const ANY_INSTANCE = ':*';

function addEntry(index: FailCountIndex, rsc: string, f: FailCount): void {
  const list = index.get(rsc);
  if (list) list.push(f);
  else index.set(rsc, [f]);
}

/** Each node's fail-count index, by node name. Legacy names of anonymous clone instances
 *  (rsc:1) also count for the child's own id, which is what an anonymous instance looks its
 *  fail-count up by. */
export function failCountIndex(failCounts: readonly FailCount[]): Map<string, FailCountIndex> {
  const byNode = new Map<string, FailCountIndex>();
  for (const f of failCounts) {
    let index = byNode.get(f.node);
    if (index === undefined) { index = new Map(); byNode.set(f.node, index); }
    addEntry(index, f.resource, f);
    const anonymous = /^(.+):\d+$/.exec(f.resource);
    if (anonymous) addEntry(index, `${anonymous[1]!}${ANY_INSTANCE}`, f);
  }
  return byNode;
}

/** A resource's fail-count from one node's index; `anonymous`: also the legacy names of any instance (rsc:N).
 *  The counts are summed; all expire together once failure-timeout has passed since the last failure. */
export function indexedFailCount(index: FailCountIndex | undefined, rsc: string, nowS: number, failureTimeoutS: number, anonymous = false): number {
  const own = index?.get(rsc);
  const legacy = anonymous ? index?.get(`${rsc}${ANY_INSTANCE}`) : undefined;
  const entries = legacy === undefined ? own : [...(own ?? []), ...legacy];
  if (entries === undefined) return 0;
  let sum = 0;
  let last = 0;
  for (const f of entries) {
    sum = Math.min(INFINITY, sum + f.count);
    last = Math.max(last, f.lastFailureS);
  }
  if (sum > 0 && failureTimeoutS > 0 && last > 0 && nowS >= last + failureTimeoutS) return 0;
  return sum;
}

interface Replay {
  state: ResourceOnNode;
  info: PrimitiveInfo | undefined;
  fencingEnabled: boolean;
  failureTimeoutS: number;
  nowS: number;
}

/** A failure older than failure-timeout, once its fail-count has expired too, is forgotten. */
function expired(r: Replay, op: OperationRecord): boolean {
  if (r.failureTimeoutS <= 0 || op.operation === 'stop') return false;
  const t = op.lastRcChange ?? op.lastRun;
  return t !== undefined && r.nowS >= t + r.failureTimeoutS && r.state.failCount === 0;
}

function applySuccess(r: Replay, op: OperationRecord): void {
  const s = r.state;
  const probe = isProbe(op);
  if (op.operation === 'stop') { s.role = 'stopped'; s.failed = false; s.stopFailed = false; s.failure = undefined; s.migration = undefined; return; }
  if (op.operation === 'start' || op.operation === 'migrate_from') { s.role = 'started'; s.failed = false; s.failure = undefined; }
  if (op.operation === 'migrate_from') s.migration = { source: op.migrateSource ?? '', target: op.migrateTarget ?? s.node, step: 'migrate_from' };
  if (op.operation === 'migrate_to') {
    s.role = 'started';
    s.migration = { source: op.migrateSource ?? s.node, target: op.migrateTarget ?? '', step: 'migrate_to' };
  }
  if (op.operation === 'promote') s.role = 'promoted';
  if (op.operation === 'demote') s.role = 'started';
  if (op.operation === 'monitor') {
    if (op.rc === 7) { s.role = 'stopped'; s.failed = false; s.failure = undefined; }
    else if (op.rc === 8 || op.rc === 191) s.role = 'promoted';
    else if (probe || s.role === 'stopped') s.role = 'started';
  }
}

function applyFailure(r: Replay, op: OperationRecord): void {
  const s = r.state;
  const onFail = onFailFor(r.info, op, r.fencingEnabled);
  const note: FailureNote = { operation: op.operation, intervalMs: op.intervalMs, rc: op.rc, onFail, time: op.lastRcChange ?? op.lastRun };
  if (onFail === 'ignore') { s.failureIgnored = true; if (op.operation === 'start' || isProbe(op)) s.role = 'started'; return; }
  if (op.status === 'error-fatal' || op.rc === 6) s.banEverywhere = `${op.operation} returned 'not configured' (6) on ${s.node}`;
  else if (op.status === 'error-hard' || op.status === 'not-installed' || op.status === 'not-supported' || HARD_RCS.has(op.rc)) {
    s.banReason = `${op.operation} failed with a hard error (rc ${op.rc}) on ${s.node}`;
  }
  if (op.operation === 'stop') { s.stopFailed = true; s.role = 'started'; }
  if (op.operation === 'migrate_to' || op.operation === 'migrate_from') s.migration = undefined;
  if (s.role === 'stopped' && op.operation !== 'stop') s.role = 'started';
  // rc 9: running promoted, but failed. A failed demote leaves it unpromoted, unless the
  // failure blocks it where it is (it may still be promoted).
  if (op.rc === 9) s.role = 'promoted';
  else if (op.operation === 'demote' && onFail !== 'block') s.role = 'started';
  s.failed = true;
  s.failure = note;
}

function replayOp(r: Replay, op: OperationRecord): void {
  const s = r.state;
  if (op.status === 'pending') {
    s.pending = op.operation;
    if (op.operation === 'start' || op.operation === 'migrate_to' || op.operation === 'migrate_from' || op.operation === 'stop') s.role = 'started';
    return;
  }
  s.known = true;
  // A probe saying "not installed" just means "not running here".
  const probe = isProbe(op);
  const stoppedMonitor = op.operation === 'monitor' && op.intervalMs > 0 && r.info?.def.operations.some((o) =>
    o.name === 'monitor' && o.intervalMs === op.intervalMs && o.role?.toLowerCase() === 'stopped') === true;
  // Legacy op-status 4 (error) is judged by its rc alone, like a completed op.
  // A probe the executor could not run because the agent is missing (op-status 7): not running.
  const notInstalledProbe = probe && (op.rc === 5 || op.status === 'not-installed');
  // A role=Stopped monitor expects 7: finding the resource running (0) is a failure.
  const ok = ((op.status === 'done' || op.status === 'error') && ((op.rc === 0 && !stoppedMonitor) || op.rc === 190 || (op.rc === 7 && (probe || stoppedMonitor)) || op.rc === 8 || op.rc === 191))
    || notInstalledProbe;
  if (ok) {
    // Not installed here: not running, and it cannot run here either.
    if (notInstalledProbe) { s.role = 'stopped'; s.failed = false; s.banReason = `probe returned 'not installed' (5) on ${s.node}`; return; }
    applySuccess(r, op);
    return;
  }
  if (expired(r, op)) return;
  applyFailure(r, op);
}

function isAnonymous(info: PrimitiveInfo | undefined): boolean {
  return info?.clone !== undefined && !info.uniqueInstance;
}

/** Anonymous clone instances share one fail-count, kept under the child's own id (rsc, not rsc:0). */
function failCountName(id: string, info: PrimitiveInfo | undefined): string {
  return isAnonymous(info) ? id.replace(/:\d+$/, '') : id;
}

/** `failIndex`: each status node's fail-count index by name, when the caller has built them
 *  (first node of a name wins, like find). */
export function unpackHistory(doc: ClusterDocument, h: ResourceHistory, info: PrimitiveInfo | undefined, nowS: number, failIndex?: ReadonlyMap<string, FailCountIndex>): ResourceOnNode {
  const failureTimeoutS = info?.meta.failureTimeoutS ?? 0;
  const name = failCountName(h.resource, info);
  const failCount = indexedFailCount((failIndex ?? nodeFailIndexes(doc)).get(h.node), name, nowS, failureTimeoutS, isAnonymous(info));
  const state: ResourceOnNode = {
    resource: h.resource, node: h.node, role: 'stopped', failed: false, stopFailed: false,
    digest: 'same', failCount, known: false,
    // Every optional field present from the start: one object shape, no property store grown later.
    failure: undefined, pending: undefined, banReason: undefined, banEverywhere: undefined, migration: undefined, failureIgnored: undefined,
  };
  // No closure per history: replay state is plain data (this runs once per resource per node).
  const replay: Replay = { state, info, fencingEnabled: doc.config.options.fencingEnabled, failureTimeoutS, nowS };
  const ops = sortedOps(h);
  for (const op of ops) replayOp(replay, op);
  if (info && info.def.class !== 'stonith' && state.role !== 'stopped') state.digest = digestStatus(info.def, ops);
  return state;
}

/** Each node's fail-count index, by node name. */
export function nodeFailIndexes(doc: ClusterDocument): Map<string, FailCountIndex> {
  return failCountIndex(doc.status.failCounts ?? []);
}

/** A primitive's fail-count on a node from the node's attributes alone (no history needed). */
export function attributeFailCount(failIndex: ReadonlyMap<string, FailCountIndex>, node: string, info: PrimitiveInfo, nowS: number): number {
  return indexedFailCount(failIndex.get(node), failCountName(info.id, info), nowS, info.meta.failureTimeoutS, isAnonymous(info));
}

/** Unpacks every resource history in the status. */
export function unpackStatus(doc: ClusterDocument, index: ResourceIndex, nowS: number): Unpacked {
  const byResource = new Map<string, ResourceOnNode[]>();
  const orphans: ResourceOnNode[] = [];
  const failIndex = nodeFailIndexes(doc);
  for (const h of doc.status.history) {
    const info = index.primitives.get(h.resource);
    const state = unpackHistory(doc, h, info, nowS, failIndex);
    if (!info) {
      if (state.role !== 'stopped') orphans.push(state);
      continue;
    }
    let list = byResource.get(h.resource);
    if (list === undefined) { list = []; byResource.set(h.resource, list); }
    for (const s of list) if (s.node === h.node) assert(false, `two histories for ${h.resource} on ${h.node}`);
    list.push(state);
  }
  return { byResource, orphans };
}

/** Nodes where the resource is active (its role is not stopped). */
export function activeNodes(states: readonly ResourceOnNode[] | undefined): string[] {
  return (states ?? []).filter((s) => s.role !== 'stopped').map((s) => s.node);
}

/** The primitive a fail-count's resource name counts for: its own id, or an anonymous clone's instance. */
function primitiveOfFailCount(index: ResourceIndex, resource: string): PrimitiveInfo | undefined {
  return index.primitives.get(resource) ?? index.primitives.get(`${resource}:0`) ?? index.primitives.get(resource.replace(/:\d+$/, ':0'));
}

/**
 * The fail-counts whose resource's failure-timeout has passed by `nowS` (all of a resource's
 * counts on a node expire together, after its last failure): the scheduler counts them as 0,
 * and the coordinator forgets them, as Pacemaker clears an expired fail-count.
 */
export function expiredFailCounts(failCounts: readonly FailCount[], index: ResourceIndex, nowS: number): FailCount[] {
  if (failCounts.length === 0) return [];
  const byNode = failCountIndex(failCounts);
  return failCounts.filter((f) => {
    const info = primitiveOfFailCount(index, f.resource);
    const timeoutS = info?.meta.failureTimeoutS ?? 0;
    if (info === undefined || timeoutS <= 0) return false;
    return indexedFailCount(byNode.get(f.node), failCountName(info.id, info), nowS, timeoutS, isAnonymous(info)) === 0;
  });
}
