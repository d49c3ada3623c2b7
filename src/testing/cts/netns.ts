// Network namespaces for SplitBrain: each daemon in its own namespace, joined to a bridge in
// the root namespace by a veth pair (node i at 10.77.K.(i+1), the harness at 10.77.K.254, K
// from the base port so that concurrent runs do not clash). A partition is made with blackhole
// routes inside the namespaces (each side drops what it sends to the other), which needs only
// iproute2: this host has neither iptables nor nft, and the effect on the daemons is the same
// (packets silently dropped both ways, established connections time out). Root only.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function ip(...args: string[]): Promise<void> {
  await run('ip', args, { timeout: 10_000 });
}

export interface NetnsLayout {
  bridge: string;
  /** Node name → its namespace and address. */
  nodes: Map<string, { ns: string; address: string; hostVeth: string }>;
  /** Blackhole routes in place: `ns address`. */
  cuts: Set<string>;
}

/** Why namespaces cannot be used here, or undefined when they can. */
export async function netnsUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, veth pairs and routes); run `sudo npm run cts -- --only SplitBrain`';
  const probe = `vcts-probe-${process.pid}`;
  try {
    await ip('netns', 'add', probe);
    await ip('netns', 'del', probe);
  } catch (error) {
    return `ip netns is unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  return undefined;
}

export function subnetOf(basePort: number): string {
  return `10.77.${basePort % 250}`;
}

/** Names and addresses apart from other users of namespaces on this host (e.g. `vfen` and 10.78.K). */
export interface NetnsNaming {
  /** Prefix of the bridge, namespace and veth names (at most 9 characters: Linux caps names at 15). */
  tag?: string;
  /** The /24 the nodes get addresses in, as `a.b.c`. */
  subnet?: string;
}

/** Makes the bridge and one namespace per node; the addresses are `${subnetOf(basePort)}.(i+1)` unless named otherwise. */
export async function createNetns(names: string[], basePort: number, naming: NetnsNaming = {}): Promise<NetnsLayout> {
  const subnet = naming.subnet ?? subnetOf(basePort);
  const tag = naming.tag ?? `vc${basePort}`;
  if (tag.length > 9) throw new Error(`namespace tag '${tag}' is too long: at most 9 characters (interface names are capped at 15)`);
  const layout: NetnsLayout = { bridge: `${tag}b`, nodes: new Map(), cuts: new Set() };
  await ip('link', 'add', layout.bridge, 'type', 'bridge');
  await ip('addr', 'add', `${subnet}.254/24`, 'dev', layout.bridge);
  await ip('link', 'set', layout.bridge, 'up');
  for (const [i, name] of names.entries()) {
    const ns = `${tag}-${name}`;
    const hostVeth = `${tag}h${i}`;
    const nodeVeth = `${tag}n${i}`;
    const address = `${subnet}.${i + 1}`;
    layout.nodes.set(name, { ns, address, hostVeth });
    await ip('netns', 'add', ns);
    await ip('link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', nodeVeth);
    await ip('link', 'set', nodeVeth, 'netns', ns);
    await ip('link', 'set', hostVeth, 'master', layout.bridge);
    await ip('link', 'set', hostVeth, 'up');
    await ip('-n', ns, 'link', 'set', 'lo', 'up');
    await ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', nodeVeth);
    await ip('-n', ns, 'link', 'set', nodeVeth, 'up');
  }
  return layout;
}

/** The command line prefix that runs a program in a node's namespace. */
export function inNamespace(layout: NetnsLayout, node: string): string[] {
  const n = layout.nodes.get(node);
  if (n === undefined) throw new Error(`node ${node} has no network namespace`);
  return ['ip', 'netns', 'exec', n.ns];
}

/** Cuts every pair of nodes on different sides (both directions). */
export async function partition(layout: NetnsLayout, sides: string[][]): Promise<void> {
  for (const [i, side] of sides.entries()) {
    for (const other of sides.filter((_, j) => j !== i)) {
      for (const a of side) {
        for (const b of other) {
          const key = `${layout.nodes.get(a)!.ns} ${layout.nodes.get(b)!.address}`;
          if (layout.cuts.has(key)) continue;
          await ip('-n', layout.nodes.get(a)!.ns, 'route', 'add', 'blackhole', `${layout.nodes.get(b)!.address}/32`);
          layout.cuts.add(key);
        }
      }
    }
  }
}

/** Removes every cut. */
export async function heal(layout: NetnsLayout): Promise<void> {
  for (const key of layout.cuts) {
    const [ns, address] = key.split(' ') as [string, string];
    await ip('-n', ns, 'route', 'del', 'blackhole', `${address}/32`);
  }
  layout.cuts.clear();
}

/**
 * Removes the namespaces, their veth pairs and the bridge; never throws. A veth outlives its
 * namespace's name while any process still holds the namespace (a power-cut daemon's orphaned
 * agent), so each pair is deleted by its host end, and what still runs inside is killed first.
 */
export async function destroyNetns(layout: NetnsLayout): Promise<void> {
  for (const n of layout.nodes.values()) {
    const pids = await run('ip', ['netns', 'pids', n.ns], { timeout: 10_000 }).then((r) => r.stdout.split(/\s+/).filter((p) => /^\d+$/.test(p)), () => []);
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await ip('link', 'del', n.hostVeth).catch(() => undefined);
    await ip('netns', 'del', n.ns).catch(() => undefined);
  }
  await ip('link', 'del', layout.bridge).catch(() => undefined);
}
