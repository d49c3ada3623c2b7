// Types of the cluster-node statechart (node.ts): its input, context, events and what it sends
// its parent (the coordinator). Plain JSON throughout.
import type { FenceAction } from '../config/model.ts';

/** Where a member node is put when it is (or becomes) a member: an administrator's choice that survives a rejoin. */
export type NodeMode = 'online' | 'standby' | 'maintenance';

export interface NodeInput {
  node: string;
  /** stonith-enabled: without it an unclean node waits for an administrator's confirmation. */
  fencingEnabled: boolean;
  /** stonith-action: the default action of a fence this node asks for. */
  fencingAction: FenceAction;
  /** Also fence a node lost before it finished joining when nothing it ran needs fencing. */
  alwaysFenceFailedNodes: boolean;
  /** The wait after the first failed fence; it doubles with every further failure... */
  fenceRetryInitialMs: number;
  /** ...up to this cap. Fencing is retried forever. */
  fenceRetryMaxMs: number;
  /** The mode the node takes when it joins (node standby / maintenance attributes). */
  mode: NodeMode;
}

export interface NodeContext extends NodeInput {
  /** Its resources may still be running and nothing is known about them (unclean, fencing). */
  resourcesUnknown: boolean;
  /** The action of the fence currently wanted. */
  fenceAction: FenceAction;
  /** Fence requests sent in this episode (since the node last became unclean). */
  fenceAttempts: number;
  /** Failed fences in this episode; drives the retry backoff. */
  fenceFailures: number;
  /** Why the node is in its state (lost, fence failed, confirmed by ...). */
  reason: string;
  /** NODE.JOIN (and NODE.FENCE) events refused so far, for the log and tests. */
  refused: number;
}

export type NodeEvent =
  /** The node appeared in the membership. */
  | { type: 'NODE.JOIN' }
  /** Its join completed (it was re-probed): it becomes a member in its mode. */
  | { type: 'NODE.JOINED' }
  /** It left the membership without a clean shutdown. `needsFencing`: it ran resources that require fencing. */
  | { type: 'NODE.LOST'; needsFencing: boolean }
  /** It left cleanly (after NODE.SHUTDOWN, or before its join completed). */
  | { type: 'NODE.LEFT' }
  /** It asked to shut down cleanly: its resources are stopped, then it leaves. */
  | { type: 'NODE.SHUTDOWN' }
  | { type: 'NODE.ONLINE' }
  | { type: 'NODE.STANDBY' }
  | { type: 'NODE.MAINTENANCE' }
  /** The coordinator decided a node must be fenced (on-fail=fence, a failed stop, ...). */
  | { type: 'NODE.FENCE'; reason: string; action?: FenceAction }
  | { type: 'FENCE.SUCCEEDED'; device?: string }
  | { type: 'FENCE.FAILED'; reason: string }
  /** An administrator confirmed the node is down (counts as a successful fence). */
  | { type: 'FENCE.CONFIRMED'; by?: string };

export type NodeStateName =
  | 'offline' | 'joining' | 'online' | 'standby' | 'maintenance'
  | 'unclean' | 'fencing' | 'fenced' | 'shutting-down';

/** Why recovery of this node's resources elsewhere has to wait. */
export type RecoveryBlock = 'awaiting-fence' | 'awaiting-confirmation' | null;

/** Sent to the parent on every state change. */
export interface NodeReport {
  type: 'NODE.REPORT';
  node: string;
  state: NodeStateName;
  mode: NodeMode;
  /** Its resources may still be running: do not start them elsewhere (unless they need no fencing). */
  resourcesUnknown: boolean;
  /** Everything that ran on it is known stopped (it was fenced, confirmed down or left cleanly). */
  resourcesStopped: boolean;
  recoveryBlocked: RecoveryBlock;
  /** 'fence': the parent is asked to fence this node now, with `fenceAction`. */
  request: 'fence' | null;
  fenceAction: FenceAction;
  fenceAttempts: number;
  fenceFailures: number;
  /** In the wait before the next fence attempt: how long it is. */
  retryInMs: number | null;
  reason: string;
}

/** Sent to the parent when an event is refused (e.g. an unclean node tries to rejoin unfenced). */
export interface NodeRefusal {
  type: 'NODE.REFUSED';
  node: string;
  event: 'NODE.JOIN' | 'NODE.FENCE';
  state: NodeStateName;
  reason: string;
}
