// Types of the resource-instance statechart (resource.ts): its input, context, events and the
// report it sends its parent. Plain JSON throughout, so snapshots can be persisted and inspected.
import type { OnFail } from '../config/model.ts';
import type { AgentRef, AgentResult } from '../ocf/operation.ts';

export interface MonitorSpec {
  intervalMs: number;
  timeoutMs: number;
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
  /** The start's on-fail: only block matters here (a failed start is then left as it is, not cleaned up by a stop). */
  startOnFail: OnFail;
  /** The stop's on-fail: only ignore matters here (a failed stop then counts as stopped). */
  stopOnFail: StopOnFail;
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
}

/**
 * What a changed config changes in a running instance (RESOURCE.CONFIGURE): timeouts, meta and
 * the recurring monitor at once (a changed monitor is re-armed), parameters at its next start
 * or reload (the agent runs with the parameters it was last started or reloaded with).
 */
export type ResourceDefinition = Pick<ResourceInput, 'params' | 'meta' | 'monitor' | 'probeTimeoutMs' | 'startTimeoutMs' | 'stopTimeoutMs' | 'migrateTimeoutMs'>;

/** The last failure of an operation, as a fact: which operation, its result, and when. */
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
  lastFailure: LastFailure | null;
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
  /** `recoveryLeft`: the stop is part of a recovery here, with this many recoveries left on this node (default 0: the final stop here). */
  | { type: 'RESOURCE.STOP'; recoveryLeft?: number }
  | { type: 'RESOURCE.CLEANUP' }
  /** Maintenance begins or ends: unmanaged, or managed again and re-probed (as Pacemaker does). */
  | { type: 'RESOURCE.UNMANAGE'; monitored?: boolean }
  | { type: 'RESOURCE.MANAGE' }
  | { type: 'RESOURCE.MIGRATE'; direction: 'to' | 'from'; peer: string }
  /** The config changed this instance's definition. */
  | { type: 'RESOURCE.CONFIGURE'; definition: ResourceDefinition }
  /** Apply the changed parameters with the agent's reload (reload-agent), without a restart. */
  | { type: 'RESOURCE.RELOAD' }
  | { type: 'NODE.FENCED' };

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
  /** The last failure, until a cleanup or a fence forgets it. */
  failure: LastFailure | null;
  degraded: boolean;
}
