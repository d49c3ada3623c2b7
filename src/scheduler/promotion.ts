// Roles of a promotable clone's instances, decided right after the clone's instances are
// placed (so what is colocated with the promoted role is placed knowing where it is). Each
// placed instance gets a promotion score on its node: the agent's promotion score (the
// transient node attribute master-RSC; -1 when the agent set none), plus location constraints
// with role=Promoted, plus colocations of the promoted role with other resources, plus the
// (scaled) preferences of what is colocated with the promoted role. The best instances with a
// score of 0 or more are promoted, at most promoted-max in all and promoted-node-max per node;
// the others run unpromoted.
import type { Colocation } from './constraints.ts';
import type { CloneInfo } from './clones.ts';
import type { Weights } from './weights.ts';
import { addScores, INFINITY } from './score.ts';

export type NextRole = 'promoted' | 'unpromoted';

export interface RolePlan {
  role: NextRole;
  /** The instance's promotion score on its node (what the choice compared). */
  score: number;
  reason: string;
}

/** The score an instance has when its agent set no promotion score: not promotable by itself. */
export const NO_PROMOTION_SCORE = -1;

/** What role assignment needs from placement. */
export interface PromotionHooks {
  /** The primitives of one instance (one, or a cloned group's members in order). */
  members(top: string): string[];
  /** The node an instance was placed on (all of its members), or null. */
  placedOn(top: string): string | null;
  /** Whether the instance runs promoted now on that node. */
  promotedNow(top: string, node: string): boolean;
  /** May the instance be promoted at all (managed, target-role allows)? */
  promotable(top: string): boolean;
  /** The instance failed where it runs (it is recovered first): it yields to healthy ones. */
  failed(top: string): boolean;
  /** The names a member's history on a node was recorded under (anonymous clones renumber instances). */
  recordedNames(member: string, node: string): readonly string[];
  /** The node's attributes (transient ones included): where promotion scores are kept. */
  attributes(node: string): Readonly<Record<string, string>>;
  /** A member's role=Promoted location scores. */
  promotedLocations(member: string): Weights;
  /** Places a resource the promoted role is colocated with, and says where it runs. */
  primaryNodes(c: Colocation): string[] | undefined;
  /** A dependent's preferences (and those of what runs with it), already scaled by the colocation's score. */
  dependentWeights(c: Colocation): Weights | undefined;
  promotedWith: readonly Colocation[];
  withPromoted: readonly Colocation[];
}

/**
 * The agent's promotion score for a member on a node: master-ID. An anonymous instance looks
 * it up without its instance number (the agent does not know it), a unique one with it first.
 * Older agents of anonymous clones recorded it under the instance name their node's history
 * has (`recorded`), which need not be the number the instance has now; failing that, any
 * numbered one on that node counts.
 */
export function promotionAttribute(attrs: Readonly<Record<string, string>>, member: string, unique: boolean, recorded: readonly string[] = []): number | undefined {
  const base = member.replace(/:\d+$/, '');
  const names = unique ? [`master-${member}`, `master-${base}`] : [`master-${base}`, ...recorded.map((r) => `master-${r}`), `master-${member}`];
  let text: string | undefined;
  for (const name of names) text ??= attrs[name];
  if (text === undefined && !unique) {
    const prefix = `master-${base}:`;
    for (const [name, value] of Object.entries(attrs)) if (name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length))) { text = value; break; }
  }
  if (text === undefined) return undefined;
  const t = text.trim().toUpperCase();
  if (t.includes('INFINITY')) return t.startsWith('-') ? -INFINITY : INFINITY;
  const n = Number.parseInt(t, 10);
  return Number.isNaN(n) ? 0 : Math.max(-INFINITY, Math.min(INFINITY, n));
}

/** What a colocation of the promoted role (or, reversed, the unpromoted role) adds on a node. */
function colocationScore(c: Colocation, primaryOn: readonly string[] | undefined, node: string): number {
  if (primaryOn === undefined) return 0;
  // Unpromoted with the primary: an instance where the primary runs stays unpromoted.
  if (c.dependentRole === 'unpromoted') return primaryOn.includes(node) ? (c.score >= INFINITY ? -INFINITY : -c.score) : 0;
  if (primaryOn.includes(node)) return c.score >= INFINITY ? INFINITY : c.score;
  return c.score >= INFINITY ? -INFINITY : 0;
}

/** An instance's promotion score on the node it was placed on. */
export function promotionScore(h: PromotionHooks, clone: CloneInfo, top: string, node: string): number {
  const members = h.members(top);
  let agent: number | undefined;
  for (const m of members) {
    const v = promotionAttribute(h.attributes(node), m, clone.unique, h.recordedNames(m, node));
    if (v !== undefined) agent = addScores(agent ?? 0, v);
  }
  let score = agent ?? NO_PROMOTION_SCORE;
  score = addScores(score, h.promotedLocations(members[0]!).get(node) ?? 0);
  for (const c of h.promotedWith) score = addScores(score, colocationScore(c, h.primaryNodes(c), node));
  let unwanted = false;
  for (const c of h.withPromoted) {
    const pull = h.dependentWeights(c)?.get(node);
    if (pull === undefined) continue;
    if (pull <= -INFINITY) unwanted = true;
    else score = addScores(score, pull);
  }
  // A node where what must run with the promoted role cannot does not forbid the promotion
  // (the dependent just will not run there), but ranks it after every other node (score 1).
  return unwanted && score > 1 ? 1 : score;
}

/** Assigns a role to every placed instance of a promotable clone. */
export function assignRoles(h: PromotionHooks, clone: CloneInfo, instances: readonly string[]): Map<string, RolePlan> {
  const out = new Map<string, RolePlan>();
  const candidates: { top: string; node: string; score: number; now: boolean; failed: boolean; i: number }[] = [];
  instances.forEach((top, i) => {
    const node = h.placedOn(top);
    if (node === null) return;
    const score = promotionScore(h, clone, top, node);
    out.set(top, { role: 'unpromoted', score, reason: 'promotion score below 0' });
    if (!h.promotable(top)) { out.get(top)!.reason = 'may not be promoted'; return; }
    if (score < 0) return;
    candidates.push({ top, node, score, now: h.promotedNow(top, node), failed: h.failed(top), i });
  });
  // Highest score first; among equals the instance promoted now, then a healthy one, then instance order.
  candidates.sort((a, b) => b.score - a.score || Number(b.now) - Number(a.now) || Number(a.failed) - Number(b.failed) || a.i - b.i);
  const perNode = new Map<string, number>();
  let promoted = 0;
  for (const c of candidates) {
    const plan = out.get(c.top)!;
    if (promoted >= clone.promotedMax) { plan.reason = `promoted-max (${clone.promotedMax}) instances already promoted`; continue; }
    if ((perNode.get(c.node) ?? 0) >= clone.promotedNodeMax) { plan.reason = `promoted-node-max (${clone.promotedNodeMax}) reached on ${c.node}`; continue; }
    plan.role = 'promoted';
    plan.reason = 'among the best promotion scores';
    perNode.set(c.node, (perNode.get(c.node) ?? 0) + 1);
    promoted++;
  }
  return out;
}
