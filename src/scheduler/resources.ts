// Stage 0: index the configured resources. Groups are flattened into their member primitives
// (each member keeps a link to its group) and every meta attribute is resolved against the
// parent's meta and the resource defaults, into typed values.
import type { ClusterConfig, Group, Meta, Primitive, Score } from '../config/model.ts';
import { INFINITY, parseScore } from './score.ts';
import { assert } from '../assert.ts';
import { addClone, isPromotable, type CloneInfo } from './clones.ts';
import { unfencingEnabled } from './unfencing.ts';

export type TargetRole = 'started' | 'stopped' | 'promoted' | 'unpromoted';
export type MultipleActive = 'stop_start' | 'stop_only' | 'block' | 'stop_unexpected';
export type Requires = 'nothing' | 'quorum' | 'fencing' | 'unfencing';

export interface ResolvedMeta {
  targetRole: TargetRole;
  managed: boolean;
  /** maintenance (its own, or the cluster's maintenance-mode): unmanaged, and not even monitored. */
  maintenance: boolean;
  stickiness: Score;
  /** INFINITY when unset; 0 never bans. */
  migrationThreshold: number;
  /** 0 when failures never expire. */
  failureTimeoutS: number;
  allowMigrate: boolean;
  priority: number;
  multipleActive: MultipleActive;
  requires: Requires;
}

export interface PrimitiveInfo {
  id: string;
  def: Primitive;
  /** The group this primitive belongs to, if any. */
  group?: string;
  /** Position inside its group (0 for ungrouped primitives). */
  groupIndex: number;
  /** Position in the configuration, used as the last tie-break. */
  configOrder: number;
  meta: ResolvedMeta;
  /** For clone instances: the clone and the instance number. */
  clone?: string;
  instance?: number;
  /** Instance of a globally-unique clone (its fail-counts carry the instance suffix). */
  uniqueInstance?: boolean;
}

export interface GroupInfo {
  id: string;
  members: string[];
  meta: ResolvedMeta;
  /** For instances of a cloned group: the clone. */
  clone?: string;
}

export interface ResourceIndex {
  primitives: Map<string, PrimitiveInfo>;
  groups: Map<string, GroupInfo>;
  /** Primitives in configuration order. */
  order: string[];
  /** Clones by id (their instances are in `primitives` and `groups`). */
  clones: Map<string, CloneInfo>;
  /** Promotable clones: scheduled, but the runtime cannot run roles yet (it skips their instances). */
  unsupported: string[];
}

/** The meta names read below, each with its underscore spelling: built once, not per lookup. */
const UNDERSCORED: ReadonlyMap<string, string> = new Map(['resource-stickiness', 'migration-threshold', 'maintenance', 'requires',
  'target-role', 'is-managed', 'failure-timeout', 'allow-migrate', 'priority', 'multiple-active'].map((k) => [k, k.replaceAll('-', '_')]));

function metaValue(meta: Meta, key: string): string | undefined {
  return meta[key] ?? meta[UNDERSCORED.get(key) ?? key.replaceAll('-', '_')];
}

function parseBool(text: string | undefined, fallback: boolean): boolean {
  if (text === undefined) return fallback;
  const t = text.trim().toLowerCase();
  if (['true', 'yes', 'on', 'y', '1'].includes(t)) return true;
  if (['false', 'no', 'off', 'n', '0'].includes(t)) return false;
  return fallback;
}

/** Parses a Pacemaker duration ("60", "60s", "2min", "1h", "500ms") into seconds. */
export function parseDurationS(text: string | undefined): number {
  if (text === undefined) return 0;
  const m = /^\s*(\d+)\s*(ms|msec|s|sec|m|min|h|hr)?\s*$/i.exec(text);
  if (!m) return 0;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  if (unit === 'ms' || unit === 'msec') return Math.floor(n / 1000);
  if (unit === 'm' || unit === 'min') return n * 60;
  if (unit === 'h' || unit === 'hr') return n * 3600;
  return n;
}

function parseTargetRole(text: string | undefined): TargetRole {
  const t = (text ?? 'Started').trim().toLowerCase();
  if (t === 'stopped') return 'stopped';
  if (t === 'master' || t === 'promoted') return 'promoted';
  if (t === 'slave' || t === 'unpromoted') return 'unpromoted';
  return 'started';
}

function parseMultipleActive(text: string | undefined): MultipleActive {
  const t = (text ?? '').trim();
  return t === 'stop_only' || t === 'block' || t === 'stop_unexpected' ? t : 'stop_start';
}

/** Resolves raw meta (own over parent over defaults) into typed values. */
export function resolveMeta(meta: Meta, config: ClusterConfig, isStonith: boolean): ResolvedMeta {
  const opts = config.options;
  const sticky = metaValue(meta, 'resource-stickiness');
  const threshold = metaValue(meta, 'migration-threshold');
  const parsedThreshold = threshold === undefined ? INFINITY : (parseScore(threshold) ?? INFINITY);
  const maintenance = parseBool(metaValue(meta, 'maintenance'), false);
  const requiresRaw = metaValue(meta, 'requires');
  // Fence devices cannot require fencing; they may still require nothing. Where unfencing is on
  // (unfencing.ts), what says nothing requires it.
  const requires: Requires = isStonith ? (requiresRaw === 'nothing' ? 'nothing' : 'quorum')
    : requiresRaw === 'nothing' || requiresRaw === 'quorum' || requiresRaw === 'fencing' || requiresRaw === 'unfencing'
      ? requiresRaw : !opts.fencingEnabled ? 'quorum' : unfencingEnabled(config) ? 'unfencing' : 'fencing';
  return {
    targetRole: parseTargetRole(metaValue(meta, 'target-role')),
    managed: parseBool(metaValue(meta, 'is-managed'), true) && !maintenance && !opts.maintenanceMode,
    maintenance: maintenance || opts.maintenanceMode,
    stickiness: sticky === undefined ? opts.defaultResourceStickiness : (parseScore(sticky) ?? 0),
    migrationThreshold: parsedThreshold,
    failureTimeoutS: parseDurationS(metaValue(meta, 'failure-timeout')),
    allowMigrate: parseBool(metaValue(meta, 'allow-migrate'), false),
    priority: parseScore(metaValue(meta, 'priority') ?? '0') ?? 0,
    multipleActive: parseMultipleActive(metaValue(meta, 'multiple-active')),
    requires,
  };
}

function addPrimitive(index: ResourceIndex, config: ClusterConfig, p: Primitive, parentMeta: Meta, group?: string, groupIndex = 0): void {
  assert(!index.primitives.has(p.id), `duplicate resource id ${p.id}`);
  const meta = { ...config.resourceDefaults, ...parentMeta, ...p.meta };
  index.primitives.set(p.id, {
    id: p.id, def: p, group, groupIndex, configOrder: index.order.length,
    meta: resolveMeta(meta, config, p.class === 'stonith'),
  });
  index.order.push(p.id);
}

function addGroup(index: ResourceIndex, config: ClusterConfig, g: Group): void {
  const meta = { ...config.resourceDefaults, ...g.meta };
  index.groups.set(g.id, { id: g.id, members: g.children.map((c) => c.id), meta: resolveMeta(meta, config, false) });
  g.children.forEach((child, i) => addPrimitive(index, config, child, g.meta, g.id, i));
}

/** Indexes every configured resource. */
export function indexResources(config: ClusterConfig): ResourceIndex {
  const index: ResourceIndex = { primitives: new Map(), groups: new Map(), order: [], clones: new Map(), unsupported: [] };
  for (const r of config.resources) {
    if (r.kind === 'primitive') addPrimitive(index, config, r, {});
    else if (r.kind === 'group') addGroup(index, config, r);
    else {
      if (isPromotable(r)) index.unsupported.push(r.id);
      addClone(index, config, r, addPrimitive);
    }
  }
  return index;
}
