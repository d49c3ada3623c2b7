// <status> → ClusterStatus: each node_state's membership (online / unclean), transient
// attributes and operation history.
import type { ClusterOptions, ExecStatus, FailCount, NodeConfig, NodeStatus, OperationRecord, ResourceClass, ResourceHistory } from '../model.ts';
import { failCountsFromAttributes } from '../fail-counts.ts';
import { fail, requireAttr, warn, type ReadContext } from './context.ts';
import { readNvSets } from './nvsets.ts';
import { parseBoolean } from './values.ts';
import { childrenNamed, firstChild, type XmlElement } from './xml.ts';

/** Pacemaker's op-status codes, by number. Unknown codes are read as 'error' with a warning. */
const EXEC_STATUS: Record<string, ExecStatus> = {
  '-1': 'pending', '0': 'done', '1': 'cancelled', '2': 'timeout', '3': 'not-supported', '4': 'error',
  '5': 'error-hard', '6': 'error-fatal', '7': 'not-installed', '9': 'invalid', '10': 'no-fence-device',
};

export interface MembershipFields {
  inCcm?: string;
  crmd?: string;
  join?: string;
  expected?: string;
  /** The transient "terminate" attribute: the node asked to be fenced. */
  terminate?: string;
  /** The node asked to shut down (transient or node_state "shutdown" attribute, non-zero). */
  shutdown: boolean;
}

export interface Membership {
  online: boolean;
  unclean: boolean;
}

/** in_ccm and crmd hold "true"/"online" in older CIBs and a join timestamp in newer ones. */
function isUp(value: string | undefined, word: string): boolean {
  if (value === undefined) return false;
  if (value === word || parseBoolean(value) === true) return true;
  return /^\d+$/.test(value) && value !== '0';
}

function terminateRequested(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  return parseBoolean(value) === true || /^[1-9]\d*$/.test(value);
}

const OFFLINE: Membership = { online: false, unclean: false };
const UNCLEAN: Membership = { online: false, unclean: true };

/** Without fencing a lost node cannot be made safe, so only "member but controller gone" is unclean. */
function membershipWithoutFencing(f: MembershipFields): Membership {
  if (!isUp(f.inCcm, 'true')) return OFFLINE;
  if (isUp(f.crmd, 'online')) return { online: f.join === 'member', unclean: false };
  return f.expected === 'member' ? UNCLEAN : OFFLINE;
}

/**
 * How a node_state decides membership (checked against Pacemaker 2.1.5's answers for every
 * conformance case). With fencing enabled: a node shutting down is online while its
 * controller runs; a node_state without in_ccm was never seen, so it is unclean; a node
 * expected down (or with no expectation) that is out of the membership left cleanly, and one
 * still half-present is pending (not online, not unclean); a node expected up that lost the
 * membership or its controller, or that asked to be terminated, is unclean; otherwise a
 * joined node is online and a pending one is not yet.
 */
export function decideMembership(f: MembershipFields, fencingEnabled: boolean): Membership {
  if (!fencingEnabled) return membershipWithoutFencing(f);
  const inCluster = isUp(f.inCcm, 'true');
  const controller = isUp(f.crmd, 'online');
  const terminate = terminateRequested(f.terminate);
  const expectedDown = (f.expected ?? 'down') === 'down';
  if (f.shutdown) return { online: controller, unclean: false };
  if (f.inCcm === undefined) return UNCLEAN;
  if (f.join === 'nack') return UNCLEAN;
  if (!terminate && expectedDown) return OFFLINE;
  if (terminate && f.join === 'down' && !inCluster && !controller) return OFFLINE;
  if (!inCluster || !controller || terminate) return UNCLEAN;
  if (f.join === 'member') return { online: true, unclean: false };
  if (f.join === 'pending' || f.join === 'down' || f.join === undefined) return OFFLINE;
  return UNCLEAN;
}

function intAttr(ctx: ReadContext, el: XmlElement, name: string): number | undefined {
  const text = el.attrs[name];
  if (text === undefined) return undefined;
  const n = Number.parseInt(text, 10);
  if (Number.isNaN(n)) fail(ctx, el, `${name}="${text}" is not a number`, 'write an integer');
  return n;
}

function readOperationRecord(ctx: ReadContext, el: XmlElement): OperationRecord {
  const operation = requireAttr(ctx, el, 'operation');
  // transition-magic "OPSTATUS:RC;..." carries both codes in CIBs that lack the attributes.
  const magic = /^(-?\d+):(-?\d+);/.exec(el.attrs['transition-magic'] ?? '');
  const statusCode = el.attrs['op-status'] ?? magic?.[1];
  const rcText = el.attrs['rc-code'] ?? magic?.[2];
  if (statusCode === undefined || rcText === undefined) fail(ctx, el, 'has no rc-code / op-status', 'add rc-code="0" op-status="0" (or a transition-magic)');
  let status = EXEC_STATUS[statusCode];
  if (status === undefined) {
    warn(ctx, `${ctx.file}: op-status="${statusCode}" on '${el.attrs.id}' is not modelled; read as 'error'`);
    status = 'error';
  }
  const rec: OperationRecord = {
    operation,
    intervalMs: intAttr(ctx, el, 'interval') ?? 0,
    rc: Number.parseInt(rcText, 10),
    status,
    callId: intAttr(ctx, el, 'call-id') ?? -1,
  };
  const optional: [keyof OperationRecord, number | undefined][] = [
    ['lastRcChange', intAttr(ctx, el, 'last-rc-change')], ['lastRun', intAttr(ctx, el, 'last-run')], ['execTimeMs', intAttr(ctx, el, 'exec-time')],
  ];
  for (const [k, v] of optional) if (v !== undefined) (rec as unknown as Record<string, unknown>)[k] = v;
  const a = el.attrs;
  if (a['op-digest'] !== undefined) rec.opDigest = a['op-digest'];
  if (a['op-restart-digest'] !== undefined) rec.restartDigest = a['op-restart-digest'];
  if (a['op-force-restart'] !== undefined) rec.forceRestart = a['op-force-restart'].split(/\s+/).filter((n) => n !== '');
  const graph = /^-?\d+:(-?\d+):/.exec(a['transition-key'] ?? '');
  if (graph) rec.graphId = Number(graph[1]);
  if (a.migrate_source !== undefined) rec.migrateSource = a.migrate_source;
  if (a.migrate_target !== undefined) rec.migrateTarget = a.migrate_target;
  if (a.id !== undefined) rec.id = a.id;
  return rec;
}

const CLASSES: readonly ResourceClass[] = ['ocf', 'stonith', 'lsb', 'systemd', 'service'];

function readHistory(ctx: ReadContext, nodeState: XmlElement, node: string): ResourceHistory[] {
  const lrm = firstChild(nodeState, 'lrm');
  const lrmResources = lrm ? firstChild(lrm, 'lrm_resources') : undefined;
  const out: ResourceHistory[] = [];
  for (const el of lrmResources ? childrenNamed(lrmResources, 'lrm_resource') : []) {
    const cls = el.attrs.class ?? 'ocf';
    if (!(CLASSES as readonly string[]).includes(cls)) {
      warn(ctx, `${ctx.file}: history of '${el.attrs.id}' has class="${cls}", not supported; ignored`);
      continue;
    }
    const h: ResourceHistory = {
      resource: requireAttr(ctx, el, 'id'),
      node,
      class: cls as ResourceClass,
      type: requireAttr(ctx, el, 'type'),
      operations: childrenNamed(el, 'lrm_rsc_op').map((op) => readOperationRecord(ctx, op)),
    };
    if (el.attrs.provider !== undefined) h.provider = el.attrs.provider;
    const lock = Number.parseInt(el.attrs['shutdown-lock'] ?? '', 10);
    if (Number.isInteger(lock) && lock > 0) h.shutdownLockS = lock;
    out.push(h);
  }
  return out;
}

export interface StatusParts {
  nodes: NodeStatus[];
  history: ResourceHistory[];
  failCounts: FailCount[];
}

export function readStatus(ctx: ReadContext, statusEl: XmlElement | undefined, nodes: NodeConfig[], options: ClusterOptions): StatusParts {
  const byId = new Map(nodes.map((n) => [n.id ?? n.name, n.name]));
  const parts: StatusParts = { nodes: [], history: [], failCounts: [] };
  for (const el of statusEl ? childrenNamed(statusEl, 'node_state') : []) {
    const id = requireAttr(ctx, el, 'id');
    const name = el.attrs.uname ?? byId.get(id) ?? id;
    if (!nodes.some((n) => n.name === name)) warn(ctx, `${ctx.file}: status of node '${name}' has no <node> in the configuration`);
    const transient = firstChild(el, 'transient_attributes');
    // Fail-counts leave the attributes here, as typed data (the one place a CIB's are read).
    const split = failCountsFromAttributes(name, readNvSets(ctx, transient, 'instance_attributes', { nodeAttributes: { '#uname': name } }));
    const attributes = split.attributes;
    parts.failCounts.push(...split.failCounts);
    const shutdownText = attributes.shutdown ?? el.attrs.shutdown;
    const shutdown = shutdownText !== undefined && shutdownText !== '0' && shutdownText !== '';
    const membership = decideMembership({
      inCcm: el.attrs.in_ccm, crmd: el.attrs.crmd, join: el.attrs.join, expected: el.attrs.expected, terminate: attributes.terminate, shutdown,
    }, options.fencingEnabled);
    const node: NodeStatus = { name, ...membership, shutdown, attributes };
    if (!membership.online && isUp(el.attrs.crmd, 'online')) node.controllerUp = true;
    parts.nodes.push(node);
    parts.history.push(...readHistory(ctx, el, name));
  }
  // A configured node with no node_state was never seen: unclean when startup fencing is on.
  const startupFencing = options.fencingEnabled && parseBoolean(options.other['startup-fencing'] ?? 'true') !== false;
  for (const n of nodes) {
    if (parts.nodes.some((s) => s.name === n.name)) continue;
    parts.nodes.push({ name: n.name, online: false, unclean: startupFencing, shutdown: false, attributes: {}, neverSeen: true });
  }
  return parts;
}
