// Fail-counts as typed data (model.ts FailCount), and their one translation from and to
// Pacemaker's transient node attributes (fail-count-RSC#OP_INTERVAL, last-failure-RSC#OP_INTERVAL,
// legacy fail-count-RSC), used where a CIB is read or written. Nothing else parses those names.
import type { ClusterStatus, FailCount } from './model.ts';

/** Pacemaker's INFINITY, as a fail-count. */
export const FAIL_COUNT_INFINITY = 1_000_000;

const ATTRIBUTE = /^(fail-count|last-failure)-(.+)$/;

function countOf(text: string): number {
  const v = text.trim().toUpperCase();
  if (v.includes('INFINITY')) return v.startsWith('-') ? 0 : FAIL_COUNT_INFINITY;
  return Math.min(FAIL_COUNT_INFINITY, Math.max(0, Number.parseInt(v, 10) || 0));
}

/** `rsc#monitor_10000` → rsc, monitor, 10000; `rsc` (legacy) → rsc, '', 0. */
function keyOf(rest: string): { resource: string; operation: string; intervalMs: number } {
  const hash = rest.indexOf('#');
  if (hash < 0) return { resource: rest, operation: '', intervalMs: 0 };
  const op = rest.slice(hash + 1);
  const m = /^(.+)_(\d+)$/.exec(op);
  return { resource: rest.slice(0, hash), operation: m ? m[1]! : op, intervalMs: m ? Number(m[2]) : 0 };
}

/** A node's attributes split into its typed fail-counts and the attributes that are not fail-counts. */
export function failCountsFromAttributes(node: string, attributes: Record<string, string>): { failCounts: FailCount[]; attributes: Record<string, string> } {
  const byKey = new Map<string, FailCount>();
  const rest: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const m = ATTRIBUTE.exec(name);
    if (!m) { rest[name] = value; continue; }
    let entry = byKey.get(m[2]!);
    if (!entry) { entry = { ...keyOf(m[2]!), node, count: 0, lastFailureS: 0 }; byKey.set(m[2]!, entry); }
    if (m[1] === 'fail-count') entry.count = countOf(value);
    else entry.lastFailureS = Math.max(0, Number(value) || 0);
  }
  return { failCounts: [...byKey.values()], attributes: rest };
}

/** The status with every node's fail-count attributes moved into `failCounts` (after those it had). */
export function withTypedFailCounts(status: ClusterStatus): ClusterStatus {
  const failCounts = [...(status.failCounts ?? [])];
  const nodes = status.nodes.map((n) => {
    const split = failCountsFromAttributes(n.name, n.attributes);
    if (split.failCounts.length === 0) return n;
    failCounts.push(...split.failCounts);
    return { ...n, attributes: split.attributes };
  });
  return failCounts.length === 0 && status.failCounts === undefined ? status : { ...status, nodes, failCounts };
}

/** The attribute name a fail-count is written under in a CIB (the inverse of the reading above). */
export function failCountKey(f: Pick<FailCount, 'resource' | 'operation' | 'intervalMs'>): string {
  return f.operation === '' ? f.resource : `${f.resource}#${f.operation}_${f.intervalMs}`;
}

/** A node's attributes with its fail-counts written back as Pacemaker's attributes (for CIB or YAML output). */
export function attributesWithFailCounts(status: ClusterStatus, node: string, attributes: Record<string, string>): Record<string, string> {
  const out = { ...attributes };
  for (const f of status.failCounts ?? []) {
    if (f.node !== node) continue;
    const key = failCountKey(f);
    if (f.count > 0) out[`fail-count-${key}`] = f.count >= FAIL_COUNT_INFINITY ? 'INFINITY' : String(f.count);
    if (f.lastFailureS > 0) out[`last-failure-${key}`] = String(f.lastFailureS);
  }
  return out;
}

/** `failCounts` with one more failure of `key`'s operation on its node at `atS` (INFINITY: `count` set to it). */
export function withFailure(failCounts: readonly FailCount[] | undefined, key: Omit<FailCount, 'count' | 'lastFailureS'>, atS: number, infinite = false): FailCount[] {
  const list = failCounts ?? [];
  const same = (f: FailCount) => f.resource === key.resource && f.node === key.node && f.operation === key.operation && f.intervalMs === key.intervalMs;
  const before = list.find(same);
  const count = infinite ? FAIL_COUNT_INFINITY : Math.min(FAIL_COUNT_INFINITY, (before?.count ?? 0) + 1);
  const entry: FailCount = { ...key, count, lastFailureS: Math.max(before?.lastFailureS ?? 0, atS) };
  return before ? list.map((f) => (f === before ? entry : f)) : [...list, entry];
}
