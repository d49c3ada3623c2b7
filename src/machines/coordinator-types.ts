// Types of the coordinator statechart (coordinator.ts): its input, context, events and what it
// emits to the edge. Plain JSON throughout.
import type { AdminCommand } from '../config/admin-command.ts';
import type { ClusterConfig, ClusterDocument } from '../config/model.ts';
import type { AgentOperation } from '../ocf/operation.ts';
import type { DeviceAction, FenceResultReport } from './fence-types.ts';
import type { FencerDeviceRequest, FencerLevelReport, FencerOutput } from './fencer-types.ts';
import type { NodeRefusal, NodeReport } from './node-types.ts';
import type { ResourceReport, ResourceStateName, StampedResult } from './resource-types.ts';
import type { TransitionRun } from './transition.ts';
import type { InstanceFailed } from './instance-host.ts';

/**
 * Children a coordinator spawns directly: node actors, fencers and instance hosts (XState's
 * spawn and stop are quadratic in siblings; instances live under hosts, instance-host.ts).
 */
export const COORDINATOR_CHILDREN_MAX = 1_000;
/** Fencing results kept for `vigil fence history` and the status view. */
export const FENCE_HISTORY_MAX = 100;

/** How a node that is not connected left (told by its own `leave` message). */
export type Departure = 'clean' | 'detached';

export interface CoordinatorInput {
  self: string;
  epoch: number;
  /** The replicated config and status this coordinator starts from. */
  doc: ClusterDocument;
  /** Connected daemons (this one included) when it starts. */
  members: string[];
  /** Nodes that announced a clean leave; `detached` left their resources running. */
  departed: Record<string, Departure>;
  fenceHistory: FenceRecord[];
  /**
   * It starts knowing nothing of the cluster (its daemon has heard no coordinator since it
   * started): a node that is not connected may run anything, so it is fenced first (Pacemaker's
   * startup-fencing).
   */
  startupFencing?: boolean;
  nowMs: number;
  /** Seeds the fence devices' random delays (pcmk_delay_max); the simulator passes its own. Absent: 0. */
  seed?: number;
  /** node-action-limit when the config leaves it at 0 (its daemon passes twice its cores); absent: no limit. */
  nodeActionLimitDefault?: number;
  /** Changes within this window are scheduled together. */
  batchMs: number;
  /** Node machine retry backoff for fencing. */
  fenceRetryInitialMs: number;
  fenceRetryMaxMs: number;
}

export interface FenceRecord {
  target: string;
  /** `on`: the node was unfenced (scheduler/unfencing.ts). */
  action: DeviceAction;
  result: 'succeeded' | 'failed' | 'confirmed' | 'requested';
  reason: string;
  /** The device(s) that fenced it. */
  by?: string;
  /** The node whose coordinator (or two-node daemon) ordered the fence. */
  fencedBy?: string;
  /** The delay waited before the fence (pcmk_delay_base/max, priority-fencing-delay). */
  delayMs?: number;
  epoch: number;
  atMs: number;
}

/** What the coordinator last heard of one instance (`resource@node`). */
export interface InstanceRecord {
  resource: string;
  node: string;
  /** resource or fence: which machine it is. */
  kind: 'resource' | 'fence';
  /** The instance host (instance-host.ts) whose child it is. */
  host: string;
  state: ResourceStateName;
  rc: number | null;
  reason: string;
}

export interface CoordinatorContext extends Omit<CoordinatorInput, 'members' | 'departed'> {
  members: string[];
  departed: Record<string, Departure>;
  nodes: Record<string, NodeReport>;
  /**
   * Every instance spawned, by `resource@node`. With `hosts` and the transition's action table,
   * one of the tables that grow with the config: the coordinator's actions update them in place,
   * so that one event costs what it touches, not a copy of thousands of entries.
   */
  instances: Record<string, InstanceRecord>;
  /** Instance hosts spawned, by id: how many instances each keeps. */
  hosts: Record<string, number>;
  transition: TransitionRun | null;
  transitionSeq: number;
  /** Fencing operations running, by target: the fencer actor's id. */
  fencers: Record<string, string>;
  /** Unfencing operations running (fencers with the `on` action), by target: the fencer actor's id. */
  unfencers: Record<string, string>;
  /** Nodes whose unfencing failed: how often in a row, and when it may be tried again (backoff). */
  unfenceRetries: Record<string, { failures: number; retryAtMs: number }>;
  fenceSeq: number;
  /** Per node, the next call id for its operation history. */
  callIds: Record<string, number>;
  /** Something changed since the last schedule. */
  dirty: boolean;
  /** The last transition summary, for the log and status. */
  lastSummary: string[];
}

export type AdminRequest = { type: 'ADMIN.COMMAND'; id: string; command: AdminCommand };

export type CoordinatorEvent =
  | { type: 'MEMBER.UP'; node: string; atMs: number }
  | { type: 'MEMBER.DOWN'; node: string; atMs: number; departure?: Departure }
  | { type: 'OP.RECORDED'; op: AgentOperation; result: StampedResult }
  | { type: 'CONFIG.REPLACE'; id: string; config: ClusterConfig }
  | AdminRequest
  | { type: 'COORDINATOR.SCHEDULE' }
  | ResourceReport
  | NodeReport
  | NodeRefusal
  | FencerDeviceRequest
  | FenceResultReport
  | FencerLevelReport
  | InstanceFailed
  | { type: `xstate.done.actor.${string}`; output: FencerOutput }
  | { type: `xstate.error.actor.${string}`; error: unknown };

/** What the coordinator tells the edge (XState `emit`): the daemon logs, answers and replicates. */
export type CoordinatorEmitted =
  | { type: 'coordinator.log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields: Record<string, unknown> }
  | { type: 'coordinator.answer'; id: string; ok: boolean; message: string }
  | { type: 'coordinator.changed' };
