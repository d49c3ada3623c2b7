// Stage 2b: apply on-fail policies that change the inputs of placement: fence the node
// (on-fail=fence, failed stops), put the node in standby (on-fail=standby), keep the
// resource stopped (on-fail=stop) or leave it alone (on-fail=block, multiple-active=block, or
// active on a node in maintenance).
import type { ResourceIndex } from './resources.ts';
import type { ResourceOnNode, Unpacked } from './unpack.ts';
import { requestFence, type NodesView } from './nodes.ts';

/**
 * Why this failure fences its node (for the explanation), or null: on-fail=fence, or a failed
 * stop (nothing is known about the resource any more) unless that stop's on-fail is block, in
 * which case the administrator chose to leave the resource where it is rather than fence the
 * node and everything else running there.
 */
function fenceCause(id: string, s: ResourceOnNode): string | null {
  const f = s.failure;
  if (s.stopFailed) {
    if (f?.operation === 'stop' && f.onFail === 'block') return null;
    return `${id}: stop failed${f?.operation === 'stop' ? ` (rc ${f.rc})` : ''} with on-fail=${f?.operation === 'stop' ? f.onFail : 'fence'}: its state is unknown until the node is fenced`;
  }
  if (f?.onFail !== 'fence') return null;
  return `${id}: ${f.operation}${f.intervalMs > 0 ? ` (every ${f.intervalMs} ms)` : ''} failed (rc ${f.rc}) with on-fail=fence`;
}

/**
 * A node lost without a clean shutdown that this transition cannot fence (no quorum, no
 * device, fencing disabled): what runs there may still run, so it stays blocked there and is
 * never started elsewhere.
 */
function unfenceable(nodes: NodesView, node: string): boolean {
  const view = nodes.nodes.get(node);
  return view !== undefined && view.state === 'unclean' && view.fence === undefined;
}

/** Returns the resource index with failure policies folded into each primitive's meta. */
export function applyFailurePolicies(index: ResourceIndex, unpacked: Unpacked, nodes: NodesView, fencingEnabled: boolean): ResourceIndex {
  const primitives = new Map(index.primitives);
  for (const [id, states] of unpacked.byResource) {
    for (const s of states) {
      const view = nodes.nodes.get(s.node);
      if (!s.failed || s.role === 'stopped' || !view || view.state === 'offline') continue;
      const why = fenceCause(id, s);
      if (why === null || !fencingEnabled) {
        const policy = fencingEnabled ? 'on-fail=block' : 'fencing disabled';
        if (s.stopFailed) view.reasons.push(`${id}: stop failed with ${policy}: ${id} is blocked here and ${s.node} is not fenced for it`);
        continue;
      }
      requestFence(nodes, s.node, `${id} failed there`);
      if (view.fence !== undefined) view.reasons.push(why);
    }
  }
  for (const [id, states] of unpacked.byResource) {
    const info = primitives.get(id);
    if (!info) continue;
    const active = states.filter((s) => s.role !== 'stopped');
    const onMaintenanceNode = active.some((s) => nodes.nodes.get(s.node)?.maintenance === true);
    if (onMaintenanceNode || (info.meta.multipleActive === 'block' && active.length > 1) || active.some((s) => unfenceable(nodes, s.node))) {
      primitives.set(id, { ...info, meta: { ...info.meta, managed: false } });
      continue;
    }
    for (const s of states) {
      const policy = s.failure?.onFail;
      if (!s.failed || policy === undefined || s.role === 'stopped') continue;
      const view = nodes.nodes.get(s.node);
      // Fencing the node settles whatever failed there.
      if (!view || view.state === 'offline' || view.fence !== undefined) continue;
      if (policy === 'standby') { view.canRun = false; view.reasons.push(`on-fail=standby after ${id} failed`); }
      if (policy === 'stop') primitives.set(id, { ...info, meta: { ...info.meta, targetRole: 'stopped' } });
      if (policy === 'block' || (s.stopFailed && !fencingEnabled)) primitives.set(id, { ...info, meta: { ...info.meta, managed: false } });
    }
  }
  return { ...index, primitives };
}
