// The demo's folder (.vigil/demo by default): its config, derived from examples/cluster.yaml
// with absolute paths; the cluster key; and per node a power file and the folders its agents
// keep state in (HA_RSCTMP, HA_VARRUN), so three "machines" on one host share nothing.
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { assert } from '../assert.ts';
import { DEMO_CONFIG_PATH } from '../cli/config-path.ts';
import { loadDocumentFile } from '../config/load.ts';
import type { ClusterConfig, NodeConfig, Primitive, Resource } from '../config/model.ts';
import { writeYamlConfig } from '../config/yaml/write.ts';
import { writeClusterKey } from '../transport/cluster-key.ts';

/** Where `vigil status` and the other commands look for the demo's config. */
export const DEMO_DIR_DEFAULT = dirname(DEMO_CONFIG_PATH);
/** fence_dummy's power file content for a running machine (it writes `on` / `off`). */
export const POWER_ON = 'on';

export interface DemoNode {
  name: string;
  host: string;
  port: number;
  /** The daemon's stdout and stderr (JSON lines). */
  logFile: string;
  /** Written by fence_dummy when this node is fenced; watched by its daemon. */
  powerFile: string;
  /** HA_RSCTMP of this node's agents (ocf:heartbeat:Dummy keeps Dummy-ID.state here). */
  rsctmpDir: string;
  /** HA_VARRUN of this node's agents (ocf:pacemaker:Dummy keeps Dummy-ID.state here). */
  runDir: string;
  /** Where the launcher records the daemon's pid, to stop strays of an earlier run. */
  pidFile: string;
  /** The daemon's status page port (--http on `host`); 0: any free port, which the daemon logs. Absent: no page. */
  httpPort?: number;
  /** Run the daemon with --inspect (the Stately inspector at /inspect of its page). */
  inspect?: boolean;
}

export interface DemoLayout {
  dir: string;
  configFile: string;
  keyFile: string;
  stateDir: string;
  nodes: DemoNode[];
}

export interface MaterializeOptions {
  /** The config to start from (examples/cluster.yaml). */
  source: string;
  /** The demo's folder; made if missing. */
  dir: string;
  /** Node i listens on basePort + 2i (its control channel on the port above). */
  basePort?: number;
  /**
   * Each daemon's status page (--http): `fixed` puts node i's on the port after the last
   * control port, plus i (7407, 7408, 7409 for examples/cluster.yaml); `any` (default) lets
   * each daemon pick a free port and log it (tests: no clash with other clusters); `off`: none.
   */
  http?: 'fixed' | 'any' | 'off';
  /** Every daemon with --inspect (default off: inspecting every event costs CPU). */
  inspect?: boolean;
}

/** Makes the demo's folder and everything in it; every power file is reset to on. */
export async function materializeDemo(opts: MaterializeOptions): Promise<DemoLayout> {
  const dir = resolve(opts.dir);
  const { config } = await loadDocumentFile(opts.source);
  assert(config.cluster !== undefined, `${opts.source} has no cluster: section`);
  const layout: DemoLayout = {
    dir, configFile: join(dir, 'cluster.yaml'), keyFile: join(dir, 'cluster.key'), stateDir: join(dir, 'state'), nodes: [],
  };
  const demo = demoConfig(config, layout, opts.basePort);
  layout.nodes = demo.nodes.map((node) => demoNode(dir, node, powerFileOf(demo, node.name, dir)));
  const httpBase = Math.max(...layout.nodes.map((n) => n.port + 1)) + 1;
  layout.nodes.forEach((node, i) => {
    const mode = opts.http ?? 'any';
    if (mode !== 'off') node.httpPort = mode === 'fixed' ? httpBase + i : 0;
    if (opts.inspect) node.inspect = true;
  });
  // Private: the config holds the fence devices' parameters, the logs what the agents said.
  await mkdir(layout.stateDir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  if (!existsSync(layout.keyFile)) await writeClusterKey(layout.keyFile);
  const header = `# Written by vigil demo from ${resolve(opts.source)}; rewritten at every start.\n`;
  await writeFile(layout.configFile, header + writeYamlConfig({ config: demo, status: { nodes: [], history: [], quorum: true } }), { mode: 0o600 });
  await chmod(layout.configFile, 0o600);
  for (const node of layout.nodes) {
    await mkdir(dirname(node.powerFile), { recursive: true });
    await powerOn(node, { wipe: false });
  }
  return layout;
}

/** The source config with the demo's paths and ports. */
function demoConfig(source: ClusterConfig, layout: DemoLayout, basePort: number | undefined): ClusterConfig {
  const config = structuredClone(source);
  config.cluster = { ...config.cluster!, keyFile: layout.keyFile, stateDir: layout.stateDir };
  config.nodes = config.nodes.map((node, i): NodeConfig => {
    assert(node.address !== undefined, `node ${node.name} has no address`);
    return basePort === undefined ? node : { ...node, address: { host: node.address.host, port: basePort + 2 * i } };
  });
  config.resources = config.resources.map((resource) => withPaths(resource, layout.dir));
  return config;
}

/** fence_dummy's relative status_file made absolute against the demo folder. */
function withPaths(resource: Resource, dir: string): Resource {
  if (resource.kind === 'group') return { ...resource, children: resource.children.map((c) => withPaths(c, dir) as Primitive) };
  if (resource.kind === 'clone') return { ...resource, child: withPaths(resource.child, dir) as Primitive };
  const file = resource.params['status_file'];
  if (resource.class !== 'stonith' || file === undefined) return resource;
  return { ...resource, params: { ...resource.params, status_file: isAbsolute(file) ? file : resolve(dir, file) } };
}

/** The status file of the fence_dummy device that fences `node`, else DIR/power/NODE. */
export function powerFileOf(config: ClusterConfig, node: string, dir: string): string {
  for (const resource of config.resources) {
    if (resource.kind !== 'primitive' || resource.class !== 'stonith' || resource.type !== 'fence_dummy') continue;
    const targets = (resource.params['pcmk_host_list'] ?? '').split(/[\s,;]+/);
    const file = resource.params['status_file'];
    if (targets.includes(node) && file !== undefined && (resource.params['type'] ?? 'file') === 'file') return file;
  }
  return join(dir, 'power', node);
}

function demoNode(dir: string, node: NodeConfig, powerFile: string): DemoNode {
  const home = join(dir, node.name);
  return {
    name: node.name, host: node.address!.host, port: node.address!.port,
    logFile: join(dir, `${node.name}.log`), powerFile,
    rsctmpDir: join(home, 'rsctmp'), runDir: join(home, 'run'), pidFile: join(dir, `${node.name}.pid`),
  };
}

/**
 * Power a node's "machine" on: its power file says on; with `wipe`, its agents' folders are
 * emptied first, as a power cycle empties /run.
 */
export async function powerOn(node: DemoNode, opts: { wipe: boolean }): Promise<void> {
  if (opts.wipe) {
    await rm(node.rsctmpDir, { recursive: true, force: true });
    await rm(node.runDir, { recursive: true, force: true });
  }
  await mkdir(node.rsctmpDir, { recursive: true });
  await mkdir(node.runDir, { recursive: true });
  await writeFile(node.powerFile, POWER_ON);
}

/** `vigil daemon` arguments for one node of the demo. */
export function daemonArgs(layout: DemoLayout, node: DemoNode): string[] {
  return [
    'daemon', '--config', layout.configFile, '--node', node.name,
    '--agent-env', `HA_RSCTMP=${node.rsctmpDir}`,
    // Agents strip a trailing slash (${HA_VARRUN%/}); ocf-shellfuncs then checks paths against ${HA_VARRUN%/}/.
    '--agent-env', `HA_VARRUN=${node.runDir}/`,
    '--power-file', node.powerFile,
    ...(node.httpPort === undefined ? [] : ['--http', `${hostInUrl(node.host)}:${node.httpPort}`]),
    ...(node.inspect ? ['--inspect'] : []),
  ];
}

/** The URL of a node's status page, when it is on a known port. */
export function pageUrl(node: DemoNode): string | undefined {
  return node.httpPort ? `http://${hostInUrl(node.host)}:${node.httpPort}` : undefined;
}

const hostInUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);
