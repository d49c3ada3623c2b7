// The graph's role actions for instances of promotable clones: a demote on the node where an
// instance runs promoted before it stops there or runs on unpromoted; a promote after its start
// (or in place); every demotion of a clone before any of its promotions (demote before
// promote elsewhere, so promoted-max is never exceeded); and the recurring monitors of the
// role the instance ends in (an op with role=Promoted has its own interval).
import type { Action, ActionId, Edge, Reason } from './types.ts';
import type { Decision } from './reconcile.ts';
import type { OperationConfig } from '../config/model.ts';

export interface RoleGraph {
  add(action: Omit<Action, 'id'>, id: string): ActionId;
  edges: Edge[];
}

const PROMOTED_ROLES = ['promoted', 'master'];
const UNPROMOTED_ROLES = ['started', 'slave', 'unpromoted'];

/** Does a recurring monitor op belong to the role an instance runs in? (No role: any but promoted.) */
export function monitorsRole(op: OperationConfig, promoted: boolean): boolean {
  const role = op.role?.toLowerCase();
  if (role === undefined) return !promoted;
  return (promoted ? PROMOTED_ROLES : UNPROMOTED_ROLES).includes(role);
}

/**
 * Adds the demote and promote of one instance member. `stops` and `start` are its stop and
 * start actions in this transition by node. Returns the action its recurring monitors follow
 * (the promote, the demote, or the start), or undefined when its monitors stay as they are.
 */
export function addRoleActions(g: RoleGraph, d: Decision, stops: ReadonlyMap<string, ActionId>, start: { node: string; id: ActionId } | undefined, reason: Reason): ActionId | undefined {
  const roles = d.roles;
  if (roles === undefined) return start?.id;
  const runnable = !d.blocked;
  const promotedOn = roles.from === 'Promoted' ? d.current[0] : undefined;
  let demote: ActionId | undefined;
  if (promotedOn !== undefined && (roles.to !== 'Promoted' || stops.has(promotedOn) || d.target !== promotedOn)) {
    demote = g.add({ kind: 'demote', resource: d.resource, node: promotedOn, runnable, reason }, `${d.resource}:demote@${promotedOn}`);
    const stop = stops.get(promotedOn);
    if (stop !== undefined) g.edges.push({ kind: 'after', first: demote, then: stop, source: 'demote before stop' });
  }
  if (roles.to !== 'Promoted' || d.target === null) return start?.id ?? (stops.size === 0 ? demote : undefined);
  if (start === undefined && demote === undefined && roles.from === 'Promoted') return undefined;
  const node = start?.node ?? d.target;
  const promote = g.add({ kind: 'promote', resource: d.resource, node, runnable, reason }, `${d.resource}:promote@${node}`);
  if (start !== undefined) g.edges.push({ kind: 'after', first: start.id, then: promote, source: 'start before promote' });
  if (demote !== undefined) g.edges.push({ kind: 'after', first: demote, then: promote, source: 'demote before promote' });
  return promote;
}

/** Every demotion of a clone's instances comes before any promotion of its other instances. */
export function demotesBeforePromotes(actions: Iterable<Action>, cloneOf: (resource: string) => string | undefined, edges: Edge[]): void {
  const demotes = new Map<string, Action[]>();
  const promotes = new Map<string, Action[]>();
  for (const a of actions) {
    if ((a.kind !== 'demote' && a.kind !== 'promote') || a.resource === undefined) continue;
    const clone = cloneOf(a.resource);
    if (clone === undefined) continue;
    const map = a.kind === 'demote' ? demotes : promotes;
    (map.get(clone) ?? map.set(clone, []).get(clone)!).push(a);
  }
  for (const [clone, ds] of demotes) {
    for (const p of promotes.get(clone) ?? []) {
      for (const dm of ds) if (dm.resource !== p.resource) edges.push({ kind: 'after', first: dm.id, then: p.id, source: 'demote before promote elsewhere' });
    }
  }
}
