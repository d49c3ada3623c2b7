// Synthetic clusters for the scheduler benchmark: 16 nodes, stacks of 10 primitives bound by
// order and colocation (every fourth stack is a group instead), 20% allow-migrate, a fence
// device, and a full operation history (probes everywhere, start + monitor where running).
// Three states: steady (nothing to do), one node failed (unclean, must be fenced) and one
// node in standby (its resources move).
import { createHash } from 'node:crypto';
import { emptyConfig } from '../../src/config/defaults.ts';
import type { ClusterDocument, Constraint, NodeStatus, OperationRecord, Primitive, Resource, ResourceHistory } from '../../src/config/model.ts';

export type ClusterState = 'steady' | 'node-failed' | 'node-standby';
export const STATES: readonly ClusterState[] = ['steady', 'node-failed', 'node-standby'];

export interface GenerateOptions {
  nodes: number;
  primitives: number;
  state: ClusterState;
}

const STACK_SIZE = 10;
const MONITOR_MS = 10_000;
const TIMEOUT_MS = 20_000;
/** A fixed clock so generated files are identical run to run. */
const EPOCH_S = 1_700_000_000;

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

// Digests as Pacemaker records them (see the conformance README): no instance parameters,
// and recurring operations add their timeout.
const START_DIGEST = md5(' <parameters/>\n');
const MONITOR_DIGEST = md5(` <parameters CRM_meta_timeout="${TIMEOUT_MS}"/>\n`);

function dummy(id: string, migratable: boolean): Primitive {
  return {
    kind: 'primitive', id, class: 'ocf', provider: 'pacemaker', type: 'Dummy', params: {},
    meta: migratable ? { 'allow-migrate': 'true' } : {},
    operations: [{ name: 'monitor', intervalMs: MONITOR_MS, timeoutMs: TIMEOUT_MS, enabled: true, other: {} }],
  };
}

interface Stack {
  resources: Resource[];
  constraints: Constraint[];
  members: Primitive[];
  home: string;
}

function buildStack(k: number, nodeNames: string[], counter: { n: number }, size: number): Stack {
  const home = nodeNames[k % nodeNames.length]!;
  const members: Primitive[] = [];
  for (let i = 0; i < size; i++) {
    const n = counter.n++;
    members.push(dummy(`r${String(n).padStart(5, '0')}`, n % 5 === 0));
  }
  const head = members[0]!.id;
  if (k % 4 === 0) {
    const id = `g${k}`;
    return { resources: [{ kind: 'group', id, meta: {}, children: members }], constraints: [{ kind: 'location', id: `loc-${id}`, resource: id, node: home, score: 100 }], members, home };
  }
  const constraints: Constraint[] = [{ kind: 'location', id: `loc-${head}`, resource: head, node: home, score: 100 }];
  for (let i = 1; i < members.length; i++) {
    const [a, b] = [members[i - 1]!.id, members[i]!.id];
    constraints.push({ kind: 'order', id: `ord-${a}-${b}`, first: a, then: b, firstAction: 'start', thenAction: 'start', orderKind: 'Mandatory', symmetrical: true });
    constraints.push({ kind: 'colocation', id: `col-${b}-${a}`, resource: b, with: a, score: 1_000_000 });
  }
  return { resources: members, constraints, members, home };
}

function record(rsc: string, operation: string, intervalMs: number, rc: number, callId: number, digest: string): OperationRecord {
  return { id: `${rsc}_${operation}_${intervalMs}`, operation, intervalMs, rc, status: 'done', callId, lastRcChange: EPOCH_S, execTimeMs: 10, opDigest: digest };
}

/** Probes everywhere; start and monitor where the resource runs. */
function historyFor(p: Primitive, running: string, nodeNames: string[], callIds: Map<string, number>): ResourceHistory[] {
  return nodeNames.map((node) => {
    const call = () => { const c = (callIds.get(node) ?? 0) + 1; callIds.set(node, c); return c; };
    const ops = node === running
      ? [record(p.id, 'start', 0, 0, call(), START_DIGEST), record(p.id, 'monitor', MONITOR_MS, 0, call(), MONITOR_DIGEST)]
      : [record(p.id, 'monitor', 0, 7, call(), START_DIGEST)];
    const h: ResourceHistory = { resource: p.id, node, class: p.class, type: p.type, operations: ops };
    if (p.provider !== undefined) h.provider = p.provider;
    return h;
  });
}

export function generateCluster(opts: GenerateOptions): ClusterDocument {
  const config = emptyConfig();
  const nodeNames = Array.from({ length: opts.nodes }, (_, i) => `node${String(i + 1).padStart(2, '0')}`);
  config.generation = { adminEpoch: 0, epoch: 1, updates: 0 };
  config.options.fencingEnabled = true;
  config.options.other['cluster-recheck-interval'] = '0';
  config.resourceDefaults = { 'resource-stickiness': '100' };
  config.nodes = nodeNames.map((name, i) => ({ name, id: String(i + 1), attributes: {}, standby: false, maintenance: false }));
  const fence: Primitive = { kind: 'primitive', id: 'fencing', class: 'stonith', type: 'fence_dummy', params: {}, meta: {}, operations: [] };
  config.resources.push(fence);
  const callIds = new Map<string, number>();
  const history: ResourceHistory[] = [...historyFor(fence, nodeNames[0]!, nodeNames, callIds)];
  const counter = { n: 0 };
  for (let k = 0; counter.n < opts.primitives; k++) {
    const stack = buildStack(k, nodeNames, counter, Math.min(STACK_SIZE, opts.primitives - counter.n));
    config.resources.push(...stack.resources);
    config.constraints.push(...stack.constraints);
    for (const p of stack.members) history.push(...historyFor(p, stack.home, nodeNames, callIds));
  }
  // The node that fails or goes into standby holds stacks (not the fence device's node).
  const victim = nodeNames[1]!;
  if (opts.state === 'node-standby') config.nodes[1]!.standby = true;
  const nodes: NodeStatus[] = nodeNames.map((name) => {
    const failed = opts.state === 'node-failed' && name === victim;
    return { name, online: !failed, unclean: failed, shutdown: false, attributes: {} };
  });
  return { config, status: { nodes, history, quorum: true, coordinator: nodeNames[0]!, now: EPOCH_S + 60 } };
}
