// Unfencing, as Pacemaker does it. Storage-based fence devices (fence_scsi, fence_mpath) cut a
// node off its disks instead of its power, so a node that joins (or comes back after being
// fenced) must be let back in, "unfenced" (the device's `on` action), before it may touch the
// shared data. Unfencing is on in a cluster with fencing enabled where a fence device has meta
// provides=unfencing or a resource has requires=unfencing; then every resource requires
// unfencing unless it says otherwise (resources.ts), and a node not yet unfenced is unfenced
// before any probe or start there of a fence device or of a resource requiring unfencing.
// A node's unfencing is remembered as its transient attribute #node-unfenced (the time it was
// unfenced), which goes with the node's other transient attributes when it is fenced or leaves.
import type { ClusterConfig, Meta, Primitive, Resource } from '../config/model.ts';
import { actionId, type Action, type ActionId, type Edge } from './types.ts';
import type { NodesView } from './nodes.ts';
import type { ResourceIndex } from './resources.ts';

/** The transient node attribute that says when a node was last unfenced (Pacemaker's name). */
export const UNFENCED_ATTRIBUTE = '#node-unfenced';

/** Whether a node's transient attributes say it has been unfenced since it joined or was fenced. */
export function isUnfenced(attributes: Readonly<Record<string, string>>): boolean {
  const value = attributes[UNFENCED_ATTRIBUTE];
  return value !== undefined && value.trim() !== '' && value.trim() !== '0';
}

const metaValue = (meta: Meta, key: string): string | undefined => meta[key] ?? meta[key.replaceAll('-', '_')];

/** Whether a fence device's meta says it provides unfencing. */
export function providesUnfencing(meta: Meta): boolean {
  return metaValue(meta, 'provides')?.trim() === 'unfencing';
}

/** Each primitive with its meta merged as the scheduler resolves it: defaults, then parents, then its own. */
function primitivesWithMeta(resources: readonly Resource[], inherited: Meta): { p: Primitive; meta: Meta }[] {
  return resources.flatMap((r) => {
    if (r.kind === 'primitive') return [{ p: r, meta: { ...inherited, ...r.meta } }];
    if (r.kind === 'group') return primitivesWithMeta(r.children, { ...inherited, ...r.meta });
    return primitivesWithMeta([r.child], { ...inherited, ...r.meta });
  });
}

const enabledCache = new WeakMap<ClusterConfig, boolean>();

/** Is unfencing on in this cluster (see the top of this file)? Worked out once per config object. */
export function unfencingEnabled(config: ClusterConfig): boolean {
  let enabled = enabledCache.get(config);
  if (enabled === undefined) {
    enabled = config.options.fencingEnabled && primitivesWithMeta(config.resources, config.resourceDefaults).some(({ p, meta }) =>
      (p.class === 'stonith' ? providesUnfencing(p.meta) : metaValue(meta, 'requires')?.trim() === 'unfencing'));
    enabledCache.set(config, enabled);
  }
  return enabled;
}

/**
 * Does this action on its node wait for the node's unfencing? Probes and starts of fence devices
 * and of resources requiring unfencing, and a live migration's migrate_from (its start there).
 * Pacemaker orders the unfencing before a migration's pseudo start only, after migrate_from has
 * run on the node; vigil unfences first, on purpose.
 */
function needsUnfencedNode(a: Action, index: ResourceIndex): boolean {
  if (a.kind !== 'probe' && a.kind !== 'start' && a.kind !== 'migrate_from') return false;
  const info = a.resource === undefined ? undefined : index.primitives.get(a.resource);
  return info !== undefined && (info.def.class === 'stonith' || info.meta.requires === 'unfencing');
}

/**
 * The unfencing of every node that needs it before an action of this transition (`node:unfence`,
 * the device action `on`) and its edges. Its reason names the first action that needs it, as
 * Pacemaker words it: probes first (shown as `monitor`), then starts, each in graph order.
 */
export function unfencingOf(actions: readonly Action[], index: ResourceIndex, nodes: NodesView): { actions: Action[]; edges: Edge[] } {
  const out = new Map<string, Action>();
  const edges: Edge[] = [];
  const waiting = actions.filter((a) => a.runnable && a.node !== undefined && nodes.nodes.get(a.node)?.needsUnfencing === true && needsUnfencedNode(a, index));
  const inOrder = [...waiting.filter((a) => a.kind === 'probe'), ...waiting.filter((a) => a.kind !== 'probe')];
  for (const a of inOrder) {
    const node = a.node!;
    const id: ActionId = actionId(`${node}:unfence`);
    if (!out.has(node)) {
      // Pacemaker's words: a probe is a monitor; a migration's migrate_from is its start.
      const what = `${a.resource} ${a.kind === 'probe' ? 'monitor' : 'start'}`;
      out.set(node, { id, kind: 'unfence', node, runnable: true, reason: { code: 'unfencing', text: `required by ${what}`, cause: a.resource } });
    }
    edges.push({ kind: 'unfenceBefore', first: id, then: a.id });
  }
  // What requires unfencing and stops on such a node stops first (it restarts after: see
  // build-network.ts), as the node's access is re-established under it.
  for (const a of actions) {
    const unfence = a.kind === 'stop' && a.node !== undefined ? out.get(a.node) : undefined;
    if (unfence !== undefined && index.primitives.get(a.resource ?? '')?.meta.requires === 'unfencing') edges.push({ kind: 'after', first: a.id, then: unfence.id, source: 'stop before unfencing' });
  }
  return { actions: [...out.values()], edges };
}
