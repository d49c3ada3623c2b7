// The coordinator's status document: what every agent operation recorded, kept the way
// Pacemaker keeps its status section (per resource and node: the last one-shot operation, the
// last failure, the last result of each recurring monitor), so the scheduler reads it exactly
// as it reads a CIB. Pure functions over plain JSON.
import type { ClusterDocument, ClusterStatus, ExecStatus, FailCount, NodeStatus, OperationRecord, ResourceHistory } from '../config/model.ts';
import type { AgentOperation } from '../ocf/operation.ts';
import type { StampedResult } from './resource-types.ts';
import type { CoordinatorContext } from './coordinator-types.ts';
import type { NodeStateName } from './node-types.ts';
import { withoutTransientAttributes } from '../attributes/node-attributes.ts';
import { parseDurationMs } from '../config/scalars.ts';
import { FAIL_COUNT_INFINITY, withFailure } from '../config/fail-counts.ts';
import { expiredFailCounts } from '../scheduler/unpack.ts';
import type { ResourceIndex } from '../scheduler/resources.ts';
import { recordedDigests } from '../scheduler/digest.ts';

const RC_NOT_RUNNING = 7;

/** The status entry of a node, created empty when missing. */
export function nodeStatusOf(status: ClusterStatus, node: string): NodeStatus {
  return status.nodes.find((n) => n.name === node) ?? { name: node, online: false, unclean: false, shutdown: false, attributes: {} };
}

function withNodeStatus(status: ClusterStatus, entry: NodeStatus): ClusterStatus {
  const others = status.nodes.filter((n) => n.name !== entry.name);
  return { ...status, nodes: [...others, entry].sort((a, b) => a.name.localeCompare(b.name)) };
}

export function isUnverified(doc: ClusterDocument, node: string): boolean {
  return doc.status.nodes.some((n) => n.name === node && n.unverified === true);
}

/** Marks `node` unverified (see NodeStatus.unverified), or verified; the mark is replicated with the status. */
export function setUnverified(doc: ClusterDocument, node: string, unverified: boolean): ClusterDocument {
  if (isUnverified(doc, node) === unverified) return doc;
  const { unverified: _was, ...entry } = nodeStatusOf(doc.status, node);
  return { ...doc, status: withNodeStatus(doc.status, unverified ? { ...entry, unverified } : entry) };
}

/**
 * Whether each of `resources` has an operation on `node` that completed normally: what runs
 * there is known. (An operation that could not run, or failed, tells nothing: chaos seed 513.)
 */
export function probedOn(doc: ClusterDocument, resources: readonly string[], node: string): boolean {
  return resources.every((id) => doc.status.history.some((h) => h.resource === id && h.node === node && h.operations.some((r) => r.status === 'done')));
}

/**
 * The operation name the history uses: a failed validate-all counts as a failed start, and a
 * reload that succeeded as a start with its parameters (the scheduler then compares today's
 * definition with what the resource last started or reloaded with).
 */
function historyOperation(op: AgentOperation, result: StampedResult): string {
  if (op.action === 'validate-all') return 'start';
  if ((op.action === 'reload-agent' || op.action === 'reload') && result.rc === 0 && !result.timedOut) return 'start';
  return op.action;
}

function execStatusOf(result: StampedResult): ExecStatus {
  if (result.timedOut) return 'timeout';
  return result.rc === 0 || result.rc === RC_NOT_RUNNING || result.rc === 8 ? 'done' : 'error';
}

function isFailure(operation: string, intervalMs: number, rc: number, status: ExecStatus): boolean {
  if (status === 'timeout') return true;
  if (rc === 0) return false;
  const probe = operation === 'monitor' && intervalMs === 0;
  return !(probe && (rc === RC_NOT_RUNNING || rc === 5)) && !(operation === 'monitor' && rc === 8);
}

/** Records one finished operation in the history; `callId` orders it after everything before on its node. */
export function recordOperation(doc: ClusterDocument, op: AgentOperation, result: StampedResult, callId: number): ClusterDocument {
  const operation = historyOperation(op, result);
  // OCF: stopping a stopped resource succeeds; some agents still say "not running".
  const rc = operation === 'stop' && result.rc === RC_NOT_RUNNING ? 0 : result.rc;
  const status = execStatusOf({ ...result, rc });
  const atS = Math.floor(result.endedAtMs / 1000);
  const record: OperationRecord = {
    operation, intervalMs: op.intervalMs, rc: result.timedOut ? 1 : rc, status, callId,
    lastRcChange: atS, lastRun: atS, execTimeMs: result.durationMs,
  };
  if (op.meta['migrate-source'] !== undefined || op.meta['migrate-target'] !== undefined) {
    record.migrateSource = op.action === 'migrate_from' ? op.meta['migrate-source'] : op.node;
    record.migrateTarget = op.action === 'migrate_to' ? op.meta['migrate-target'] : op.node;
  }
  // What it now runs with, so that a later change of definition is seen (digest.ts).
  if ((operation === 'start' || operation === 'migrate_from') && record.rc === 0 && status === 'done') Object.assign(record, recordedDigests(op.params, result.forceRestart));
  const failure = isFailure(operation, op.intervalMs, record.rc, status);
  const recurring = operation === 'monitor' && op.intervalMs > 0;
  const slot = recurring ? `${op.resource}_monitor_${op.intervalMs}` : `${op.resource}_last_0`;
  record.id = slot;
  const history = doc.status.history;
  const at = history.findIndex((h) => h.resource === op.resource && h.node === op.node);
  const previous: ResourceHistory = at >= 0 ? history[at]! : {
    resource: op.resource, node: op.node, class: op.agent.class, provider: op.agent.provider, type: op.agent.type, operations: [],
  };
  // Found running after a rejoin (rejoinHistory): it still runs with what it last started with.
  // Found running (a probe): it runs with what its node says it last started it with, or what the
  // history said before the node rejoined (rejoinHistory).
  const known = operation === 'monitor' && op.intervalMs === 0 && record.rc === 0 && status === 'done'
    ? result.startedWith ?? previous.operations.find((r) => r.status === 'pending' && r.startedWith !== undefined)?.startedWith : undefined;
  if (known?.opDigest !== undefined) Object.assign(record, { operation: 'start' }, recordedFrom(known));
  const failureSlot = `${op.resource}_last_failure_0`;
  let operations = previous.operations.filter((r) => r.id !== slot && !(failure && r.id === failureSlot));
  // A one-shot operation supersedes recurring results older than it (Pacemaker cancels them).
  if (!recurring && operation !== 'monitor') operations = operations.filter((r) => !(r.operation === 'monitor' && r.intervalMs > 0));
  // Any one-shot result ends the start that was pending (recordPendingStart).
  if (!recurring) operations = operations.filter((r) => r.status !== 'pending');
  operations.push(record);
  if (failure) operations.push({ ...record, id: failureSlot });
  const entry = { ...previous, operations };
  const next = at >= 0 ? history.map((h, i) => (i === at ? entry : h)) : [...history, entry];
  return { ...doc, status: { ...doc.status, history: next } };
}

/** The digests a record carries (recordedDigests), to carry them on to another. */
export function recordedFrom(r: Pick<OperationRecord, 'opDigest' | 'restartDigest' | 'forceRestart'>): Pick<OperationRecord, 'opDigest' | 'restartDigest' | 'forceRestart'> {
  return { opDigest: r.opDigest, ...(r.restartDigest !== undefined ? { restartDigest: r.restartDigest } : {}), ...(r.forceRestart !== undefined ? { forceRestart: r.forceRestart } : {}) };
}

/** A start in flight, as Pacemaker's record-pending writes it (no call id yet). */
export function pendingStartRecord(id: string): OperationRecord {
  return { operation: 'start', intervalMs: 0, rc: 0, status: 'pending', callId: -1, id };
}

/**
 * Marks a start in flight on `node` (Pacemaker's record-pending): until an operation's result
 * is recorded there, the scheduler sees the resource active there (role started), and so does
 * whoever coordinates next. Without it, an instance restarting itself after a failed monitor
 * looked stopped once its stop was recorded, and was started elsewhere while its own start ran
 * (chaos seed 1). Kept beside the last result (whose slot the start's result takes), so the
 * scheduler still knows the instance's state and does not probe it.
 */
export function recordPendingStart(doc: ClusterDocument, resource: string, node: string, agent: AgentOperation['agent']): ClusterDocument {
  const id = `${resource}_pending_0`;
  const history = doc.status.history;
  const at = history.findIndex((h) => h.resource === resource && h.node === node);
  const previous: ResourceHistory = at >= 0 ? history[at]! : { resource, node, class: agent.class, provider: agent.provider, type: agent.type, operations: [] };
  if (previous.operations.some((r) => r.id === id)) return doc;
  const entry = { ...previous, operations: [...previous.operations, pendingStartRecord(id)] };
  const next = at >= 0 ? history.map((h, i) => (i === at ? entry : h)) : [...history, entry];
  return { ...doc, status: { ...doc.status, history: next } };
}

/**
 * Forgets every operation recorded on `node` (it was fenced, or its daemon restarted: re-probe),
 * and with `failures` its transient attributes and fail-counts too (it was fenced or left).
 */
export function forgetNode(doc: ClusterDocument, node: string, keep: (h: ResourceHistory) => boolean = () => false, opts: { failures?: boolean } = {}): ClusterDocument {
  const history = doc.status.history.filter((h) => h.node !== node || keep(h));
  const next = { ...doc, status: { ...doc.status, history } };
  if (!opts.failures) return next;
  const cleared = withoutTransientAttributes(next, node);
  return withFailCounts(cleared, (cleared.status.failCounts ?? []).filter((f) => f.node !== node));
}

/** Forgets a resource's history and fail-counts (cleanup), on one node or all. */
export function forgetResource(doc: ClusterDocument, resource: string, node?: string): ClusterDocument {
  const matches = (id: string) => id === resource || id.startsWith(`${resource}:`);
  const history = doc.status.history.filter((h) => !(matches(h.resource) && (node === undefined || h.node === node)));
  const failCounts = (doc.status.failCounts ?? []).filter((f) => !(matches(f.resource) && (node === undefined || f.node === node)));
  return withFailCounts({ ...doc, status: { ...doc.status, history } }, failCounts);
}

function withFailCounts(doc: ClusterDocument, failCounts: FailCount[]): ClusterDocument {
  if (failCounts.length === (doc.status.failCounts?.length ?? 0)) return doc;
  const { failCounts: _was, ...status } = doc.status;
  return { ...doc, status: failCounts.length > 0 ? { ...status, failCounts } : status };
}

/** Anonymous clone instances share one fail-count under the child's own id. */
export function failCountName(resource: string, anonymousClone: boolean): string {
  return anonymousClone ? resource.replace(/:\d+$/, '') : resource;
}

/**
 * Whether this result repeats the failure its recurring monitor last reported (same rc): the
 * monitor keeps running on a failed instance until the decider acts, and a failure is counted
 * (and acted on) once, when the result changes, as Pacemaker's executor reports it.
 */
export function repeatsFailure(doc: ClusterDocument, op: AgentOperation, result: StampedResult): boolean {
  if (op.action !== 'monitor' || op.intervalMs === 0) return false;
  const slot = `${op.resource}_monitor_${op.intervalMs}`;
  const previous = doc.status.history.find((h) => h.resource === op.resource && h.node === op.node)?.operations.find((r) => r.id === slot);
  if (previous === undefined) return false;
  const rc = result.timedOut ? 1 : result.rc;
  return previous.rc === rc && (previous.status === 'timeout') === result.timedOut && isFailure('monitor', op.intervalMs, rc, previous.status);
}

/**
 * Counts the failure this result is, if it is one, under `name` (see failCountName): typed data
 * the scheduler reads as it is. A failed start counts INFINITY with start-failure-is-fatal.
 */
export function countFailure(doc: ClusterDocument, name: string, op: AgentOperation, result: StampedResult): ClusterDocument {
  const operation = historyOperation(op, result);
  const rc = operation === 'stop' && result.rc === RC_NOT_RUNNING ? 0 : result.rc;
  const status = execStatusOf({ ...result, rc });
  if (!isFailure(operation, op.intervalMs, result.timedOut ? 1 : rc, status)) return doc;
  const infinite = operation === 'start' && doc.config.options.startFailureIsFatal;
  const key = { resource: name, node: op.node, operation, intervalMs: op.intervalMs };
  return { ...doc, status: { ...doc.status, failCounts: withFailure(doc.status.failCounts, key, Math.floor(result.endedAtMs / 1000), infinite) } };
}

/** `resource`'s fail-count on `node` as recorded (summed over its operations; expiry is the scheduler's). */
export function failCountOn(doc: ClusterDocument, name: string, node: string): number {
  return Math.min(FAIL_COUNT_INFINITY, (doc.status.failCounts ?? []).filter((f) => f.resource === name && f.node === node).reduce((a, f) => a + f.count, 0));
}

/** The status without the fail-counts the scheduler judges expired at `nowMs` (Pacemaker clears them too). */
export function forgetExpiredFailures(doc: ClusterDocument, index: ResourceIndex, nowMs: number): ClusterDocument {
  const expired = new Set(expiredFailCounts(doc.status.failCounts ?? [], index, Math.floor(nowMs / 1000)));
  return expired.size === 0 ? doc : withFailCounts(doc, (doc.status.failCounts ?? []).filter((f) => !expired.has(f)));
}

const MEMBER_STATES: readonly NodeStateName[] = ['joining', 'online', 'standby', 'maintenance', 'shutting-down'];

/**
 * The document the scheduler sees: node states from the node actors and the membership, the
 * administrator's modes from the config, quorum (a coordinator only acts with it). A detached
 * daemon's node (it left its resources running) is shown in maintenance: what runs there is
 * left alone and nothing is started there until its daemon is back and has re-probed.
 */
export function schedulerDocument(ctx: CoordinatorContext): ClusterDocument {
  const doc = ctx.doc;
  const nodes: NodeStatus[] = doc.config.nodes.map((n) => {
    const state = ctx.nodes[n.name]?.state ?? 'offline';
    const detached = ctx.departed[n.name] === 'detached';
    const member = ctx.members.includes(n.name);
    return {
      ...nodeStatusOf(doc.status, n.name),
      online: (member && MEMBER_STATES.includes(state)) || detached,
      unclean: state === 'unclean' || state === 'fencing',
      shutdown: state === 'shutting-down',
    };
  });
  const detachedNodes = new Set(Object.entries(ctx.departed).filter(([, d]) => d === 'detached').map(([n]) => n));
  // Without fencing, vigil still keeps an unclean node's resources where they were until an
  // administrator confirms the node down: the scheduler is shown fencing as enabled, so the
  // recovery waits behind a fence that only the confirmation completes.
  const awaitingConfirmation = Object.values(ctx.nodes).some((r) => r.recoveryBlocked === 'awaiting-confirmation');
  const options = awaitingConfirmation ? { ...doc.config.options, fencingEnabled: true } : doc.config.options;
  const configNodes = detachedNodes.size === 0 ? doc.config.nodes
    : doc.config.nodes.map((n) => (detachedNodes.has(n.name) ? { ...n, maintenance: true } : n));
  return {
    config: { ...doc.config, options, nodes: configNodes },
    status: { ...doc.status, nodes, quorum: true, coordinator: ctx.self, now: undefined },
  };
}

/** Pacemaker's cluster-recheck-interval default: the longest a coordinator stays idle. */
export const RECHECK_MAX_MS = 15 * 60_000;

/** The configured cluster-recheck-interval (0 or unset: the default). */
export function recheckIntervalMs(doc: ClusterDocument): number {
  const configured = parseDurationMs(doc.config.options.other['cluster-recheck-interval'] ?? '');
  return configured !== undefined && configured > 0 ? configured : RECHECK_MAX_MS;
}

/** When the next fail-count expires after `nowMs` (failure-timeout; just after its last second), if any. */
export function nextExpiryMs(doc: ClusterDocument, failureTimeoutS: (resource: string) => number, nowMs: number): number | undefined {
  let next: number | undefined;
  for (const f of doc.status.failCounts ?? []) {
    const timeoutS = failureTimeoutS(f.resource);
    const at = (f.lastFailureS + timeoutS) * 1000 + 1;
    if (timeoutS > 0 && f.count > 0 && at > nowMs) next = next === undefined ? at : Math.min(next, at);
  }
  return next;
}

/**
 * How long the coordinator stays idle: until the next fail-count expires, capped at the
 * cluster-recheck-interval. Its one timer: time alone changes a plan only through
 * failure-timeouts (and date rules, which the recheck interval catches).
 */
export function recheckDelayMs(doc: ClusterDocument, failureTimeoutS: (resource: string) => number, nowMs: number): number {
  const expiry = nextExpiryMs(doc, failureTimeoutS, nowMs);
  const interval = recheckIntervalMs(doc);
  return expiry === undefined ? interval : Math.min(interval, Math.max(0, expiry - nowMs));
}
