// The compact status form (`web: { node1: started }`) → the raw operation history Pacemaker
// would have recorded for it, so the scheduler reads the same thing from YAML as from a CIB.
// Shared by the loader and by the writer (which checks that its compact form reproduces a
// history before it writes it).
import { assert } from '../../assert.ts';
import { INFINITY, type ClusterOptions, type ExecStatus, type OperationRecord, type Primitive, type ResourceHistory } from '../model.ts';

export const RESOURCE_STATES = [
  'started', 'stopped', 'failed', 'stop-failed', 'start-failed', 'unknown', 'pending-start', 'pending-stop',
] as const;
export type ResourceState = (typeof RESOURCE_STATES)[number];

export interface FailureEntry {
  operation: string;
  intervalMs: number;
  rc?: number;
  /** Seconds since the epoch. */
  at?: number;
}

export interface ResourceStateEntry {
  state: ResourceState;
  /** For stopped: found stopped by a probe (default), or stopped by a stop after a start. */
  via?: 'probe' | 'stop';
  /** Explicit fail-count (INFINITY allowed); when absent, what Pacemaker would have counted. */
  failCount?: number;
  failures: FailureEntry[];
}

/** Pacemaker's code for an operation still in flight. */
export const RC_PENDING = 193;
const RC_GENERIC_ERROR = 1;
const RC_NOT_RUNNING = 7;

export interface Synthesized {
  history?: ResourceHistory;
  /** Transient node attributes: fail-count-<rsc>#<op>_<ms> and last-failure-<rsc>#<op>_<ms>. */
  attributes: Record<string, string>;
}

/** Monitors that run while the resource is merely started (not the promoted-role ones). */
export function startedMonitors(primitive: Primitive): number[] {
  return primitive.operations
    .filter((op) => op.name === 'monitor' && op.intervalMs > 0 && op.enabled && (op.role === undefined || op.role === 'Started' || op.role === 'Unpromoted'))
    .map((op) => op.intervalMs);
}

/** The recurring monitor whose failure made the resource `failed`; undefined if there is none. */
export function failedMonitorMs(primitive: Primitive, entry: ResourceStateEntry): number | undefined {
  const first = entry.failures[0];
  if (first?.operation === 'monitor' && first.intervalMs > 0) return first.intervalMs;
  return startedMonitors(primitive)[0];
}

function execStatus(rc: number): ExecStatus {
  return rc === 0 || rc === RC_NOT_RUNNING || rc === 8 ? 'done' : 'error';
}

/**
 * The operation records for one resource on one node. `nextCallId` numbers executed operations
 * in order on that node; pending ones get -1, as Pacemaker records them.
 */
export function synthesizeRecords(primitive: Primitive, entry: ResourceStateEntry, nextCallId: () => number): OperationRecord[] {
  const op = (operation: string, intervalMs: number, rc: number, at?: number): OperationRecord => {
    const record: OperationRecord = { operation, intervalMs, rc, status: execStatus(rc), callId: nextCallId() };
    if (at !== undefined) record.lastRcChange = at;
    return record;
  };
  const pending = (operation: string): OperationRecord => ({ operation, intervalMs: 0, rc: RC_PENDING, status: 'pending', callId: -1 });
  const failure = entry.failures[0];
  const failedRc = (operation: string): number => (failure?.operation === operation ? failure.rc : undefined) ?? RC_GENERIC_ERROR;
  const monitors = (): OperationRecord[] => startedMonitors(primitive).map((ms) => op('monitor', ms, 0));
  switch (entry.state) {
    case 'started':
      return [op('start', 0, 0), ...monitors()];
    case 'stopped':
      return entry.via === 'stop' ? [op('start', 0, 0), op('stop', 0, 0)] : [op('monitor', 0, RC_NOT_RUNNING)];
    case 'failed': {
      const ms = failedMonitorMs(primitive, entry) ?? 0;
      return [op('start', 0, 0), op('monitor', ms, failedRc('monitor'), failure?.at)];
    }
    case 'stop-failed':
      return [op('start', 0, 0), op('stop', 0, failedRc('stop'), failure?.at)];
    case 'start-failed':
      return [op('start', 0, failedRc('start'), failure?.at)];
    case 'pending-start':
      return [pending('start')];
    case 'pending-stop':
      return [pending('stop')];
    case 'unknown':
      return [];
  }
}

/** The fail-count Pacemaker would hold after this state, when the entry does not give one. */
export function defaultFailCount(entry: ResourceStateEntry, options: ClusterOptions): number {
  if (entry.failures.length > 0) return entry.failures.length;
  if (entry.state === 'failed') return 1;
  if (entry.state === 'start-failed') return options.startFailureIsFatal ? INFINITY : 1;
  if (entry.state === 'stop-failed') return INFINITY;
  return 0;
}

/** `monitor_10000`: which operation the fail-count is kept under. */
export function failCountOperation(primitive: Primitive, entry: ResourceStateEntry): string {
  const first = entry.failures[0];
  if (first !== undefined) return `${first.operation}_${first.intervalMs}`;
  if (entry.state === 'start-failed') return 'start_0';
  if (entry.state === 'stop-failed') return 'stop_0';
  const monitor = entry.state === 'failed' ? failedMonitorMs(primitive, entry) : startedMonitors(primitive)[0];
  return monitor === undefined ? 'start_0' : `monitor_${monitor}`;
}

export function failCountText(count: number): string {
  return count >= INFINITY ? 'INFINITY' : String(count);
}

/** History and fail-count attributes for `resource` (a primitive id, or id:N for a clone instance) on `node`. */
export function synthesize(
  resource: string, node: string, primitive: Primitive, entry: ResourceStateEntry,
  options: ClusterOptions, nextCallId: () => number, now?: number,
): Synthesized {
  assert(resource === primitive.id || resource.startsWith(`${primitive.id}:`), `status key ${resource} names primitive ${primitive.id}`);
  assert(entry.failCount === undefined || entry.failCount >= 0, 'fail-counts are never negative');
  const operations = synthesizeRecords(primitive, entry, nextCallId);
  const result: Synthesized = { attributes: {} };
  if (operations.length > 0) {
    const history: ResourceHistory = { resource, node, class: primitive.class, type: primitive.type, operations };
    if (primitive.provider !== undefined) history.provider = primitive.provider;
    result.history = history;
  }
  const count = entry.failCount ?? defaultFailCount(entry, options);
  if (count > 0) {
    const key = `${resource}#${failCountOperation(primitive, entry)}`;
    result.attributes[`fail-count-${key}`] = failCountText(count);
    const times = entry.failures.map((f) => f.at).filter((at): at is number => at !== undefined);
    const at = times.length > 0 ? Math.max(...times) : now;
    if (at !== undefined) result.attributes[`last-failure-${key}`] = String(at);
  }
  return result;
}
