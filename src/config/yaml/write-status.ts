// The status → its compact YAML form. Each resource history is classified into a compact
// entry, and the entry is kept only if synthesizing it back (history.ts) gives the same
// operations and fail-count attributes; otherwise it is left out and a note says so.
import type { ClusterDocument, NodeStatus, OperationRecord, Primitive, ResourceHistory } from '../model.ts';
import { attributesWithFailCounts } from '../fail-counts.ts';
import { synthesize, type FailureEntry, type ResourceStateEntry } from './history.ts';
import { indexResources } from './references.ts';
import { durationScalar, rawMap } from './write-values.ts';

type Out = Record<string, unknown>;

export interface StatusOutput {
  /** The status section, or undefined when it says nothing beyond the defaults. */
  value?: Out;
  /** What could not be written compactly, for a YAML comment. */
  notes: string[];
}

const FAIL_ATTRIBUTE = /^(fail-count|last-failure)-(.+)#(.+)_(\d+)$/;

export function writeStatus(doc: ClusterDocument): StatusOutput {
  const { config, status } = doc;
  const notes: string[] = [];
  const configured = new Set(config.nodes.map((node) => node.name));
  const primitives = indexResources(config.resources).primitives;
  // Fail-counts are matched against what synthesizing an entry writes: Pacemaker's attributes.
  const leftover = new Map(status.nodes.map((node) => [node.name, attributesWithFailCounts(status, node.name, node.attributes)]));
  const resources: Record<string, Record<string, unknown>> = {};
  for (const [resource, node, history] of entriesToWrite(doc)) {
    const base = /^(.+):\d+$/.exec(resource)?.[1];
    const primitive = primitives.get(resource) ?? (base === undefined ? undefined : primitives.get(base));
    const attributes = leftover.get(node);
    const entry = primitive === undefined || attributes === undefined || !configured.has(node)
      ? undefined : compactEntry(doc, resource, node, primitive, history, attributes);
    if (entry === undefined) {
      if (history !== undefined) notes.push(`status of ${resource} on ${node} not written: its history has no compact form`);
      continue;
    }
    (resources[resource] ??= {})[node] = entry;
  }
  const nodes: Out = {};
  for (const node of status.nodes) {
    if (!configured.has(node.name)) {
      notes.push(`status of node ${node.name} not written: it is not a configured node`);
      continue;
    }
    nodes[node.name] = writeNodeState(node, leftover.get(node.name) ?? {}, notes);
  }
  const out: Out = {};
  if (!status.quorum) out.quorum = false;
  if (status.now !== undefined) out.now = status.now;
  if (status.coordinator !== undefined) out.coordinator = status.coordinator;
  const interesting = Object.values(nodes).some((value) => value !== 'online');
  if (interesting || Object.keys(resources).length > 0) out.nodes = nodes;
  if (Object.keys(resources).length > 0) out.resources = resources;
  return Object.keys(out).length === 0 ? { notes } : { value: out, notes };
}

/** (resource, node, history) for every history, then for fail-counts with no history. */
function entriesToWrite(doc: ClusterDocument): Array<[string, string, ResourceHistory | undefined]> {
  const list: Array<[string, string, ResourceHistory | undefined]> = [];
  const seen = new Set<string>();
  for (const history of doc.status.history) {
    list.push([history.resource, history.node, history]);
    seen.add(`${history.resource}@${history.node}`);
  }
  for (const f of doc.status.failCounts ?? []) {
    if (f.count === 0 || f.operation === '' || seen.has(`${f.resource}@${f.node}`)) continue;
    seen.add(`${f.resource}@${f.node}`);
    list.push([f.resource, f.node, undefined]);
  }
  return list;
}

function writeNodeState(node: NodeStatus, attributes: Record<string, string>, notes: string[]): unknown {
  const state = node.unclean ? 'unclean' : node.online ? (node.shutdown ? 'shutdown' : 'online') : 'offline';
  if ((node.unclean && (node.online || node.shutdown)) || (!node.online && node.shutdown)) {
    notes.push(`node ${node.name}: online=${node.online} unclean=${node.unclean} shutdown=${node.shutdown} written as ${state}`);
  }
  return Object.keys(attributes).length === 0 ? state : { state, attributes: rawMap(attributes) };
}

/** Operations in execution order, pending last, without Pacemaker's duplicate last-failure records. */
function normalize(operations: OperationRecord[]): OperationRecord[] {
  const sorted = [...operations].sort((a, b) => (a.callId < 0 ? Infinity : a.callId) - (b.callId < 0 ? Infinity : b.callId));
  const same = (a: OperationRecord, b: OperationRecord): boolean => a.operation === b.operation && a.intervalMs === b.intervalMs && a.rc === b.rc;
  return sorted.filter((op) => !(op.id?.endsWith('_last_failure_0') && sorted.some((other) => other !== op && same(op, other))));
}

function shape(operations: OperationRecord[]): string {
  return normalize(operations).map((op) => {
    const status = op.status === 'done' || op.status === 'error' ? 'complete' : op.status;
    return `${op.operation}/${op.intervalMs}/${op.rc}/${status}`;
  }).join(' ');
}

/** The compact state a history most likely stands for (checked by re-synthesis afterwards). */
function classify(history: ResourceHistory | undefined): { state: ResourceStateEntry['state']; via?: 'probe' | 'stop'; failed?: OperationRecord } | undefined {
  if (history === undefined) return { state: 'unknown' };
  const ops = normalize(history.operations);
  const pending = ops.find((op) => op.status === 'pending');
  if (pending !== undefined) return pending.operation === 'start' ? { state: 'pending-start' } : pending.operation === 'stop' ? { state: 'pending-stop' } : undefined;
  const last = ops.filter((op) => op.intervalMs === 0).at(-1);
  if (last === undefined) return undefined;
  if (last.operation === 'monitor' && last.rc === 7) return { state: 'stopped', via: 'probe' };
  if (last.operation === 'stop') return last.rc === 0 ? { state: 'stopped', via: 'stop' } : { state: 'stop-failed', failed: last };
  if (last.operation !== 'start') return undefined;
  if (last.rc !== 0) return { state: 'start-failed', failed: last };
  const failedMonitor = ops.find((op) => op.operation === 'monitor' && op.intervalMs > 0 && op.rc !== 0);
  return failedMonitor === undefined ? { state: 'started' } : { state: 'failed', failed: failedMonitor };
}

function compactEntry(
  doc: ClusterDocument, resource: string, node: string, primitive: Primitive,
  history: ResourceHistory | undefined, attributes: Record<string, string>,
): unknown {
  const base = classify(history);
  if (base === undefined) return undefined;
  if (history !== undefined && (history.class !== primitive.class || history.type !== primitive.type || history.provider !== primitive.provider)) return undefined;
  const failures = failureCandidates(resource, base.failed, attributes);
  const candidates: ResourceStateEntry[] = [];
  const head: ResourceStateEntry = { state: base.state, failures: [] };
  if (base.state === 'stopped' && base.via === 'stop') head.via = 'stop';
  for (const failure of [[], ...failures.map((f) => [f])]) {
    candidates.push({ ...head, failures: failure });
    const count = failCountOf(resource, attributes);
    if (count !== undefined) candidates.push({ ...head, failures: failure, failCount: count });
    candidates.push({ ...head, failures: failure, failCount: 0 });
  }
  let best: { entry: ResourceStateEntry; consumed: string[] } | undefined;
  for (const entry of candidates) {
    const made = synthesize(resource, node, primitive, entry, doc.config.options, () => 1, doc.status.now);
    if (shape(made.history?.operations ?? []) !== shape(history?.operations ?? [])) continue;
    const keys = Object.keys(made.attributes);
    if (!keys.every((key) => attributes[key] === made.attributes[key])) continue;
    if (best === undefined || keys.length > best.consumed.length) best = { entry, consumed: keys };
  }
  if (best === undefined) return undefined;
  for (const key of best.consumed) delete attributes[key];
  return entryOut(best.entry);
}

function failCountOf(resource: string, attributes: Record<string, string>): number | undefined {
  const key = Object.keys(attributes).find((k) => k.startsWith(`fail-count-${resource}#`));
  const value = key === undefined ? undefined : attributes[key];
  if (value === undefined) return undefined;
  if (value === 'INFINITY') return 1_000_000;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Failures that could explain the history's failed record and the fail-count attributes. */
function failureCandidates(resource: string, failed: OperationRecord | undefined, attributes: Record<string, string>): FailureEntry[] {
  const result: FailureEntry[] = [];
  for (const key of Object.keys(attributes)) {
    const match = FAIL_ATTRIBUTE.exec(key);
    if (match?.[1] !== 'fail-count' || match[2] !== resource) continue;
    const failure: FailureEntry = { operation: match[3] ?? '', intervalMs: Number(match[4]) };
    const at = attributes[`last-failure-${resource}#${match[3]}_${match[4]}`];
    if (at !== undefined && /^\d+$/.test(at)) failure.at = Number(at);
    if (failed?.operation === failure.operation && failed.intervalMs === failure.intervalMs) failure.rc = failed.rc;
    result.push(failure);
  }
  if (failed !== undefined) {
    const failure: FailureEntry = { operation: failed.operation, intervalMs: failed.intervalMs, rc: failed.rc };
    if (failed.lastRcChange !== undefined) failure.at = failed.lastRcChange;
    result.push(failure);
  }
  return result;
}

function entryOut(entry: ResourceStateEntry): unknown {
  if (entry.via === undefined && entry.failCount === undefined && entry.failures.length === 0) return entry.state;
  const out: Out = { state: entry.state };
  if (entry.via !== undefined) out.via = entry.via;
  if (entry.failCount !== undefined) out['fail-count'] = entry.failCount >= 1_000_000 ? 'INFINITY' : entry.failCount;
  if (entry.failures.length > 0) {
    out.failures = entry.failures.map((f) => {
      const failure: Out = { operation: f.operation, interval: durationScalar(f.intervalMs) };
      if (f.rc !== undefined) failure.rc = f.rc;
      if (f.at !== undefined) failure.at = f.at;
      return failure;
    });
  }
  return out;
}
