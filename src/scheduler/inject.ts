// Pure status injections for `vigil simulate`, mirroring crm_simulate's --node-fail, --node-up,
// --op-fail and --quorum: each returns a new document, the input is never modified.
import { withFailure } from '../config/fail-counts.ts';
import type { ClusterDocument, NodeStatus, ResourceHistory } from '../config/model.ts';
import { assert } from '../assert.ts';

export type Injection =
  | { kind: 'node-fail'; node: string }
  | { kind: 'node-up'; node: string }
  | { kind: 'op-fail'; resource: string; operation: string; intervalMs: number; node: string; rc: number }
  | { kind: 'quorum'; quorum: boolean };

/** Parses `RSC_OP_INTERVAL@NODE=RC` (e.g. `rsc1_monitor_10000@node2=7`). */
export function parseOpFail(spec: string): Injection | string {
  const m = /^(.+)_([a-z_-]+?)_(\d+)@([^=]+)=(\d+)$/.exec(spec.trim());
  if (!m) return `--op-fail '${spec}' is not RSC_OP_INTERVAL@NODE=RC (e.g. rsc1_monitor_10000@node2=7)`;
  return { kind: 'op-fail', resource: m[1]!, operation: m[2]!, intervalMs: Number(m[3]), node: m[4]!, rc: Number(m[5]) };
}

function withNode(doc: ClusterDocument, node: string, change: (n: NodeStatus) => NodeStatus): ClusterDocument {
  const known = doc.config.nodes.some((n) => n.name === node) || doc.status.nodes.some((n) => n.name === node);
  assert(known, `unknown node ${node}`);
  const exists = doc.status.nodes.some((n) => n.name === node);
  const base: NodeStatus = { name: node, online: false, unclean: false, shutdown: false, attributes: {} };
  const nodes = exists ? doc.status.nodes.map((n) => (n.name === node ? change(n) : n)) : [...doc.status.nodes, change(base)];
  return { ...doc, status: { ...doc.status, nodes } };
}

function injectOpFail(doc: ClusterDocument, inj: Extract<Injection, { kind: 'op-fail' }>, nowS: number): ClusterDocument {
  const callId = 1 + Math.max(0, ...doc.status.history.filter((h) => h.node === inj.node).flatMap((h) => h.operations.map((o) => o.callId)));
  const record = { operation: inj.operation, intervalMs: inj.intervalMs, rc: inj.rc, status: inj.rc === 0 ? 'done' as const : 'error' as const, callId, lastRcChange: nowS, lastRun: nowS };
  const found = doc.status.history.some((h) => h.resource === inj.resource && h.node === inj.node);
  const history: ResourceHistory[] = found
    ? doc.status.history.map((h) => (h.resource === inj.resource && h.node === inj.node ? { ...h, operations: [...h.operations, record] } : h))
    : [...doc.status.history, { resource: inj.resource, node: inj.node, class: 'ocf', type: 'unknown', operations: [record] }];
  const withHistory = { ...doc, status: { ...doc.status, history } };
  if (inj.rc === 0) return withHistory;
  const failCounts = withFailure(doc.status.failCounts, { resource: inj.resource, node: inj.node, operation: inj.operation, intervalMs: inj.intervalMs }, nowS);
  return withNode({ ...withHistory, status: { ...withHistory.status, failCounts } }, inj.node, (n) => n);
}

/** Applies injections in order. */
export function inject(doc: ClusterDocument, injections: readonly Injection[], nowS: number): ClusterDocument {
  let out = doc;
  for (const inj of injections) {
    // A failed node is out of the membership with its controller gone: unclean, unless fencing
    // is disabled, when Pacemaker takes it as cleanly down (as the CIB reader does).
    if (inj.kind === 'node-fail') out = withNode(out, inj.node, ({ controllerUp: _gone, ...n }) => ({ ...n, online: false, unclean: doc.config.options.fencingEnabled }));
    else if (inj.kind === 'node-up') out = withNode(out, inj.node, (n) => ({ ...n, online: true, unclean: false, shutdown: false }));
    else if (inj.kind === 'quorum') out = { ...out, status: { ...out.status, quorum: inj.quorum } };
    else out = injectOpFail(out, inj, nowS);
  }
  return out;
}
