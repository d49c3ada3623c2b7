// The scheduler's output: a transition graph (actions + ordering edges) and the explanation of
// every decision. Plain JSON throughout, so a graph can be printed, diffed and replayed.
import type { Score } from '../config/model.ts';

/** A typed action id, e.g. `rsc1:start@node1`, `node2:fence`, `grp:running`. */
export type ActionId = string & { readonly __actionId: true };

export type ActionKind =
  | 'probe' | 'start' | 'stop' | 'monitor' | 'migrate_to' | 'migrate_from' | 'reload' | 'fence' | 'promote' | 'demote'
  /** A node's unfencing: the fence devices' `on` action for it (scheduler/unfencing.ts). */
  | 'unfence'
  /** Group or cluster milestones with no work of their own: grp:start, grp:running, grp:stop, grp:stopped. */
  | 'pseudo';

/** Why an action exists (or is blocked): a machine-readable code plus the words. */
export interface Reason {
  code: ReasonCode;
  text: string;
  /** The resource or action the reason points at, when there is one. */
  cause?: string;
}

export type ReasonCode =
  | 'placement' | 'node-availability' | 'failed' | 'multiple-active' | 'definition-changed'
  | 'required-by-order' | 'unrunnable-prerequisite' | 'no-quorum' | 'quorum-freeze'
  | 'unclean-node' | 'stop-failed' | 'on-fail-fence' | 'suicide' | 'monitor' | 'probe'
  | 'milestone' | 'migration' | 'orphan' | 'target-role' | 'unmanaged' | 'unfencing';

export interface Action {
  id: ActionId;
  kind: ActionKind;
  /** The resource acted on (absent for fencing and unfencing). */
  resource?: string;
  /** The node it runs on (absent for pseudo actions). */
  node?: string;
  intervalMs?: number;
  /** For pseudo actions: which milestone. */
  milestone?: 'start' | 'running' | 'stop' | 'stopped';
  /** False when a prerequisite cannot happen: the action is shown but never executed. */
  runnable: boolean;
  /** A stop that a start on the same node follows (a recovery there): the recoveries left on that node. */
  recoveryLeft?: number;
  reason: Reason;
}

/** An ordering edge: `then` may begin only after `first` completed. */
export type Edge =
  /** From an order constraint or an internal rule (group members, stop before start). */
  | { kind: 'after'; first: ActionId; then: ActionId; source: string }
  /** A node's resources may be recovered only after the node was fenced. */
  | { kind: 'fenceBefore'; first: ActionId; then: ActionId }
  /** A node is unfenced before what needs its unfencing is probed or started there. */
  | { kind: 'unfenceBefore'; first: ActionId; then: ActionId }
  /** A resource is probed on a node before it is started anywhere. */
  | { kind: 'probeBefore'; first: ActionId; then: ActionId }
  /** migrate_to, then migrate_from, then the stop on the source. */
  | { kind: 'migrationStep'; first: ActionId; then: ActionId };

/** One named contribution to a resource's score on a node. */
export interface NamedScore {
  source: string;
  score: Score;
}

export interface NodeScore {
  node: string;
  total: Score;
  parts: NamedScore[];
}

export interface ResourceExplanation {
  resource: string;
  /** Where it runs now (empty when stopped). */
  current: string[];
  /** Where it was placed; null when it will not run. */
  placed: string | null;
  scores: NodeScore[];
  /** The chain of reasons for the placement, most important first. */
  reasons: string[];
  /** Nodes rejected, coalesced by reason: "node-unavailable: node2, node3". */
  rejected: { reason: string; nodes: string[] }[];
}

export interface NodeExplanation {
  node: string;
  state: string;
  reasons: string[];
}

export interface Explanation {
  quorum: boolean;
  nodes: NodeExplanation[];
  resources: ResourceExplanation[];
}

export interface TransitionGraph {
  actions: Action[];
  edges: Edge[];
  explanation: Explanation;
  /** The Transition Summary lines, already decided by reconcile (see summary.ts). */
  summary: SummaryItem[];
}

/** A role as crm_simulate names it in the Transition Summary. */
export type RoleName = 'Stopped' | 'Started' | 'Unpromoted' | 'Promoted';

/** An instance of a promotable clone: its role now and after the transition. */
export interface RoleChange {
  from: RoleName;
  to: RoleName;
}

/** One line of the Transition Summary, as data. `roles`: for instances of promotable clones. */
export type SummaryItem =
  | { kind: 'fence'; node: string; action: 'reboot' | 'off' | 'on'; reason: string }
  | { kind: 'start' | 'stop' | 'restart' | 'reload' | 'promote' | 'demote'; resource: string; node: string; reason?: string; blocked: boolean; roles?: RoleChange }
  | { kind: 'move' | 'migrate'; resource: string; from: string; to: string; reason?: string; blocked: boolean; roles?: RoleChange }
  | { kind: 'recover'; resource: string; from: string; to?: string; reason?: string; blocked: boolean; roles?: RoleChange };

export function actionId(text: string): ActionId {
  return text as ActionId;
}
