// What the checker knows about the configured resources, in the ledger's terms.
//
// Mapping (decided here, the rest of the checker relies on it):
// - A ledger `instance` is the id the executor ran the agent as. An anonymous clone's instances
//   are interchangeable, so on every node they are the child's own id (`ping`, or `m` for a
//   member of a cloned group), as the coordinator names them (`actorResourceOf`); a numbered
//   id (`ping:1`) of an anonymous clone is read as the same instance. A globally-unique clone's
//   instances keep their number (`ping:1`) and are checked like separate primitives.
// - Groups: members start in configured order on one node and stop in reverse (order plus
//   colocation). A cloned group does so per node.
// - requires: as the scheduler resolves the meta (scheduler/resources.ts): the `requires` meta
//   if set, else `fencing` when fencing is enabled and `quorum` when not; stonith-class
//   resources require quorum (or nothing), never fencing.
// - An instance the configuration does not know is checked as a plain primitive requiring what
//   an unconfigured resource would (fencing when enabled), and skipped by constraint checks.
import type { ClusterDocument } from '../../config/model.ts';
import { INFINITY } from '../../config/model.ts';
import { indexResources, type PrimitiveInfo, type Requires, type ResourceIndex } from '../../scheduler/resources.ts';
import { assert } from '../../assert.ts';

export interface CloneFacts { id: string; max: number; nodeMax: number; interleave: boolean; unique: boolean }

export interface GroupFacts {
  /** The configured group id (a cloned group's child id, without instance number). */
  id: string;
  /** Member ledger ids in start order. */
  members: string[];
}

export interface InstanceFacts {
  /** The ledger id. */
  id: string;
  kind: 'primitive' | 'anonymous-clone' | 'unknown';
  requires: Requires;
  /** False for is-managed=false, maintenance meta, or maintenance-mode. */
  managed: boolean;
  /** target-role Stopped (own, group's or clone's) or stop-all-resources. */
  mustStayStopped: boolean;
  /** Configured ids a constraint may name to mean this instance: itself, its group, its clone. */
  owners: string[];
  group?: GroupFacts;
  clone?: CloneFacts;
}

export interface ResourceModel {
  doc: ClusterDocument;
  index: ResourceIndex;
  /** Known instances by ledger id. */
  instances: Map<string, InstanceFacts>;
  /** Configured nodes, in configuration order. */
  nodes: string[];
}

/** The ledger id of a primitive of the index: an anonymous clone's instances share the child id. */
function ledgerIdOf(info: PrimitiveInfo): string {
  return info.clone !== undefined && !info.uniqueInstance ? baseOf(info.id) : info.id;
}

function baseOf(id: string): string {
  return id.replace(/:\d+$/, '');
}

function groupFacts(index: ResourceIndex, info: PrimitiveInfo): GroupFacts | undefined {
  if (info.group === undefined) return undefined;
  const group = index.groups.get(info.group);
  assert(group !== undefined, `primitive ${info.id} names group ${info.group}, which the index lacks`);
  const members = group.members.map((m) => ledgerIdOf(index.primitives.get(m)!));
  return { id: group.clone !== undefined ? baseOf(group.id) : group.id, members };
}

function factsOf(doc: ClusterDocument, index: ResourceIndex, info: PrimitiveInfo): InstanceFacts {
  const id = ledgerIdOf(info);
  const clone = info.clone !== undefined ? index.clones.get(info.clone) : undefined;
  const group = groupFacts(index, info);
  const owners = [...new Set([id, baseOf(id), ...(group ? [group.id] : []), ...(clone ? [clone.id] : [])])];
  return {
    id,
    kind: clone !== undefined && !clone.unique ? 'anonymous-clone' : 'primitive',
    requires: info.meta.requires,
    managed: info.meta.managed,
    mustStayStopped: info.meta.targetRole === 'stopped' || doc.config.options.stopAllResources,
    owners,
    ...(group ? { group } : {}),
    ...(clone ? { clone: { id: clone.id, max: clone.max, nodeMax: clone.nodeMax, interleave: clone.interleave, unique: clone.unique } } : {}),
  };
}

export function buildModel(doc: ClusterDocument): ResourceModel {
  const index = indexResources(doc.config);
  const instances = new Map<string, InstanceFacts>();
  for (const id of index.order) {
    const facts = factsOf(doc, index, index.primitives.get(id)!);
    if (!instances.has(facts.id)) instances.set(facts.id, facts);
  }
  return { doc, index, instances, nodes: doc.config.nodes.map((n) => n.name) };
}

/** The facts of a ledger instance id (numbered anonymous clone ids are read as the child). */
export function instanceFacts(model: ResourceModel, id: string): InstanceFacts {
  const known = model.instances.get(id) ?? model.instances.get(baseOf(id));
  if (known !== undefined && (known.id === id || known.kind === 'anonymous-clone')) return known;
  const fencing = model.doc.config.options.fencingEnabled;
  return { id, kind: 'unknown', requires: fencing ? 'fencing' : 'quorum', managed: !model.doc.config.options.maintenanceMode, mustStayStopped: false, owners: [] };
}

/** The ledger id instances are tracked under (numbered anonymous clone ids fold into the child id). */
export function canonicalInstance(model: ResourceModel, id: string): string {
  return instanceFacts(model, id).id;
}

/** Ledger ids of every primitive a configured id (primitive, group or clone) stands for. */
export function primitivesOf(model: ResourceModel, configId: string): string[] {
  return [...model.instances.values()].filter((f) => f.owners.includes(configId)).map((f) => f.id);
}

/**
 * The ledger ids whose being started means one instance of `configId` is fully up: the primitive
 * itself, a group's last member, or for a clone each instance's last member.
 */
export function completionUnitsOf(model: ResourceModel, configId: string): string[] {
  const prims = primitivesOf(model, configId).map((id) => model.instances.get(id)!);
  return prims.filter((f) => f.group === undefined || f.group.members.at(-1) === f.id).map((f) => f.id);
}

/** Is the configured id a clone (or part of one)? */
export function isCloneId(model: ResourceModel, configId: string): boolean {
  return primitivesOf(model, configId).some((id) => model.instances.get(id)!.clone !== undefined);
}

/** Node bans: -INFINITY location constraints by node (rules and role-specific ones are not read). */
export function isBanned(model: ResourceModel, facts: InstanceFacts, node: string): string | undefined {
  for (const c of model.doc.config.constraints) {
    if (c.kind !== 'location' || c.node !== node || c.score === undefined || c.score > -INFINITY) continue;
    if (c.role !== undefined && c.role.toLowerCase() !== 'started') continue;
    if (facts.owners.includes(c.resource)) return c.id;
  }
  return undefined;
}

export function nodeConfig(model: ResourceModel, node: string): { standby: boolean; maintenance: boolean } {
  const n = model.doc.config.nodes.find((c) => c.name === node);
  return { standby: n?.standby ?? false, maintenance: n?.maintenance ?? false };
}

/** The seq of the last config.acknowledged (-1: none): config-dependent checks start after it. */
export function lastConfigChangeSeq(entries: { kind: string; seq: number }[]): number {
  return entries.reduce((last, e) => (e.kind === 'config.acknowledged' && e.seq > last ? e.seq : last), -1);
}
