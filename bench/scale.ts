// `npm run bench -- scale [N ...]` (default 300 1000 3000): three real daemons on loopback (the
// demo's config), then `config apply` of that config plus N ocf:heartbeat:Dummy primitives, as
// an administrator would. Per size, on a fresh cluster:
//   settle      apply -> every new primitive started and no transition left (the status view)
//   ops/s       agent operations the daemons ran meanwhile (their ledgers), per second
//   rss, heap   the coordinator daemon's resident memory (/proc) and JS heap (/metrics), after
//               settling, and their growth per new instance (N primitives x 3 nodes, probed)
//   exactly     each new primitive probed once per node and started once, nowhere twice
// then the original config applied back, and the time until every extra primitive is stopped
// once and gone from the status. VIGIL_SCALE_LOG_LEVEL sets the daemons' log level (default
// warn), VIGIL_KEEP_CLUSTER=1 keeps their logs, VIGIL_SCALE_PROFILE=DIR their CPU profiles.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendControl } from '../src/cli/control-client.ts';
import { loadDocumentFile } from '../src/config/load.ts';
import type { Primitive } from '../src/config/model.ts';
import { writeYamlConfig } from '../src/config/yaml/write.ts';
import type { ClusterView } from '../src/daemon/view-types.ts';
import { allRunning, freeBasePort, LocalCluster } from '../src/demo/local-cluster.ts';
import type { LedgerEntry } from '../src/ledger/types.ts';

const sizes = process.argv.slice(2).map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error(`usage: npm run bench -- scale [N ...]  (whole numbers of primitives; got ${process.argv.slice(2).join(' ')})`);
  process.exit(2);
}
const SIZES = sizes.length > 0 ? sizes : [300, 1_000, 3_000];
const PORTS = [7800, 7860] as const;
const NODES = 3;
const PROFILE = process.env['VIGIL_SCALE_PROFILE'];

const settled = (v: ClusterView) => allRunning(v) && v.nodes.every((n) => n.state === 'online') && v.transition === null;

function dummy(i: number): Primitive {
  return { kind: 'primitive', id: `scale${i}`, class: 'ocf', provider: 'heartbeat', type: 'Dummy', params: {}, meta: {}, operations: [] };
}

async function apply(cluster: LocalCluster, file: string, text: string): Promise<void> {
  const addresses = cluster.layout.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port + 1 }));
  const { result } = await sendControl({ addresses, key: cluster.key, command: { type: 'config.apply', file, text }, timeoutMs: 120_000 });
  if (!result.ok) throw new Error(`config apply of ${file} refused: ${result.error}`);
}

function ledgerEntries(cluster: LocalCluster, dir: string): LedgerEntry[] {
  return cluster.layout.nodes.flatMap((n) => {
    try {
      return readFileSync(join(dir, `${n.name}.jsonl`), 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LedgerEntry);
    } catch {
      return [];
    }
  });
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

async function heapBytes(cluster: LocalCluster, node: string): Promise<number | null> {
  const port = cluster.node(node).httpPort;
  if (!port) return null;
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('vigil_daemon_heap_used_bytes '));
    return line ? Number(line.split(' ')[1]) : null;
  } catch {
    return null;
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function runSize(n: number): Promise<string> {
  const basePort = await freeBasePort(PORTS[0], PORTS[1], NODES);
  const ledgerDir = await mkdtemp(join(tmpdir(), 'vigil-scale-ledger-'));
  const cluster = await LocalCluster.start({
    basePort, logLevel: process.env['VIGIL_SCALE_LOG_LEVEL'] ?? 'warn', http: 'fixed',
    // VIGIL_SCALE_PROFILE=DIR writes each daemon's CPU profile there when it stops.
    command: (node, argv) => [argv[0]!, ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : []), ...argv.slice(1), '--ledger', join(ledgerDir, `${node.name}.jsonl`)],
  });
  // Interrupted, the bench takes its daemons with it (they would run on, orphaned).
  const interrupted = () => void cluster.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    let view = await cluster.until('the demo settles', settled, { timeoutMs: 90_000 });
    const coordinator = view.coordinator!;
    const pid = cluster.children.get(coordinator)!.pid!;
    const rssBefore = rssBytes(pid);
    const heapBefore = await heapBytes(cluster, coordinator);
    const original = readFileSync(cluster.layout.configFile, 'utf8');
    const doc = await loadDocumentFile(cluster.layout.configFile);
    doc.config.resources.push(...Array.from({ length: n }, (_, i) => dummy(i)));
    const bigFile = join(cluster.layout.dir, `scale-${n}.yaml`);
    const bigText = writeYamlConfig({ config: doc.config, status: { nodes: [], history: [], quorum: true } });
    await writeFile(bigFile, bigText, { mode: 0o600 });

    const t0 = Date.now();
    await apply(cluster, bigFile, bigText);
    let lastLog = 0;
    view = await cluster.until(`${n} primitives started`, (v) => {
      const started = v.resources.filter((r) => r.id.startsWith('scale') && r.state === 'started').length;
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        const others = v.resources.filter((r) => !r.id.startsWith('scale') && r.state !== 'started').map((r) => `${r.id}:${r.state}`);
        process.stderr.write(`  ${n}: ${started} started after ${((Date.now() - t0) / 1000).toFixed(0)} s; transition ${JSON.stringify(v.transition)}; not started: ${others.join(' ') || 'none'}; nodes ${v.nodes.map((x) => x.state).join(',')}\n`);
      }
      return started === n && settled(v);
    }, { timeoutMs: 30 * 60_000, pollMs: 1_000 });
    const settleMs = Date.now() - t0;
    const rssAfter = rssBytes(cluster.children.get(view.coordinator!)!.pid!);
    const heapAfter = await heapBytes(cluster, view.coordinator!);
    // Every daemon writes its own file, stamped with this host's clock.
    const entries = ledgerEntries(cluster, ledgerDir).filter((e) => (e as { atMs: number }).atMs >= t0);
    const invoked = entries.filter((e): e is Extract<LedgerEntry, { kind: 'op.invoked' }> => e.kind === 'op.invoked' && e.instance.startsWith('scale'));
    const starts = new Map<string, number>();
    const probes = new Map<string, number>();
    for (const e of invoked) {
      if (e.op === 'start') starts.set(e.instance, (starts.get(e.instance) ?? 0) + 1);
      if (e.probe) probes.set(`${e.instance}@${e.node}`, (probes.get(`${e.instance}@${e.node}`) ?? 0) + 1);
    }
    const exactly = starts.size === n && [...starts.values()].every((c) => c === 1) && probes.size === n * NODES && [...probes.values()].every((c) => c === 1);
    if (!exactly) {
      const twice = [...starts].filter(([, c]) => c !== 1).slice(0, 5);
      const probedTwice = [...probes].filter(([, c]) => c !== 1).slice(0, 5);
      const perNode = cluster.layout.nodes.map((x) => `${x.name}:${invoked.filter((e) => e.node === x.name).length}`).join(' ');
      process.stderr.write(`  ops per node ${perNode}\n`);
      process.stderr.write(`  ${n}: ${starts.size} started (${JSON.stringify(twice)} not once), ${probes.size} of ${n * NODES} probed (${JSON.stringify(probedTwice)} not once)\n`);
    }
    const instances = n * NODES;

    const t1 = Date.now();
    await apply(cluster, cluster.layout.configFile, original);
    // Gone from the view at once (no longer configured); stopped once each: the ledgers say when.
    const stopsSince = () => ledgerEntries(cluster, ledgerDir).filter((e): e is Extract<LedgerEntry, { kind: 'op.completed' }> =>
      (e as { atMs: number }).atMs >= t1 && e.kind === 'op.completed' && e.instance.startsWith('scale') && e.op === 'stop');
    await cluster.until('the extra primitives are stopped', (v) => v.resources.every((r) => !r.id.startsWith('scale')) && settled(v) && new Set(stopsSince().map((e) => e.instance)).size >= n,
      { timeoutMs: 30 * 60_000, pollMs: 1_000 });
    const backMs = Date.now() - t1;
    const stops = stopsSince();
    const stoppedOnce = new Set(stops.map((e) => e.instance)).size === n && stops.length === n;

    const heap = heapBefore !== null && heapAfter !== null ? `heap ${mib(heapAfter)} (+${((heapAfter - heapBefore) / instances / 1024).toFixed(1)} KiB/instance)` : 'heap n/a';
    return `${String(n).padStart(5)} primitives: settle ${(settleMs / 1000).toFixed(1)} s, ${(invoked.length / (settleMs / 1000)).toFixed(0)} agent ops/s (${invoked.length} ops), `
      + `coordinator rss ${mib(rssAfter)} (+${((rssAfter - rssBefore) / instances / 1024).toFixed(1)} KiB/instance), ${heap}, `
      + `probed and started exactly once: ${exactly ? 'yes' : 'NO'}; applied back: ${(backMs / 1000).toFixed(1)} s, each stopped once: ${stoppedOnce ? 'yes' : 'NO'}`;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await cluster.stop();
    await rm(ledgerDir, { recursive: true, force: true });
  }
}

console.log(`scale: three real daemons, the demo's config plus N ocf:heartbeat:Dummy primitives by config apply (sizes ${SIZES.join(', ')})`);
let failed = 0;
for (const n of SIZES) {
  try {
    console.log(await runSize(n));
  } catch (error) {
    failed += 1;
    console.log(`${String(n).padStart(5)} primitives: FAILED: ${(error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' ')}`);
  }
}
if (failed > 0) process.exitCode = 1;
