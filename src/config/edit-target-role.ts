// start and stop as the target-role meta attribute, set on the resource named (primitive,
// group or clone, at any depth). Members' own target-role would override the one set here,
// so it is removed from them, as crm_resource does; a stopped ancestor is pointed out.
import { childrenOf, lookupResource } from './edit-lookup.ts';
import type { EditOutcome } from './edit-types.ts';
import type { ClusterConfig, Meta, Resource } from './model.ts';
import { normalizeKey } from './yaml/suggest.ts';

const TARGET_ROLE = 'target-role';

/** The meta key holding target-role, however it was spelled (target_role, targetRole). */
function roleKeys(meta: Meta): string[] {
  return Object.keys(meta).filter((k) => normalizeKey(k) === TARGET_ROLE);
}

function withoutRole(meta: Meta): Meta {
  const keys = new Set(roleKeys(meta));
  return Object.fromEntries(Object.entries(meta).filter(([k]) => !keys.has(k)));
}

function roleOf(meta: Meta): string | undefined {
  const key = roleKeys(meta)[0];
  return key === undefined ? undefined : meta[key];
}

/** A copy of `resource` with target-role removed from every member below it. */
function clearMembers(resource: Resource): { resource: Resource; cleared: string[] } {
  const cleared: string[] = [];
  const strip = (r: Resource): Resource => {
    if (roleKeys(r.meta).length > 0) cleared.push(r.id);
    const meta = withoutRole(r.meta);
    if (r.kind === 'group') return { ...r, meta, children: r.children.map((c) => strip(c) as typeof c) };
    if (r.kind === 'clone') return { ...r, meta, child: strip(r.child) as typeof r.child };
    return { ...r, meta };
  };
  const children = childrenOf(resource).map(strip);
  if (resource.kind === 'group') return { resource: { ...resource, children: children as typeof resource.children }, cleared };
  if (resource.kind === 'clone') return { resource: { ...resource, child: children[0] as typeof resource.child }, cleared };
  return { resource, cleared };
}

/** `resources` with the resource `id` replaced by `replace(it)`, copying only the path to it. */
function replaceResource(resources: Resource[], id: string, replace: (r: Resource) => Resource): Resource[] {
  return resources.map((r) => {
    if (r.id === id) return replace(r);
    if (r.kind === 'group') return { ...r, children: replaceResource(r.children, id, replace) as typeof r.children };
    if (r.kind === 'clone') return { ...r, child: replaceResource([r.child], id, replace)[0] as typeof r.child };
    return r;
  });
}

export function editTargetRole(config: ClusterConfig, resource: string, role: 'Started' | 'Stopped'): EditOutcome {
  const lookup = lookupResource(config, resource);
  if (!lookup.ok) return lookup;
  const { resource: found, ancestors } = lookup.found;
  const { resource: updated, cleared } = clearMembers(found);
  const meta = { ...withoutRole(found.meta), [TARGET_ROLE]: role };
  const stoppedAbove = ancestors.find((a) => roleOf(a.meta) === 'Stopped');
  const note = role === 'Started' && stoppedAbove ? ` Note: ${stoppedAbove.kind} ${stoppedAbove.id} is stopped (target-role Stopped), so ${resource} stays stopped until 'vigil resource start ${stoppedAbove.id}'.` : '';
  const clearedNote = cleared.length === 0 ? '' : ` Removed target-role from ${cleared.join(', ')}.`;
  if (roleOf(found.meta) === role && roleKeys(found.meta).length === 1 && cleared.length === 0) {
    return { ok: true, config, changed: false, message: `${resource} already has target-role ${role}.${note}` };
  }
  const resources = replaceResource(config.resources, resource, () => ({ ...updated, meta }) as Resource);
  return { ok: true, config: { ...config, resources }, changed: true, message: `${resource}: target-role ${role}.${clearedNote}${note}` };
}
