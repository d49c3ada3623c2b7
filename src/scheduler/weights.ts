// Stage 3a: each primitive's own node scores before colocation: location constraints and
// rules, symmetric or opt-in cluster, stickiness on its current node, and bans from
// failures (migration-threshold, hard errors, failed stops). Every contribution is named.
import type { LocationConstraint } from '../config/model.ts';
import type { NamedScore } from './types.ts';
import type { ConstraintIndex } from './constraints.ts';
import type { NodesView } from './nodes.ts';
import type { PrimitiveInfo } from './resources.ts';
import type { ResourceOnNode } from './unpack.ts';
import { addScores, INFINITY } from './score.ts';
import { ruleMatches, ruleScore } from './rules.ts';

/** Node → score; a node absent from the map is not allowed at all (opt-in clusters). */
export type Weights = Map<string, number>;

export interface BaseWeights {
  weights: Weights;
  parts: Map<string, NamedScore[]>;
}

function add(base: BaseWeights, node: string, score: number, source: string): void {
  base.weights.set(node, addScores(base.weights.get(node) ?? 0, score));
  const list = base.parts.get(node) ?? [];
  list.push({ source, score });
  base.parts.set(node, list);
}

/** Location roles that count for placement; role=Promoted counts for promotion only. */
const PLACEMENT_ROLES = ['started', 'slave', 'unpromoted'];
const PROMOTION_ROLES = ['promoted', 'master'];

function applyLocation(base: BaseWeights, loc: LocationConstraint, nodes: NodesView, nowS: number, roles = PLACEMENT_ROLES, roleRequired = false): void {
  if (loc.role ? !roles.includes(loc.role.toLowerCase()) : roleRequired && (loc.rules ?? []).every((r) => r.role === undefined)) return;
  if (loc.node !== undefined) {
    if (nodes.nodes.has(loc.node)) add(base, loc.node, loc.score ?? 0, `location ${loc.id}`);
    return;
  }
  for (const rule of loc.rules ?? []) {
    const role = rule.role ?? loc.role;
    if (role ? !roles.includes(role.toLowerCase()) : roleRequired) continue;
    for (const name of nodes.order) {
      const view = nodes.nodes.get(name)!;
      if (ruleMatches(rule, view.attributes, nowS)) add(base, name, ruleScore(rule, view.attributes), `location ${loc.id} rule ${rule.id}`);
    }
  }
}

/** A primitive's scores for its promoted role: the location constraints with role=Promoted. */
export function promotedLocationWeights(locations: readonly LocationConstraint[], nodes: NodesView, nowS: number): BaseWeights {
  const base: BaseWeights = { weights: new Map(), parts: new Map() };
  for (const loc of locations) applyLocation(base, loc, nodes, nowS, PROMOTION_ROLES, true);
  return base;
}

export interface WeightInputs {
  info: PrimitiveInfo;
  states: readonly ResourceOnNode[];
  constraints: ConstraintIndex;
  nodes: NodesView;
  symmetric: boolean;
  nowS: number;
  /** Fail-count on a node where the primitive has no history (from node attributes). */
  failCountOn?: (node: string) => number;
  /** shutdown-lock: the node the primitive is locked to; it may run on no other. */
  lockedTo?: string;
}

/** The primitive's own scores on every node. */
export function baseWeights(input: WeightInputs): BaseWeights {
  const { info, states, nodes } = input;
  const base: BaseWeights = { weights: new Map(), parts: new Map() };
  if (input.symmetric) for (const n of nodes.order) base.weights.set(n, 0);
  for (const loc of input.constraints.locations.get(info.id) ?? []) applyLocation(base, loc, nodes, input.nowS);
  const active = states.filter((s) => s.role !== 'stopped');
  if (info.meta.managed && info.meta.stickiness !== 0 && active.length === 1) {
    const here = active[0]!.node;
    const online = nodes.nodes.get(here)?.state !== 'offline' && nodes.nodes.get(here)?.state !== 'unclean';
    if (online && (base.weights.has(here) || input.symmetric)) add(base, here, info.meta.stickiness, 'stickiness');
  }
  for (const s of states) {
    const ignored = s.failure?.onFail === 'ignore' || s.failureIgnored === true;
    if (!ignored && info.meta.migrationThreshold > 0 && s.failCount > 0 && s.failCount >= info.meta.migrationThreshold) {
      add(base, s.node, -INFINITY, `migration-threshold: ${s.failCount} failures reached ${info.meta.migrationThreshold}`);
    }
    if (s.banReason) add(base, s.node, -INFINITY, s.banReason);
    // A stop that failed with on-fail=block leaves the resource blocked where it is, not banned
    // there (it still counts on that node when the others are placed).
    if (s.stopFailed && s.failure?.onFail !== 'block') add(base, s.node, -INFINITY, 'stop failed here');
    if (s.banEverywhere) for (const n of nodes.order) add(base, n, -INFINITY, s.banEverywhere);
  }
  if (input.lockedTo !== undefined) {
    for (const n of nodes.order) if (n !== input.lockedTo) add(base, n, -INFINITY, `shutdown-lock: locked to ${input.lockedTo}`);
  }
  // A fail-count counts on its node even where no history is left (an anonymous clone's
  // instances share one, whichever instance failed there).
  if (input.failCountOn && info.meta.migrationThreshold > 0) {
    for (const n of nodes.order) {
      if (states.some((s) => s.node === n)) continue;
      const count = input.failCountOn(n);
      if (count > 0 && count >= info.meta.migrationThreshold) add(base, n, -INFINITY, `migration-threshold: ${count} failures reached ${info.meta.migrationThreshold}`);
    }
  }
  return base;
}
