// Matches the history of anonymous clones to instances, before unpacking. Instances of an
// anonymous clone are interchangeable, so the number recorded in the history (or its absence)
// means nothing: node by node, in status order (but see matchingOrder), each history
// goes to the instance already active on that node, else to the first instance not active
// anywhere yet; when none is left it becomes an orphan instance (rsc:N past clone-max) and is
// stopped. Globally-unique instances keep their recorded names.
import type { ClusterDocument, ResourceHistory } from '../config/model.ts';
import type { ResourceIndex } from './resources.ts';
import { unpackHistory } from './unpack.ts';
import { baseId, instanceId, type CloneInfo } from './clones.ts';

interface Slots {
  clone: CloneInfo;
  /** Instance top id → node it is active on. */
  activeOn: Map<string, string>;
  /** `${member}@${node}` → index (in the output) of the history it already holds. */
  taken: Map<string, number>;
  /** Members with an active history somewhere. */
  activeMembers: Set<string>;
  /** Orphan instances made so far (past clone-max), in order. */
  orphans: string[];
}

/** The anonymous clone a history's resource belongs to, and the member's base id. */
function anonymousClone(index: ResourceIndex, id: string): { clone: CloneInfo; base: string } | undefined {
  const base = baseId(id);
  const info = index.primitives.get(instanceId(base, 0));
  if (info?.clone === undefined) return undefined;
  const clone = index.clones.get(info.clone);
  return clone && !clone.unique ? { clone, base } : undefined;
}

function memberOf(slots: Slots, top: string, base: string): string {
  const n = /:(\d+)$/.exec(top)![1]!;
  return slots.clone.childIsGroup ? instanceId(base, Number(n)) : top;
}

/**
 * The instance active on this node whose member is not running yet; else (unless such an
 * instance's member already runs: a second history of one member is an orphan) the first
 * instance active nowhere; else a new orphan instance.
 */
function choose(slots: Slots, base: string, node: string): string {
  let inactive: string | undefined;
  let skipInactive = false;
  for (const top of [...slots.clone.instances, ...slots.orphans]) {
    const member = memberOf(slots, top, base);
    const where = slots.activeOn.get(top);
    if (where === node) {
      if (!slots.activeMembers.has(member)) return member;
      skipInactive = true;
    } else if (where === undefined && inactive === undefined) inactive = member;
  }
  if (inactive !== undefined && !skipInactive) return inactive;
  const top = instanceId(slots.clone.child, slots.clone.instances.length + slots.orphans.length);
  slots.orphans.push(top);
  return memberOf(slots, top, base);
}

/**
 * Histories on nodes that are up (or whose controller still ran) are matched first, then those
 * on nodes that are gone, each in status order: a gone node's copy takes an instance only
 * after the others (clone-requires-quorum: it is the orphan; bug-lf-2508: a node out of the
 * membership whose controller still ran keeps its place).
 */
function matchingOrder(doc: ClusterDocument): number[] {
  const present = new Set(doc.status.nodes.filter((n) => (n.online && !n.unclean) || n.controllerUp === true).map((n) => n.name));
  const indexes = doc.status.history.map((_, i) => i);
  if (doc.status.history.every((h) => present.has(h.node))) return indexes;
  return [...indexes.filter((i) => present.has(doc.status.history[i]!.node)), ...indexes.filter((i) => !present.has(doc.status.history[i]!.node))];
}

/** Returns the status history with anonymous clone histories renamed to instance ids. */
export function matchCloneHistory(doc: ClusterDocument, index: ResourceIndex, nowS: number): ResourceHistory[] {
  if (index.clones.size === 0) return doc.status.history;
  const slots = new Map<string, Slots>();
  const out = doc.status.history.slice();
  const dropped = new Set<number>();
  for (const i of matchingOrder(doc)) {
    const h = out[i]!;
    const found = anonymousClone(index, h.resource);
    if (!found) continue;
    let s = slots.get(found.clone.id);
    if (!s) slots.set(found.clone.id, s = { clone: found.clone, activeOn: new Map(), taken: new Map(), activeMembers: new Set(), orphans: [] });
    const member = choose(s, found.base, h.node);
    const key = `${member}@${h.node}`;
    const held = s.taken.get(key);
    // Two histories landing on one instance on one node (the clone was renumbered): the
    // instance is active there if either says so, so an active history wins.
    const renamed = { ...h, resource: member };
    const active = unpackHistory(doc, renamed, index.primitives.get(member), nowS).role !== 'stopped';
    if (held !== undefined && !active) { dropped.add(i); continue; }
    if (active) {
      const top = found.clone.childIsGroup ? instanceId(found.clone.child, Number(/:(\d+)$/.exec(member)![1])) : member;
      s.activeOn.set(top, h.node);
      s.activeMembers.add(member);
    }
    if (held === undefined) { out[i] = renamed; s.taken.set(key, i); }
    else { out[held] = renamed; dropped.add(i); }
  }
  return dropped.size === 0 ? out : out.filter((_, i) => !dropped.has(i));
}
