// Options of the WebSocket mesh, with defaults and checks that name the field and the fix.
import type { Logger } from 'pino';
import { BACKOFF_DEFAULTS, CLUSTER_KEY_BYTES, HEARTBEAT_DEFAULTS, NODES_MAX } from './constants.ts';
import { nodeNameSchema, type KindRegistry } from './kinds.ts';
import type { HeartbeatOptions, TransportClock } from './types.ts';

export interface NodeAddress {
  name: string;
  host: string;
  /** 0 on the own entry: listen on an ephemeral port (read it back from `mesh.port`). */
  port: number;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export interface WsMeshOptions {
  self: string;
  /** Every configured node, this one included; its own entry gives the listen address. */
  nodes: readonly NodeAddress[];
  /** The cluster key (loadClusterKey). */
  key: Buffer;
  logger: Logger;
  clock?: TransportClock;
  heartbeat?: Partial<HeartbeatOptions>;
  backoff?: Partial<BackoffOptions>;
  registry?: KindRegistry;
}

export class MeshOptionsError extends Error {
  override name = 'MeshOptionsError';
}

function fail(field: string, problem: string, fix: string): never {
  throw new MeshOptionsError(`mesh option ${field}: ${problem} — fix: ${fix}`);
}

export function checkMeshOptions(opts: WsMeshOptions): { heartbeat: HeartbeatOptions; backoff: BackoffOptions } {
  const names = new Set<string>();
  if (opts.nodes.length > NODES_MAX) fail('nodes', `${opts.nodes.length} nodes, at most ${NODES_MAX}`, 'use fewer nodes');
  for (const [index, node] of opts.nodes.entries()) {
    const problem = nodeNameSchema.check(node.name, `nodes[${index}].name`);
    if (problem) fail(`nodes[${index}].name`, problem, 'use letters, digits, ".", "_" and "-"');
    if (names.has(node.name)) fail(`nodes[${index}].name`, `'${node.name}' is listed twice`, 'give every node a unique name');
    if (!Number.isInteger(node.port) || node.port < 0 || node.port > 65535) fail(`nodes[${index}].port`, `${node.port} is not a TCP port`, 'use 1..65535');
    names.add(node.name);
  }
  if (!names.has(opts.self)) fail('self', `'${opts.self}' is not in the node list`, 'add this node to nodes, or correct its name');
  if (opts.key.length !== CLUSTER_KEY_BYTES) fail('key', `${opts.key.length} bytes, expected ${CLUSTER_KEY_BYTES}`, "use 'vigil keygen FILE' and loadClusterKey");
  const heartbeat = { ...HEARTBEAT_DEFAULTS, ...opts.heartbeat };
  if (!(heartbeat.intervalMs > 0)) fail('heartbeat.intervalMs', `${heartbeat.intervalMs} is not positive`, 'use e.g. 1000');
  if (!(heartbeat.timeoutMs > 2 * heartbeat.intervalMs)) fail('heartbeat.timeoutMs', `${heartbeat.timeoutMs} is not more than twice the interval (${heartbeat.intervalMs})`, 'allow at least two missed heartbeats');
  const backoff = { ...BACKOFF_DEFAULTS, ...opts.backoff };
  if (!(backoff.initialMs > 0 && backoff.maxMs >= backoff.initialMs)) fail('backoff', `initialMs ${backoff.initialMs}, maxMs ${backoff.maxMs}`, 'use 0 < initialMs <= maxMs');
  return { heartbeat, backoff };
}
