// Stage 2b: apply on-fail policies that change the inputs of placement: fence the node
// (on-fail=fence, failed stops), put the node in standby (on-fail=standby), keep the
// resource stopped (on-fail=stop) or leave it alone (on-fail=block, multiple-active=block, or
// active on a node in maintenance).
import type { ResourceIndex } from './resources.ts';
import type { Unpacked } from './unpack.ts';
import { requestFence, type NodesView } from './nodes.ts';

/** Returns the resource index with failure policies folded into each primitive's meta. */
export function applyFailurePolicies(index: ResourceIndex, unpacked: Unpacked, nodes: NodesView, fencingEnabled: boolean): ResourceIndex {
  const primitives = new Map(index.primitives);
  for (const [id, states] of unpacked.byResource) {
    for (const s of states) {
      const fence = s.failed && s.role !== 'stopped' && (s.failure?.onFail === 'fence' || s.stopFailed);
      const view = nodes.nodes.get(s.node);
      if (fence && fencingEnabled && view && view.state !== 'offline') requestFence(nodes, s.node, `${id} failed there`);
    }
  }
  for (const [id, states] of unpacked.byResource) {
    const info = primitives.get(id);
    if (!info) continue;
    const active = states.filter((s) => s.role !== 'stopped');
    const onMaintenanceNode = active.some((s) => nodes.nodes.get(s.node)?.maintenance === true);
    if (onMaintenanceNode || (info.meta.multipleActive === 'block' && active.length > 1)) {
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
