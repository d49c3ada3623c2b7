// The `cluster:` section (how the daemons find and trust each other) and node addresses.
// Paths in the section are resolved against the config file's folder, so a config names
// `key-file: cluster.key` and works from any working directory. With a cluster section every
// node needs its own address; without one, addresses are optional and unchecked.
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap } from 'yaml';
import type { ClusterConfig, ClusterSettings, NodeAddressConfig, NodeConfig } from '../model.ts';
import { originOf, readMap, report, scalarOf, type Field, type Reader } from './reader.ts';
import { readBoolean, readDurationMs, readInteger, readString, writeFix } from './values.ts';

export const HEARTBEAT_INTERVAL_DEFAULT_MS = 500;
export const HEARTBEAT_TIMEOUT_DEFAULT_MS = 2_000;
export const ELECTION_TICK_DEFAULT_MS = 100;
export const STATE_DIR_DEFAULT = 'state';
/** A daemon's control channel (the local CLI) listens on its mesh port + this. */
export const CONTROL_PORT_OFFSET = 1;
const PORT_MAX = 65_535 - CONTROL_PORT_OFFSET;

/** A path from the config, made absolute against the folder of the config file. */
export function resolveConfigPath(configFile: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dirname(configFile), path);
}

export function readCluster(r: Reader, field: Field | undefined): ClusterSettings | undefined {
  if (field === undefined) return undefined;
  const fields = readMap(r, field, {
    keys: ['name', 'key-file', 'heartbeat', 'election-tick', 'state-dir', 'two-node'],
    required: ['name', 'key-file'],
    examples: { name: 'name: demo', 'key-file': 'key-file: cluster.key (made by vigil keygen cluster.key)' },
  }, 'the cluster section');
  if (fields === undefined) return undefined;
  const settings: ClusterSettings = {
    name: '', keyFile: '',
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_DEFAULT_MS,
    heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_DEFAULT_MS,
    electionTickMs: ELECTION_TICK_DEFAULT_MS,
    stateDir: resolveConfigPath(r.file, STATE_DIR_DEFAULT),
    twoNode: false,
  };
  let ok = fields.has('name') && fields.has('key-file');
  for (const [key, value] of fields) {
    if (key === 'name') {
      const name = readString(r, value, 'demo');
      if (name === undefined) ok = false;
      else settings.name = name;
    } else if (key === 'key-file' || key === 'state-dir') {
      const path = readString(r, value, key === 'key-file' ? 'cluster.key' : 'state');
      if (path === undefined) ok = false;
      else settings[key === 'key-file' ? 'keyFile' : 'stateDir'] = resolveConfigPath(r.file, path);
    } else if (key === 'election-tick') {
      const ms = readPositiveDurationMs(r, value, '100ms');
      if (ms === undefined) ok = false;
      else settings.electionTickMs = ms;
    } else if (key === 'heartbeat') {
      if (!readHeartbeat(r, value, settings)) ok = false;
    } else if (key === 'two-node') {
      const on = readBoolean(r, value);
      if (on === undefined) ok = false;
      else settings.twoNode = on;
    }
  }
  return ok ? settings : undefined;
}

function readPositiveDurationMs(r: Reader, field: Field, example: string): number | undefined {
  const ms = readDurationMs(r, field);
  if (ms === undefined || ms > 0) return ms;
  report(r, field.node, field.path, 'expected a duration above zero, found 0', writeFix(field, example));
  return undefined;
}

/** `heartbeat: { interval, timeout }`; the timeout must cover more than two missed beats. */
function readHeartbeat(r: Reader, field: Field, settings: ClusterSettings): boolean {
  const fields = readMap(r, field, { keys: ['interval', 'timeout'] }, 'heartbeat settings');
  if (fields === undefined) return false;
  const intervalField = fields.get('interval');
  const timeoutField = fields.get('timeout');
  const interval = intervalField === undefined ? HEARTBEAT_INTERVAL_DEFAULT_MS : readPositiveDurationMs(r, intervalField, '500ms');
  const timeout = timeoutField === undefined ? HEARTBEAT_TIMEOUT_DEFAULT_MS : readPositiveDurationMs(r, timeoutField, '2s');
  if (interval === undefined || timeout === undefined) return false;
  if (timeout <= 2 * interval) {
    const at = timeoutField ?? intervalField ?? field;
    report(r, at.node, timeoutField?.path ?? `${field.path}.timeout`,
      `the heartbeat timeout (${timeout}ms) must be more than twice the interval (${interval}ms), or one late beat would count as a lost node`,
      `raise timeout above ${2 * interval}ms (e.g. timeout: ${suggestedTimeout(interval)}) or lower the interval`);
    return false;
  }
  settings.heartbeatIntervalMs = interval;
  settings.heartbeatTimeoutMs = timeout;
  return true;
}

/** Four intervals, written the way a person would (`2s`, `800ms`). */
function suggestedTimeout(intervalMs: number): string {
  const ms = 4 * intervalMs;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

const HOST_PORT = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d+)$/;

/** A node's `address:` as `HOST:PORT` (`[::1]:7401` for IPv6) or `{ host, port }`. */
export function readAddress(r: Reader, field: Field): NodeAddressConfig | undefined {
  if (isMap(field.node)) return readAddressMap(r, field);
  const value = scalarOf(field);
  const match = typeof value === 'string' ? HOST_PORT.exec(value.trim()) : null;
  if (match === null) {
    report(r, field.node, field.path, `expected an address HOST:PORT, found ${describeValue(value)}`,
      'write address: 192.168.1.11:7401 (or address: { host: 192.168.1.11, port: 7401 })');
    return undefined;
  }
  const host = match[1] ?? match[2] ?? '';
  const port = Number(match[3]);
  if (!validPort(port)) {
    reportPort(r, field, port);
    return undefined;
  }
  return { host, port };
}

function readAddressMap(r: Reader, field: Field): NodeAddressConfig | undefined {
  const fields = readMap(r, field, {
    keys: ['host', 'port'], required: ['host', 'port'],
    examples: { host: 'host: 192.168.1.11', port: 'port: 7401' },
  }, 'an address');
  const hostField = fields?.get('host');
  const portField = fields?.get('port');
  if (hostField === undefined || portField === undefined) return undefined;
  const host = readString(r, hostField, '192.168.1.11');
  const port = readInteger(r, portField, 1, '7401');
  if (port !== undefined && !validPort(port)) {
    reportPort(r, portField, port);
    return undefined;
  }
  return host === undefined || port === undefined ? undefined : { host, port };
}

function validPort(port: number): boolean {
  return Number.isSafeInteger(port) && port >= 1 && port <= PORT_MAX;
}

function reportPort(r: Reader, field: Field, port: number): void {
  report(r, field.node, field.path, `port ${port} is out of range: a node needs its port and the next one (the control channel), 1 to ${PORT_MAX}`,
    'choose a port such as 7401');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** `host:port`, with IPv6 hosts in brackets: how addresses are written and shown. */
export function formatAddress(address: NodeAddressConfig): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/**
 * With a cluster section, every node needs an address; no two nodes may share one, and on one
 * host ports must differ by more than 1 (each daemon also listens on port+1 for the CLI).
 */
export function checkNodeAddresses(r: Reader, config: ClusterConfig): void {
  if (config.cluster === undefined) return;
  const placed: NodeConfig[] = [];
  for (const node of config.nodes) {
    if (node.address === undefined) {
      // A malformed address was reported where it was read.
      if (originOf(r, node, 'address')?.name !== 'address') reportMissingAddress(r, node, config.nodes);
      continue;
    }
    const clash = placed.find((other) => other.address!.host === node.address!.host
      && Math.abs(other.address!.port - node.address!.port) <= CONTROL_PORT_OFFSET);
    if (clash !== undefined) reportClash(r, node, clash, config.nodes);
    else placed.push(node);
  }
}

function reportMissingAddress(r: Reader, node: NodeConfig, nodes: NodeConfig[]): void {
  const field = originOf(r, node);
  const ports = nodes.flatMap((n) => (n.address === undefined ? [] : [n.address.port]));
  const port = ports.length === 0 ? 7401 : Math.max(...ports) + 2;
  report(r, field?.node ?? null, field?.path ?? 'nodes',
    `node ${node.name} has no address; with a cluster: section every node needs one`,
    `write the node as - { name: ${node.name}, address: HOST:${port} } (its daemon listens there, and on port ${port + 1} for the CLI)`);
}

function reportClash(r: Reader, node: NodeConfig, other: NodeConfig, nodes: NodeConfig[]): void {
  const field = originOf(r, node, 'address');
  const a = node.address!;
  const b = other.address!;
  const message = a.port === b.port
    ? `node ${node.name} has the same address as node ${other.name} (${formatAddress(a)})`
    : `node ${node.name}'s port ${a.port} is next to node ${other.name}'s port ${b.port} on ${a.host}; each daemon also listens on its port + 1 for the CLI`;
  const free = Math.max(...nodes.flatMap((n) => (n.address?.host === a.host ? [n.address.port] : []))) + 2;
  report(r, field?.node ?? null, field?.path ?? 'nodes', message,
    `give each node on one host ports at least 2 apart, e.g. address: ${formatAddress({ host: a.host, port: free })}`);
}


/**
 * two-node: true is corosync's two_node: only for exactly two nodes, and only with fencing, the
 * tie breaker that keeps a split pair from both running everything.
 */
export function checkTwoNode(r: Reader, config: ClusterConfig): void {
  if (!config.cluster?.twoNode) return;
  const field = originOf(r, config.cluster, 'two-node');
  if (config.nodes.length !== 2) {
    report(r, field?.node ?? null, field?.path ?? 'cluster.two-node', `two-node is for a cluster of exactly two nodes; this one has ${config.nodes.length}`,
      'remove two-node (a cluster of three or more keeps quorum by majority)');
  } else if (!config.options.fencingEnabled) {
    report(r, field?.node ?? null, field?.path ?? 'cluster.two-node', 'two-node needs fencing: without it both nodes of a split pair would run everything',
      'set options: { fencing-enabled: true } and configure a fence device for each node, or remove two-node');
  }
}
