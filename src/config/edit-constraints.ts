// move, ban and clear as location constraints, the way crm_resource does it: move adds
// cli-prefer-RSC (INFINITY on the node; one per resource), ban adds cli-ban-RSC-on-NODE
// (-INFINITY), clear removes them. They stay until cleared: the administrator's word outlives
// the situation it was given for. Constraints go on the top-level resource (the group or
// clone), because a member constrained alone fights its group's colocation.
import { checkNode, lookupResource, runningNodes, type Found } from './edit-lookup.ts';
import type { EditOutcome } from './edit-types.ts';
import { INFINITY, type ClusterConfig, type Constraint, type LocationConstraint } from './model.ts';

export const preferId = (rsc: string): string => `cli-prefer-${rsc}`;
export const banId = (rsc: string, node: string): string => `cli-ban-${rsc}-on-${node}`;

function isPrefer(c: Constraint, rsc: string): c is LocationConstraint {
  return c.kind === 'location' && c.resource === rsc && c.id === preferId(rsc);
}

function isBan(c: Constraint, rsc: string, node?: string): c is LocationConstraint {
  return c.kind === 'location' && c.resource === rsc && (node === undefined ? c.id.startsWith(`cli-ban-${rsc}-on-`) : c.id === banId(rsc, node));
}

/** The resource constraints are put on, and a note when it is not the one named. */
function constrained(found: Found): { id: string; note: string } {
  const top = found.ancestors[0] ?? found.resource;
  if (top === found.resource) return { id: top.id, note: '' };
  return { id: top.id, note: `${found.resource.id} is part of ${top.kind} ${top.id}, so the constraint applies to ${top.id}. ` };
}

/** Refuses an id taken by a constraint we did not make (it must not be silently replaced). */
function idTaken(config: ClusterConfig, id: string, rsc: string): string | undefined {
  const other = config.constraints.find((c) => c.id === id && !(c.kind === 'location' && c.resource === rsc));
  return other ? `constraint id '${id}' is already used by a ${other.kind} constraint; rename that constraint first` : undefined;
}

export function editMove(config: ClusterConfig, resource: string, node: string, currentNodes: Record<string, string[]>): EditOutcome {
  const lookup = lookupResource(config, resource);
  if (!lookup.ok) return lookup;
  const nodeProblem = checkNode(config, node);
  if (nodeProblem) return { ok: false, error: nodeProblem };
  const { id, note } = constrained(lookup.found);
  const top = lookup.found.ancestors[0] ?? lookup.found.resource;
  if (top.kind === 'clone') return { ok: false, error: `${note}${id} is a clone: it runs on every node it may; keep it off one with 'vigil resource ban ${id} NODE'` };
  const running = runningNodes(top, currentNodes);
  if (running.length === 1 && running[0] === node) return { ok: false, error: `${note}${id} is already running on ${node}; nothing to move` };
  const taken = idTaken(config, preferId(id), id);
  if (taken) return { ok: false, error: taken };
  const unbanned = config.constraints.some((c) => isBan(c, id, node));
  const prefer: LocationConstraint = { kind: 'location', id: preferId(id), resource: id, node, score: INFINITY };
  const constraints = [...config.constraints.filter((c) => !isPrefer(c, id) && !isBan(c, id, node)), prefer];
  const unbanNote = unbanned ? ` Removed its ban from ${node} (${banId(id, node)}).` : '';
  return {
    ok: true,
    config: { ...config, constraints },
    changed: true,
    message: `${note}${id} will move to ${node}: location constraint ${preferId(id)} (INFINITY on ${node}).${unbanNote} It stays until 'vigil resource clear ${id}'.`,
  };
}

export function editBan(config: ClusterConfig, resource: string, node: string | undefined, currentNodes: Record<string, string[]>): EditOutcome {
  const lookup = lookupResource(config, resource);
  if (!lookup.ok) return lookup;
  const { id, note } = constrained(lookup.found);
  let target = node;
  if (target === undefined) {
    const running = runningNodes(lookup.found.ancestors[0] ?? lookup.found.resource, currentNodes);
    if (running.length === 0) return { ok: false, error: `${note}${id} is not running anywhere, so there is no node to ban it from; name one: vigil resource ban ${resource} NODE` };
    if (running.length > 1) return { ok: false, error: `${note}${id} runs on ${running.join(', ')}; name the node to ban it from: vigil resource ban ${resource} NODE` };
    target = running[0]!;
  }
  const nodeProblem = checkNode(config, target);
  if (nodeProblem) return { ok: false, error: nodeProblem };
  if (config.constraints.some((c) => isBan(c, id, target))) {
    return { ok: true, config, changed: false, message: `${note}${id} is already banned from ${target} (${banId(id, target)})` };
  }
  const taken = idTaken(config, banId(id, target), id);
  if (taken) return { ok: false, error: taken };
  const ban: LocationConstraint = { kind: 'location', id: banId(id, target), resource: id, node: target, score: -INFINITY };
  return {
    ok: true,
    config: { ...config, constraints: [...config.constraints, ban] },
    changed: true,
    message: `${note}${id} is banned from ${target}: location constraint ${banId(id, target)} (-INFINITY). It stays until 'vigil resource clear ${id}'.`,
  };
}

export function editClear(config: ClusterConfig, resource: string, node: string | undefined): EditOutcome {
  const lookup = lookupResource(config, resource);
  if (!lookup.ok) return lookup;
  if (node !== undefined) {
    const nodeProblem = checkNode(config, node);
    if (nodeProblem) return { ok: false, error: nodeProblem };
  }
  // Constraints on the named resource itself too (an imported CIB may have them on a member).
  const ids = new Set([constrained(lookup.found).id, lookup.found.resource.id]);
  const drop = (c: Constraint): boolean => [...ids].some((rsc) =>
    (isPrefer(c, rsc) && (node === undefined || c.node === node)) || isBan(c, rsc, node));
  const removed = config.constraints.filter(drop).map((c) => c.id);
  const where = node === undefined ? '' : ` for ${node}`;
  if (removed.length === 0) return { ok: true, config, changed: false, message: `nothing to clear for ${resource}${where}: no cli-prefer or cli-ban constraints` };
  return {
    ok: true,
    config: { ...config, constraints: config.constraints.filter((c) => !drop(c)) },
    changed: true,
    message: `cleared ${resource}${where}: removed ${removed.join(', ')}`,
  };
}
