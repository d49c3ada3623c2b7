// Where the coordinator keeps its resource instances: under instance hosts (instance-host.ts),
// each one slice of one node's instances, so that no parent supervises more than ~1,000
// children whatever the size of the config. The coordinator addresses an instance through the
// host its record names; hosts are spawned when first needed and kept while the coordinator lives.
import { assert } from '../assert.ts';
import type { ResourceIndex } from '../scheduler/resources.ts';
import type { Enqueue } from './coordinator-enqueue.ts';
import { instanceInputFor, instanceKey, resourceActorId } from './coordinator-inputs.ts';
import { COORDINATOR_CHILDREN_MAX, type CoordinatorContext, type InstanceRecord } from './coordinator-types.ts';
import { INSTANCES_PER_HOST_MAX, type InstanceEvent } from './instance-host.ts';

export function instanceHostId(node: string, slice: number): string {
  return `instances:${node}/${slice}`;
}

/** The actor id of an instance (its systemId too, stable across hosts). */
export function instanceActorId(record: Pick<InstanceRecord, 'resource' | 'node' | 'kind'>): string {
  return resourceActorId(record.resource, record.node, record.kind === 'fence');
}

/** Sends `event` to the instance `record` describes, through its host. */
export function sendToInstance(enqueue: Enqueue, record: InstanceRecord, event: InstanceEvent): void {
  enqueue.sendTo(record.host, { type: 'INSTANCES.SEND', id: instanceActorId(record), event });
}

/** The first slice of `node` with room for one more instance, spawning its host if new. */
function hostWithRoom(ctx: CoordinatorContext, enqueue: Enqueue, node: string, hosts: Record<string, number>): string {
  // Bounded: a node can have no more slices than the coordinator has children.
  for (let slice = 0; slice < COORDINATOR_CHILDREN_MAX; slice++) {
    const id = instanceHostId(node, slice);
    const count = hosts[id];
    if (count === undefined) {
      // Hosts, node actors and fencers are the coordinator's own children.
      assert(Object.keys(hosts).length + ctx.doc.config.nodes.length + Object.keys(ctx.fencers).length + Object.keys(ctx.unfencers).length < COORDINATOR_CHILDREN_MAX,
        `the coordinator supervises at most ${COORDINATOR_CHILDREN_MAX} children`);
      enqueue.spawnChild('instance-host', { id, systemId: id, input: { node, slice } });
      hosts[id] = 0;
      return id;
    }
    if (count < INSTANCES_PER_HOST_MAX) return id;
  }
  throw new Error(`node ${node} has no instance host with room left (${COORDINATOR_CHILDREN_MAX} slices full)`);
}

/**
 * Spawns the instance actor for `resource` on `node` unless it exists; returns its record, or
 * undefined when the config has no such primitive. `instances` and `hosts` are updated in place
 * (the caller's copies of the context's).
 */
export function ensureInstance(
  ctx: CoordinatorContext, index: ResourceIndex, enqueue: Enqueue, resource: string, node: string,
  instances: CoordinatorContext['instances'], hosts: CoordinatorContext['hosts'],
): InstanceRecord | undefined {
  const key = instanceKey(resource, node);
  const existing = instances[key];
  if (existing) return existing;
  const made = instanceInputFor(ctx.doc.config, index, resource, node, ctx.seed);
  if (!made) return undefined;
  const host = hostWithRoom(ctx, enqueue, node, hosts);
  const record: InstanceRecord = { resource, node, kind: made.kind, host, state: 'unknown', rc: null, reason: '' };
  const id = instanceActorId(record);
  if (made.kind === 'fence') enqueue.sendTo(host, { type: 'INSTANCES.SPAWN', id, kind: 'fence', input: made.input });
  else enqueue.sendTo(host, { type: 'INSTANCES.SPAWN', id, kind: 'resource', input: made.input });
  hosts[host] = (hosts[host] ?? 0) + 1;
  instances[key] = record;
  return record;
}

/** Forgets the instance whose actor id is `id` (it crashed and its host stopped it); returns its record. */
export function forgetInstance(ctx: CoordinatorContext, id: string): { record: InstanceRecord; instances: CoordinatorContext['instances']; hosts: CoordinatorContext['hosts'] } | undefined {
  const key = Object.keys(ctx.instances).find((k) => instanceActorId(ctx.instances[k]!) === id);
  if (key === undefined) return undefined;
  const record = ctx.instances[key]!;
  const instances = { ...ctx.instances };
  delete instances[key];
  const hosts = { ...ctx.hosts, [record.host]: Math.max(0, (ctx.hosts[record.host] ?? 1) - 1) };
  return { record, instances, hosts };
}
