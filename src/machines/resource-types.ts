// Types of the resource-instance statechart (resource.ts): its input, context, events and the
// report it sends its parent. Plain JSON throughout, so snapshots can be persisted and inspected.
import type { OnFail } from '../config/model.ts';
import type { AgentRef, AgentResult } from '../ocf/operation.ts';
import type { FailureSeverity } from '../ocf/exit-codes.ts';

/** Pacemaker's INFINITY, as used by migration-threshold. */
export const THRESHOLD_INFINITY = 1_000_000;

export interface MonitorSpec {
  intervalMs: number;
  timeoutMs: number;
  onFail: OnFail;
}

/** What a stop failure leads to: fence the node (default with fencing), block, or ignore. */
export type StopOnFail = 'fence' | 'block' | 'ignore';

export interface ResourceInput {
  resource: string;
  node: string;
  agent: AgentRef;
  params: Record<string, string>;
  /** Meta attributes passed to the agent as OCF_RESKEY_CRM_meta_*. */
  meta: Record<string, string>;
  /** The recurring monitor; null when none is configured. */
  monitor: MonitorSpec | null;
  probeTimeoutMs: number;
  startTimeoutMs: number;
  stopTimeoutMs: number;
  migrateTimeoutMs: number;
  startOnFail: OnFail;
  stopOnFail: StopOnFail;
  /** Failures on this node before the resource is banned from it. */
  migrationThreshold: number;
  /** After this long without a new failure, the fail-count is forgotten; 0 = never. */
  failureTimeoutMs: number;
  /** A failed start bans the node at once (Pacemaker's start-failure-is-fatal). */
  startFailureIsFatal: boolean;
  /** Run validate-all before the first start. */
  validateBeforeStart: boolean;
  /**
   * false: unmanaged (is-managed=false, maintenance, or its node in maintenance): no monitors,
   * starts, stops or recovery of its own, only what is already running finishes. Default true.
   */
  managed?: boolean;
  /**
   * false: recurring monitors are cancelled (maintenance: the resource's, its node's or the
   * cluster's). An instance unmanaged by is-managed=false is still monitored, as in Pacemaker,
   * and a failure is shown, not recovered. Default true.
   */
  monitored?: boolean;
  /**
   * Something is ordered after this resource (a later group member, the `then` of a mandatory
   * order): recovering it means restarting those too, in order, which only the scheduler can
   * plan (Pacemaker's "Recover" with its "Restart"s). A failed instance then waits for the
   * coordinator's stop or start instead of recovering itself. Default false.
   */
  scheduledRecovery?: boolean;
}

/**
 * What a changed config changes in a running instance (RESOURCE.CONFIGURE): timeouts, meta and
 * the recurring monitor at once (a changed monitor is re-armed), parameters at its next start
 * or reload (the agent runs with the parameters it was last started or reloaded with).
 */
export type ResourceDefinition = Pick<ResourceInput, 'params' | 'meta' | 'monitor' | 'probeTimeoutMs' | 'startTimeoutMs' | 'stopTimeoutMs' | 'migrateTimeoutMs'>;

/** What the parent is asked to do about this node on the resource's behalf. */
export type ParentRequest = 'fence' | 'standby' | null;

/** Where the resource may not run any more, as a result of its failures. */
export type Ban = 'none' | 'node' | 'everywhere';

export interface LastFailure {
  action: string;
  intervalMs: number;
  rc: number;
  timedOut: boolean;
  reason: string;
  /** Injected-clock time the operation ended, in ms. */
  atMs: number;
}

export interface ResourceContext extends ResourceInput {
  /** A start just succeeded: the first recurring monitor is due at once. */
  monitorNow: boolean;
  /** What the parent last asked for; operations in flight finish first, then this is pursued. */
  target: 'started' | 'stopped' | null;
  failCount: number;
  lastFailure: LastFailure | null;
  /** Severity of the last failure, which decides between recovery here and a ban. */
  lastSeverity: FailureSeverity | null;
  /** The on-fail policy that applies to the last failure (the failed operation's). */
  failurePolicy: OnFail;
  ban: Ban;
  request: ParentRequest;
  degraded: boolean;
  validated: boolean;
  /** Passed to the next stop as OCF_RESKEY_CRM_meta_recovery_left (0 = final stop here). */
  recoveryLeft: number;
  /** The peer node of a migration in progress, and which side this instance is. */
  migration: { direction: 'to' | 'from'; peer: string } | null;
  lastRc: number | null;
  lastReason: string;
  /** Parameters of a changed definition, applied at the next start or reload; null when none is waiting. */
  pendingParams: Record<string, string> | null;
  /** The parent asked for a reload (RESOURCE.RELOAD): run once the instance is started and idle. */
  reloadWanted: boolean;
}

/** An agent result as the edge delivers it: stamped with the injected clock's time. */
export interface StampedResult extends AgentResult {
  endedAtMs: number;
}

export type ResourceEvent =
  | { type: 'RESOURCE.PROBE' }
  | { type: 'RESOURCE.START' }
  | { type: 'RESOURCE.STOP' }
  | { type: 'RESOURCE.CLEANUP' }
  /** Maintenance begins or ends: unmanaged, or managed again and re-probed (as Pacemaker does). */
  | { type: 'RESOURCE.UNMANAGE'; monitored?: boolean }
  | { type: 'RESOURCE.MANAGE' }
  | { type: 'RESOURCE.MIGRATE'; direction: 'to' | 'from'; peer: string }
  /** The config changed this instance's definition. */
  | { type: 'RESOURCE.CONFIGURE'; definition: ResourceDefinition }
  /** Apply the changed parameters with the agent's reload (reload-agent), without a restart. */
  | { type: 'RESOURCE.RELOAD' }
  | { type: 'NODE.FENCED' }
  // Internal: raised by the lifecycle region for the failure-timeout region.
  | { type: 'FAILURE.COUNTED' }
  | { type: 'FAILURE.RESET' };

/** The state names a parent sees (the top-level states of the lifecycle). */
export type ResourceStateName =
  | 'unknown' | 'probing' | 'stopped' | 'validating' | 'starting' | 'started' | 'monitoring'
  | 'stopping' | 'stop-failed' | 'monitor-failed' | 'blocked' | 'migrating' | 'cleanup' | 'reloading';

/** Sent to the parent on every state change, so a supervisor can act on it. */
export interface ResourceReport {
  type: 'RESOURCE.REPORT';
  resource: string;
  node: string;
  state: ResourceStateName;
  rc: number | null;
  reason: string;
  failCount: number;
  ban: Ban;
  request: ParentRequest;
  degraded: boolean;
}

/** Sent to the parent when failure-timeout expires and the fail-count is forgotten. */
export interface FailuresExpiredReport {
  type: 'RESOURCE.FAILURES_EXPIRED';
  resource: string;
  node: string;
}
