// The status view (view-types.ts) from the coordinator's context: what `vigil status` shows.
import { nodeAttributeViews } from '../attributes/node-attributes.ts';
import type { CoordinatorContext } from '../machines/coordinator-types.ts';
import { progressOf } from '../machines/transition.ts';
import { indexOf } from '../machines/coordinator-inputs.ts';
import { failCountOn } from '../machines/coordinator-status.ts';
import type { ResourceStateName } from '../machines/resource-types.ts';
import type { ClusterView, FailureView, InstanceView, NodeView, ResourceView } from './view-types.ts';

/** Where an instance counts as running (its node is shown as the resource's node). */
const ACTIVE: ReadonlySet<ResourceStateName> = new Set(['started', 'monitoring', 'reloading', 'stop-failed', 'monitor-failed', 'migrating', 'stopping', 'blocked']);
/** Which state names a resource best when it has several instances. */
const RANK: ResourceStateName[] = ['stop-failed', 'monitor-failed', 'blocked', 'migrating', 'starting', 'stopping', 'validating', 'reloading', 'started', 'monitoring', 'probing', 'cleanup', 'stopped', 'unknown'];

export function buildView(ctx: CoordinatorContext, quorum: boolean): ClusterView {
  const config = ctx.doc.config;
  const nodes: NodeView[] = config.nodes.map((n) => {
    const r = ctx.nodes[n.name];
    return {
      name: n.name, state: r?.state ?? 'offline', mode: r?.mode ?? 'online', member: ctx.members.includes(n.name),
      reason: ctx.departed[n.name] === 'detached' ? 'daemon detached; resources left running' : r?.reason ?? '', recoveryBlocked: r?.recoveryBlocked ?? null,
      ...(ctx.departed[n.name] === 'detached' ? { detached: true } : {}),
      attributes: nodeAttributeViews(ctx.doc, n.name),
    };
  });
  const index = indexOf(config);
  // An anonymous clone's instances run under the child's own id on each node: the running ones
  // are numbered here in node order, like the scheduler numbers them.
  const cloneSlots = new Map<string, InstanceView[]>();
  // Instances by actor id, grouped once: thousands of resources must not each scan every instance.
  const byActor = new Map<string, InstanceView[]>();
  for (const i of Object.values(ctx.instances)) {
    const list = byActor.get(i.resource) ?? [];
    list.push({ node: i.node, state: i.state, failCount: failCountOn(ctx.doc, i.resource, i.node), rc: i.rc, reason: i.reason });
    byActor.set(i.resource, list);
  }
  const resources: ResourceView[] = index.order.map((id) => {
    const info = index.primitives.get(id)!;
    const anonymous = info.clone !== undefined && !info.uniqueInstance;
    const actorId = anonymous ? id.replace(/:\d+$/, '') : id;
    const all: InstanceView[] = [...(byActor.get(actorId) ?? [])].sort((a, b) => a.node.localeCompare(b.node));
    let instances = all;
    if (anonymous) {
      if (!cloneSlots.has(actorId)) cloneSlots.set(actorId, all.filter((i) => ACTIVE.has(i.state)));
      const slot = cloneSlots.get(actorId)!.shift();
      instances = slot ? [slot] : [];
    }
    const active = instances.find((i) => ACTIVE.has(i.state));
    const best = [...instances].sort((a, b) => RANK.indexOf(a.state) - RANK.indexOf(b.state))[0];
    const state: ResourceStateName = active?.state === 'monitoring' ? 'started' : active?.state ?? (instances.length ? best!.state === 'monitoring' ? 'started' : best!.state : 'unknown');
    const view: ResourceView = { id, state, node: active?.node ?? null, instances };
    const parent = info.clone ?? info.group;
    if (parent) view.parent = parent;
    const role = info.def.meta['target-role'];
    if (role) view.targetRole = role;
    return view;
  });
  const failures: FailureView[] = [];
  for (const h of ctx.doc.status.history) {
    const f = h.operations.find((r) => r.id?.endsWith('_last_failure_0'));
    if (!f) continue;
    const inst = ctx.instances[`${h.resource}@${h.node}`];
    failures.push({
      resource: h.resource, node: h.node, operation: f.operation, intervalMs: f.intervalMs, rc: f.rc,
      reason: inst?.reason ?? '', failCount: failCountOn(ctx.doc, inst?.resource ?? h.resource, h.node), atMs: (f.lastRcChange ?? 0) * 1000,
    });
  }
  return {
    cluster: config.cluster?.name ?? 'vigil', generation: config.generation, coordinator: ctx.self, epoch: ctx.epoch, quorum,
    updatedAtMs: ctx.nowMs, nodes, resources, failures, fencing: ctx.fenceHistory,
    transition: ctx.transition ? progressOf(ctx.transition) : null,
    settled: ctx.transition === null && !ctx.dirty,
  };
}
