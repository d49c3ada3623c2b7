// Stage 2: the state of every node (online, offline, unclean, standby, maintenance, shutting
// down), quorum, and which nodes must be fenced and why. An unclean node's resources are
// only considered stopped once its fencing is part of the transition.
import type { ClusterDocument } from '../config/model.ts';
import type { Unpacked } from './unpack.ts';
import { assert } from '../assert.ts';
import { isUnfenced, unfencingEnabled } from './unfencing.ts';

export type NodeState = 'online' | 'offline' | 'unclean' | 'standby' | 'maintenance' | 'shutdown';

export interface NodeView {
  name: string;
  state: NodeState;
  /** May new resources be placed here? */
  canRun: boolean;
  /** Resources here are left alone (node maintenance). */
  maintenance: boolean;
  /** Pacemaker's node attributes plus #uname, for rules. */
  attributes: Record<string, string>;
  /** Position in the configuration (tie-breaks use the name, this is for output). */
  configOrder: number;
  /** Set when this transition fences the node. */
  fence?: string;
  /** Unfencing is on, and the node has not been unfenced since it joined or was fenced (unfencing.ts). */
  needsUnfencing: boolean;
  reasons: string[];
}

export interface NodesView {
  nodes: Map<string, NodeView>;
  /** Node names in configuration order. */
  order: string[];
  quorum: boolean;
  /** Whether fencing can be used at all: enabled, a fence device exists, resources to manage. */
  fencingUsable: boolean;
  /** no-quorum-policy is ignore: fencing does not need quorum. */
  ignoreQuorum: boolean;
}

function attributesFor(doc: ClusterDocument, name: string, id: string | undefined): Record<string, string> {
  const conf = doc.config.nodes.find((n) => n.name === name);
  const status = doc.status.nodes.find((n) => n.name === name);
  const isDc = doc.status.coordinator !== undefined && (doc.status.coordinator === name || doc.status.coordinator === id);
  return { ...status?.attributes, ...conf?.attributes, '#uname': name, '#id': id ?? name, '#kind': 'cluster', '#is_dc': isDc ? 'true' : 'false' };
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && ['true', 'on', 'yes', '1', 'y'].includes(v.toLowerCase());
}

function viewFor(doc: ClusterDocument, name: string, configOrder: number, unfencing: boolean): NodeView {
  const conf = doc.config.nodes.find((n) => n.name === name);
  const status = doc.status.nodes.find((n) => n.name === name);
  const attributes = attributesFor(doc, name, conf?.id);
  const standby = (conf?.standby ?? false) || isTrue(status?.attributes.standby);
  const maintenance = (conf?.maintenance ?? false) || isTrue(status?.attributes.maintenance);
  const fencing = doc.config.options.fencingEnabled;
  let state: NodeState = 'offline';
  const reasons: string[] = [];
  const startupFencing = (doc.config.options.other['startup-fencing'] ?? 'true') !== 'false';
  if (status?.unclean) { state = 'unclean'; reasons.push(fencing ? 'lost without a clean shutdown' : 'lost without a clean shutdown, and fencing is disabled: what ran there is blocked'); }
  else if (!status && fencing && startupFencing) { state = 'unclean'; reasons.push('never seen by the cluster'); }
  else if (status?.online) {
    state = status.shutdown ? 'shutdown' : maintenance ? 'maintenance' : standby ? 'standby' : 'online';
  } else reasons.push(status ? 'offline' : 'never seen by the cluster');
  return {
    name, state, canRun: state === 'online', maintenance: maintenance && state !== 'unclean',
    attributes, configOrder, reasons,
    // Probes run on standby nodes too; they wait for the unfencing as starts do.
    needsUnfencing: unfencing && (state === 'online' || state === 'standby') && !isUnfenced(status?.attributes ?? {}),
  };
}

/** Builds every node's view. Fencing of unclean nodes is decided here. */
export function viewNodes(doc: ClusterDocument, _unpacked: Unpacked): NodesView {
  const nodes = new Map<string, NodeView>();
  const order: string[] = [];
  const names = [...doc.config.nodes.map((n) => n.name), ...doc.status.nodes.map((n) => n.name)];
  const unfencing = unfencingEnabled(doc.config);
  for (const name of names) {
    if (nodes.has(name)) continue;
    nodes.set(name, viewFor(doc, name, order.length, unfencing));
    order.push(name);
  }
  const opts = doc.config.options;
  const hasDevice = doc.config.resources.some(function isFence(r): boolean {
    return r.kind === 'primitive' ? r.class === 'stonith' : r.kind === 'group' ? r.children.some(isFence) : isFence(r.child);
  });
  const out: NodesView = { nodes, order, quorum: doc.status.quorum, fencingUsable: opts.fencingEnabled && hasDevice, ignoreQuorum: opts.noQuorumPolicy === 'ignore' };
  for (const view of nodes.values()) {
    if (view.state !== 'unclean' || !canFence(out, view.name)) continue;
    const seen = doc.status.nodes.some((n) => n.name === view.name && n.neverSeen !== true);
    view.fence = seen ? 'peer is no longer part of the cluster' : 'node is unclean';
  }
  assert(order.length === nodes.size, 'node order and map disagree');
  return out;
}

/** Can this node be fenced now? Needs a device, and quorum unless the node is a member. */
export function canFence(view: NodesView, node: string): boolean {
  if (!view.fencingUsable) return false;
  if (view.quorum || view.ignoreQuorum) return true;
  const n = view.nodes.get(node);
  return n !== undefined && n.state !== 'unclean' && n.state !== 'offline';
}

/** Marks a node for fencing (first reason wins, as in Pacemaker's summary). */
export function requestFence(view: NodesView, node: string, reason: string): void {
  const n = view.nodes.get(node);
  assert(n !== undefined, `fence requested for unknown node ${node}`);
  if (!canFence(view, node)) return;
  n.fence ??= reason;
  n.canRun = false;
  n.needsUnfencing = false;
}
