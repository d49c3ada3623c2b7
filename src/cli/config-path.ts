// Finding the cluster an administrator's command talks to: which config file (--config,
// $VIGIL_CONFIG, the demo's ./.vigil/demo/cluster.yaml, /etc/vigil/cluster.yaml), then the
// cluster key and the daemons' control addresses from it.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { loadDocumentFile } from '../config/load.ts';
import type { ClusterConfig, ClusterDocument } from '../config/model.ts';
import { controlPortOf } from '../daemon/control-server.ts';
import { loadClusterKey } from '../transport/cluster-key.ts';
import type { ControlAddress } from './control-client.ts';

/** Where `npm start`'s 3-node demo writes its config, relative to the project folder. */
export const DEMO_CONFIG_PATH = '.vigil/demo/cluster.yaml';
export const SYSTEM_CONFIG_PATH = '/etc/vigil/cluster.yaml';

/** The cluster cannot be found or used: the message says what was looked at and the fix. */
export class ClusterTargetError extends Error {
  override name = 'ClusterTargetError';
}

export type Env = Record<string, string | undefined>;

/** The config file to use; throws ClusterTargetError naming every place looked at. */
export function resolveConfigPath(args: { config?: string }, cwd: string, env: Env, exists: (path: string) => boolean = existsSync): string {
  if (args.config !== undefined) {
    const path = resolve(cwd, args.config);
    if (!exists(path)) throw new ClusterTargetError(`--config ${args.config}: the file does not exist (looked at ${path}) — fix: check the path`);
    return path;
  }
  const fromEnv = env['VIGIL_CONFIG'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const path = resolve(cwd, fromEnv);
    if (!exists(path)) throw new ClusterTargetError(`$VIGIL_CONFIG=${fromEnv}: the file does not exist (looked at ${path}) — fix: correct or unset VIGIL_CONFIG, or pass --config FILE`);
    return path;
  }
  const demo = resolve(cwd, DEMO_CONFIG_PATH);
  if (exists(demo)) return demo;
  if (exists(SYSTEM_CONFIG_PATH)) return SYSTEM_CONFIG_PATH;
  throw new ClusterTargetError([
    'no cluster config found; looked at:',
    '  --config FILE      (not given)',
    '  $VIGIL_CONFIG      (not set)',
    `  ${demo}  (missing)`,
    `  ${SYSTEM_CONFIG_PATH}  (missing)`,
    "fix: pass --config FILE or set VIGIL_CONFIG, or run 'npm start' in the project folder to start the demo cluster",
  ].join('\n'));
}

/** Everything a command needs to reach the cluster. */
export interface ClusterTarget {
  configPath: string;
  config: ClusterConfig;
  key: Buffer;
  /** Every node with an address, in config order, at its control port. */
  addresses: ControlAddress[];
}

/** The file readers, injectable for tests (the YAML `cluster:` reader is someone else's file). */
export interface ClusterLoaders {
  loadDocument: (path: string) => Promise<ClusterDocument>;
  loadKey: (file: string) => Promise<Buffer>;
}

export const DEFAULT_LOADERS: ClusterLoaders = { loadDocument: loadDocumentFile, loadKey: loadClusterKey };

/** Control addresses of the configured nodes that have an address. */
export function controlAddresses(config: ClusterConfig): ControlAddress[] {
  return config.nodes.flatMap((node) => (node.address ? [{ name: node.name, host: node.address.host, port: controlPortOf(node.address) }] : []));
}

/** Reads the config and its cluster key; errors are ConfigError, ClusterKeyError or ClusterTargetError. */
export async function loadClusterTarget(configPath: string, loaders: ClusterLoaders = DEFAULT_LOADERS): Promise<ClusterTarget> {
  const { config } = await loaders.loadDocument(configPath);
  if (config.cluster === undefined) {
    throw new ClusterTargetError(`${configPath}: this config has no cluster: section; vigil status needs a cluster config (see README)`);
  }
  const addresses = controlAddresses(config);
  if (addresses.length === 0) {
    throw new ClusterTargetError(`${configPath}: no node has an address, so no daemon can be reached — fix: give each node an address (host and port) in nodes:`);
  }
  // The YAML reader resolves keyFile against the config's folder; a relative one left over is resolved the same way.
  const keyFile = isAbsolute(config.cluster.keyFile) ? config.cluster.keyFile : resolve(dirname(configPath), config.cluster.keyFile);
  const key = await loaders.loadKey(keyFile);
  return { configPath, config, key, addresses };
}
