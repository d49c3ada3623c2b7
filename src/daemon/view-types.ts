// What the cluster reports about itself: the coordinator builds this view, replicates it to
// every daemon, and `vigil status` (text or --json) and the status page show it. Plain JSON.
import type { NodeAttributeView } from '../attributes/types.ts';
import type { Generation } from '../config/model.ts';
import type { FenceRecord } from '../machines/coordinator-types.ts';
import type { NodeMode, NodeStateName } from '../machines/node-types.ts';
import type { ResourceStateName } from '../machines/resource-types.ts';

export interface NodeView {
  name: string;
  state: NodeStateName;
  mode: NodeMode;
  /** Connected to the coordinator right now. */
  member: boolean;
  reason: string;
  /** Why recovery of its resources waits, if it does. */
  recoveryBlocked: 'awaiting-fence' | 'awaiting-confirmation' | null;
  /** Its daemon left detached: its resources run on, unmanaged, until the daemon is back. */
  detached?: boolean;
  /** Its node attributes, permanent (forever) and transient (reboot), by name; fail-counts are under failures. Always set by the coordinator. */
  attributes?: NodeAttributeView[];
}

export interface InstanceView {
  node: string;
  state: ResourceStateName;
  failCount: number;
  rc: number | null;
  reason: string;
}

export interface ResourceView {
  /** A primitive id; clone instances are `clone-id:N`-style ids as the scheduler names them. */
  id: string;
  /** started | stopped | stop-failed | monitor-failed | ... : the state where it runs, else the most telling one. */
  state: ResourceStateName;
  /** Where it runs (started, or stop-failed there); null when it runs nowhere. */
  node: string | null;
  /** Every node it has an instance on (probed, running or failed). */
  instances: InstanceView[];
  /** Its group or clone, if any. */
  parent?: string;
  /** What the config asks for (target-role), e.g. Stopped. */
  targetRole?: string;
}

export interface FailureView {
  resource: string;
  node: string;
  operation: string;
  intervalMs: number;
  rc: number;
  reason: string;
  failCount: number;
  atMs: number;
}

/** One fencing result (or an administrator's confirmation), as the coordinator keeps it. */
export type FenceHistoryEntry = FenceRecord;

/** How far the running transition is (machines/transition.ts progressOf). */
export interface TransitionProgress {
  id: number;
  actions: number;
  done: number;
  failed: number;
  /** Actions still waiting or running (an aborted transition only finishes the running ones); absent from older daemons. */
  left?: number;
}

export interface ClusterView {
  cluster: string;
  generation: Generation;
  /** The coordinator this view came from, and its epoch. */
  coordinator: string | null;
  epoch: number;
  quorum: boolean;
  /** The coordinator's clock when it built the view. */
  updatedAtMs: number;
  nodes: NodeView[];
  resources: ResourceView[];
  failures: FailureView[];
  /** Newest last, bounded (FENCE_HISTORY_MAX). */
  fencing: FenceHistoryEntry[];
  /** The transition being run, if any; `left`: its actions still to run or running. */
  transition: TransitionProgress | null;
  /**
   * False until the cluster has settled: a transition runs, or a change (a new config, a
   * result) waits to be scheduled. Absent in views of daemons older than this field.
   */
  settled?: boolean;
}

export { FENCE_HISTORY_MAX } from '../machines/coordinator-types.ts';
