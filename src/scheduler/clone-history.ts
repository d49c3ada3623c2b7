// Matches the history of anonymous clones to instances, before unpacking. Instances of an
// anonymous clone are interchangeable, so the number recorded in the history (or its absence)
// means nothing: node by node (members of the cluster first, in status order), each history
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
  /** `${member}@${node}` already holding a history. */
  taken: Set<string>;
  nextOrphan: number;
}

/** The anonymous clone a history's resource belongs to, and the member's base id. */
function anonymousClone(index: ResourceIndex, id: string): { clone: CloneInfo; base: string } | undefined {
  const base = baseId(id);
  const info = index.primitives.get(instanceId(base, 0));
  if (info?.clone === undefined) return undefined;
  const clone = index.clones.get(info.clone);
  return clone && !clone.unique ? { clone, base } : undefined;
}

function memberOf(index: ResourceIndex, top: string, base: string): string {
  const g = index.groups.get(top);
  const n = /:(\d+)$/.exec(top)![1]!;
  return g ? instanceId(base, Number(n)) : top;
}

function choose(index: ResourceIndex, slots: Slots, base: string, node: string): string {
  let inactive: string | undefined;
  for (const top of slots.clone.instances) {
    const member = memberOf(index, top, base);
    if (slots.taken.has(`${member}@${node}`)) continue;
    const where = slots.activeOn.get(top);
    if (where === node) return member;
    if (where === undefined && inactive === undefined) inactive = member;
  }
  if (inactive !== undefined) return inactive;
  return instanceId(base, slots.clone.instances.length + slots.nextOrphan++);
}

/** Returns the status history with anonymous clone histories renamed to instance ids. */
export function matchCloneHistory(doc: ClusterDocument, index: ResourceIndex, nowS: number): ResourceHistory[] {
  if (index.clones.size === 0) return doc.status.history;
  const online = new Set(doc.status.nodes.filter((n) => n.online && !n.unclean).map((n) => n.name));
  const deferOffline = doc.config.options.fencingEnabled;
  const first = (h: ResourceHistory): boolean => !deferOffline || online.has(h.node);
  const slots = new Map<string, Slots>();
  const out = doc.status.history.slice();
  const passes = [out.flatMap((h, i) => (first(h) ? [i] : [])), out.flatMap((h, i) => (first(h) ? [] : [i]))];
  for (const i of passes.flat()) {
    const h = out[i]!;
    const found = anonymousClone(index, h.resource);
    if (!found) continue;
    let s = slots.get(found.clone.id);
    if (!s) slots.set(found.clone.id, s = { clone: found.clone, activeOn: new Map(), taken: new Set(), nextOrphan: 0 });
    const member = choose(index, s, found.base, h.node);
    s.taken.add(`${member}@${h.node}`);
    const renamed = { ...h, resource: member };
    const info = index.primitives.get(member);
    if (info && unpackHistory(doc, renamed, info, nowS).role !== 'stopped') {
      s.activeOn.set(info.group ?? member, h.node);
    }
    out[i] = renamed;
  }
  return out;
}
