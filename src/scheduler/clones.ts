// Stage 0 for clones: a clone is expanded into numbered instances (rsc:0, rsc:1, ...), each an
// ordinary primitive (or a cloned group of primitives rsc:N) that remembers its clone. The rest
// of the pipeline schedules instances like any other primitive; clone-specific placement,
// ordering and history matching live in clone-*.ts; the roles of promotable clones in promotion.ts.
import type { Clone, ClusterConfig, Meta } from '../config/model.ts';
import { parseScore } from './score.ts';
import { resolveMeta, type ResolvedMeta, type ResourceIndex } from './resources.ts';
import { assert } from '../assert.ts';

export interface CloneInfo {
  id: string;
  /** The configured child's id (a primitive or a group). */
  child: string;
  childIsGroup: boolean;
  /** Top-level instance ids in instance order: primitive ids, or group ids for cloned groups. */
  instances: string[];
  /** clone-max: how many instances may run at all. */
  max: number;
  /** clone-node-max: how many instances may run on one node. */
  nodeMax: number;
  interleave: boolean;
  /** clone-min: instances that must be able to run before anything ordered after the clone may start (0: one). */
  min: number;
  unique: boolean;
  ordered: boolean;
  meta: ResolvedMeta;
  /** promotable=true (or a legacy <master>): its instances are Unpromoted or Promoted. */
  promotable: boolean;
  /** promoted-max (legacy master-max): instances promoted cluster-wide. */
  promotedMax: number;
  /** promoted-node-max (legacy master-node-max): instances promoted per node. */
  promotedNodeMax: number;
}

function metaText(meta: Meta, key: string): string | undefined {
  return meta[key] ?? meta[key.replaceAll('-', '_')];
}

function isTrue(text: string | undefined): boolean {
  return text !== undefined && ['true', 'yes', 'on', 'y', '1'].includes(text.trim().toLowerCase());
}

function count(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = parseScore(text);
  return n === undefined ? fallback : Math.max(0, n);
}

/** Is this clone promotable (its instances have roles)? */
export function isPromotable(c: Clone): boolean {
  return isTrue(metaText(c.meta, 'promotable'));
}

/** The id an instance number gives a child id. */
export function instanceId(childId: string, n: number): string {
  return `${childId}:${n}`;
}

/** Strips an instance suffix (rsc:3 → rsc). */
export function baseId(id: string): string {
  const m = /^(.*):\d+$/.exec(id);
  return m ? m[1]! : id;
}

/** Clone instances are sticky by default (stickiness 1) unless configured otherwise. */
function instanceMeta(config: ClusterConfig, c: Clone): Meta {
  const sticky = metaText(config.resourceDefaults, 'resource-stickiness') ?? metaText(c.meta, 'resource-stickiness');
  const childSticky = metaText(c.child.meta, 'resource-stickiness');
  return sticky === undefined && childSticky === undefined ? { ...c.meta, 'resource-stickiness': '1' } : c.meta;
}

type AddPrimitive = (index: ResourceIndex, config: ClusterConfig, p: import('../config/model.ts').Primitive, parentMeta: Meta, group?: string, groupIndex?: number) => void;

/** Adds a clone and its instances to the index. */
export function addClone(index: ResourceIndex, config: ClusterConfig, c: Clone, addPrimitive: AddPrimitive): void {
  assert(!index.clones.has(c.id), `duplicate clone id ${c.id}`);
  const meta = { ...config.resourceDefaults, ...c.meta };
  const max = count(metaText(c.meta, 'clone-max'), config.nodes.length);
  const info: CloneInfo = {
    id: c.id, child: c.child.id, childIsGroup: c.child.kind === 'group', instances: [], max,
    nodeMax: Math.max(1, count(metaText(c.meta, 'clone-node-max'), 1)),
    interleave: isTrue(metaText(c.meta, 'interleave')), min: count(metaText(c.meta, 'clone-min'), 0), unique: isTrue(metaText(c.meta, 'globally-unique')),
    ordered: isTrue(metaText(c.meta, 'ordered')), meta: resolveMeta(meta, config, false),
    promotable: isPromotable(c),
    promotedMax: count(metaText(c.meta, 'promoted-max') ?? metaText(c.meta, 'master-max'), 1),
    promotedNodeMax: count(metaText(c.meta, 'promoted-node-max') ?? metaText(c.meta, 'master-node-max'), 1),
  };
  index.clones.set(c.id, info);
  const parentMeta = instanceMeta(config, c);
  // clone-max=0 still gets one instance, so history can be matched to it (and stopped).
  for (let n = 0; n < Math.max(1, max); n++) addInstance(index, config, c, info, n, parentMeta, addPrimitive);
}

function addInstance(index: ResourceIndex, config: ClusterConfig, c: Clone, info: CloneInfo, n: number, parentMeta: Meta, addPrimitive: AddPrimitive): void {
  const child = c.child;
  if (child.kind === 'primitive') {
    addPrimitive(index, config, { ...child, id: instanceId(child.id, n) }, parentMeta);
    markInstance(index, instanceId(child.id, n), info, n);
    info.instances.push(instanceId(child.id, n));
    return;
  }
  const gid = instanceId(child.id, n);
  const gmeta = { ...config.resourceDefaults, ...parentMeta, ...child.meta };
  const members = child.children.map((m) => instanceId(m.id, n));
  index.groups.set(gid, { id: gid, members, meta: resolveMeta(gmeta, config, false), clone: c.id });
  child.children.forEach((m, i) => {
    addPrimitive(index, config, { ...m, id: instanceId(m.id, n) }, { ...parentMeta, ...child.meta }, gid, i);
    markInstance(index, instanceId(m.id, n), info, n);
  });
  info.instances.push(gid);
}

function markInstance(index: ResourceIndex, id: string, clone: CloneInfo, n: number): void {
  const p = index.primitives.get(id)!;
  index.primitives.set(id, { ...p, clone: clone.id, instance: n, uniqueInstance: clone.unique });
}

/** The clone an id names or belongs to (a clone id, an instance, or an instance member). */
export function cloneOf(index: ResourceIndex, id: string): CloneInfo | undefined {
  return index.clones.get(id) ?? index.clones.get(index.primitives.get(id)?.clone ?? index.groups.get(id)?.clone ?? '');
}

/** The primitive ids of one instance (one primitive, or a cloned group's members). */
export function instanceMembers(index: ResourceIndex, instance: string): string[] {
  return index.groups.get(instance)?.members ?? [instance];
}

/** The primitives a configured id stands for: a clone's instances' members, a group's members, or itself. */
export function primitivesOf(index: ResourceIndex, id: string): string[] {
  const clone = index.clones.get(id);
  if (clone) return clone.instances.flatMap((top) => instanceMembers(index, top));
  return index.groups.get(id)?.members ?? [id];
}
