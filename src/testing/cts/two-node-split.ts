// One two-node split, with real daemons in network namespaces (as SplitBrain runs them) and
// fence_dummy power files: the pair settles, the network between the two is cut both ways,
// and each side, alone in two-node mode, races to fence the other. What it reports is the
// outcome of the race: whose power went off, and whether the survivor runs everything.
//
// The delays compared: `base` puts pcmk_delay_base on node1's device (node1 is fenced later:
// it should survive), `priority` sets priority-fencing-delay and a priority on the group (the
// node running it should survive), `none` leaves the race to chance.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocumentFile } from '../../config/load.ts';
import type { ClusterConfig, Primitive, Resource } from '../../config/model.ts';
import { writeYamlConfig } from '../../config/yaml/write.ts';
import type { ClusterView } from '../../daemon/view-types.ts';
import { LocalCluster } from '../../demo/local-cluster.ts';
import { createNetns, destroyNetns, inNamespace, partition, type NetnsLayout } from './netns.ts';

export type SplitDelays = 'base' | 'priority' | 'none';

export const SPLIT_NODES = ['node1', 'node2'] as const;
/** pcmk_delay_base on node1's device (`base`), and priority-fencing-delay (`priority`). */
export const SPLIT_BASE_DELAY = '5s';
export const SPLIT_PRIORITY_DELAY = '5s';
/** How long after the first power cut the harness waits for a second one (longer than any delay above). */
const SECOND_FENCE_WATCH_MS = 8_000;

export interface TwoNodeSplitOptions {
  /** The pair's config (test/fencing/fixtures/two-node-split.yaml). */
  source: string;
  delays: SplitDelays;
  /** node1 listens on basePort, node2 on basePort + 2 (each control channel one above). */
  basePort: number;
  /** Namespace and bridge name prefix, and the nodes' /24 (apart from other users of this host). */
  tag: string;
  subnet: string;
  /** The node the group prefers (a location score of 100), so either side can be the important one. */
  appOn?: string;
  progress?: (line: string) => void;
}

export interface TwoNodeSplitOutcome {
  delays: SplitDelays;
  /** Nodes whose power file reads off after the race. */
  poweredOff: string[];
  /** The node still powered and coordinating, when exactly one is. */
  survivor: string | null;
  /** The survivor runs every service (the group and spare). */
  survivorRunsAll: boolean;
  /** The node that should survive: node1 with `base`, the group's node with `priority`; null with `none`. */
  expected: string | null;
  /** From the cut to the survivor running everything (or to both being off). */
  raceMs: number;
  /** What the last view showed, when the survivor did not run everything. */
  note?: string;
}

function withParams(r: Resource, id: string, params: Record<string, string>): Resource {
  return r.kind === 'primitive' && r.id === id ? { ...r, params: { ...r.params, ...params } } as Primitive : r;
}

/** The source config with the namespace addresses, the delays compared, and (optionally) where the group prefers to run. */
export function splitConfig(config: ClusterConfig, delays: SplitDelays, hosts: string[], appOn?: string): ClusterConfig {
  const out = structuredClone(config);
  if (appOn !== undefined) out.constraints.push({ kind: 'location', id: `app-prefers-${appOn}`, resource: 'app', node: appOn, score: 100 });
  out.nodes = out.nodes.map((n, i) => ({ ...n, address: { host: hosts[i]!, port: n.address!.port } }));
  if (delays === 'base') out.resources = out.resources.map((r) => withParams(r, 'fence-node1', { pcmk_delay_base: SPLIT_BASE_DELAY }));
  if (delays === 'priority') {
    out.options.other['priority-fencing-delay'] = SPLIT_PRIORITY_DELAY;
    out.resources = out.resources.map((r) => (r.kind === 'group' && r.id === 'app' ? { ...r, meta: { ...r.meta, priority: '10' } } : r));
  }
  return out;
}

const started = (v: ClusterView, id: string) => v.resources.find((r) => r.id === id);
/** The fixture's services (not its fence devices: a node's own device may not run on it). */
export const SPLIT_SERVICES = ['ip', 'web', 'spare'] as const;
const runsAll = (v: ClusterView, node: string) => SPLIT_SERVICES.every((id) => started(v, id)?.state === 'started' && started(v, id)?.node === node);

/** Runs one split from a fresh pair; always removes its namespaces and folder. */
export async function runTwoNodeSplit(opts: TwoNodeSplitOptions): Promise<TwoNodeSplitOutcome> {
  const say = opts.progress ?? (() => undefined);
  const dir = await mkdtemp(join(tmpdir(), 'vigil-split-'));
  let net: NetnsLayout | undefined;
  let cluster: LocalCluster | undefined;
  try {
    net = await createNetns([...SPLIT_NODES], opts.basePort, { tag: opts.tag, subnet: opts.subnet });
    const layout = net;
    const { config } = await loadDocumentFile(opts.source);
    const source = join(dir, 'split.yaml');
    const hosts = SPLIT_NODES.map((n) => layout.nodes.get(n)!.address);
    await writeFile(source, writeYamlConfig({ config: splitConfig(config, opts.delays, hosts, opts.appOn), status: { nodes: [], history: [], quorum: true } }));
    cluster = await LocalCluster.start({ source, basePort: opts.basePort, dir: join(dir, 'cluster'), command: (node, argv) => [...inNamespace(layout, node.name), ...argv] });
    const pair = cluster;
    const settled = await pair.until('both nodes online and everything runs', (v) => v.nodes.every((n) => n.state === 'online')
      && v.resources.every((r) => r.state === 'started' && r.node !== null) && v.transition === null, { timeoutMs: 60_000, pollMs: 200 });
    const expected = opts.delays === 'base' ? 'node1' : opts.delays === 'priority' ? started(settled, 'ip')!.node : null;
    say(`settled: app on ${started(settled, 'ip')!.node}, spare on ${started(settled, 'spare')!.node}; cutting the pair apart`);
    const cutAtMs = Date.now();
    await partition(layout, [['node1'], ['node2']]);
    const off = () => SPLIT_NODES.filter((n) => !pair.poweredOn(n));
    await until(() => off().length > 0, 60_000, 'a node to lose power');
    // Give the other side's fence (if it too was under way) time to land.
    let survivor: string | null = null;
    let survivorRunsAll = false;
    let doneAtMs = Date.now();
    let last: ClusterView | undefined;
    const deadline = Date.now() + 60_000;
    const firstOffAtMs = Date.now();
    while (Date.now() < deadline) {
      const up = SPLIT_NODES.filter((n) => pair.poweredOn(n));
      if (up.length === 0 && Date.now() - firstOffAtMs > SECOND_FENCE_WATCH_MS) break;
      if (up.length === 1) {
        const v = await pair.view();
        last = v ?? last;
        survivor = up[0]!;
        const all = v !== undefined && v.coordinator === survivor && runsAll(v, survivor);
        if (all && !survivorRunsAll) doneAtMs = Date.now();
        survivorRunsAll = all;
        if (survivorRunsAll && Date.now() - firstOffAtMs > SECOND_FENCE_WATCH_MS) break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const poweredOff = off();
    if (poweredOff.length !== 1) survivor = null;
    return { delays: opts.delays, poweredOff, survivor, survivorRunsAll: survivor !== null && survivorRunsAll, expected, raceMs: doneAtMs - cutAtMs,
      ...(survivorRunsAll ? {} : { note: `coordinator ${last?.coordinator ?? '-'}: ${JSON.stringify(last?.resources.map((r) => [r.id, r.state, r.node]))}` }) };
  } finally {
    await cluster?.stop().catch(() => undefined);
    if (net) await destroyNetns(net);
    await rm(dir, { recursive: true, force: true });
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
