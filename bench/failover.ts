// `npm run bench -- failover [TRIALS]`: three real daemons on loopback (the demo's config:
// heartbeat timeout T = 1 s, ip monitored every 5 s), SIGKILL of the daemon hosting the group
// `app`, and the time until `ip`'s first successful recurring monitor on another node.
// TRIALS (default 10) trials of each case: the host is not the coordinator, and the host is the
// coordinator (its death adds an election). A fresh cluster per trial; the group is moved to the
// wanted node first when it does not start there.
//
// Every time below comes from the daemons' own logs (one host, one clock):
//   detect    kill -> a survivor's mesh reports the victim down (SIGKILL closes its sockets, so
//             this is far below T; SIGSTOP would take T)
//   election  detect -> a survivor becomes the coordinator (coordinator case only: the election
//             timeout, 1-2 s of ticks after the last lease heartbeat)
//   fence     the fence_dummy attempt's duration
//   start     ip's validate-all + start durations on its new node
//   wait      ip's start -> its first recurring monitor begins (vigil runs the first monitor one
//             interval after the start)
//   monitor   that monitor's duration
//   overhead  total minus all of the above: what vigil adds (scheduling, probes, messages)
// The last line reads `failover overhead median: N ms` (over every trial of both cases).
import { sendControl } from '../src/cli/control-client.ts';
import type { ClusterView } from '../src/daemon/view-types.ts';
import { allRunning, freeBasePort, LocalCluster, resourceIn, type LogEntry } from '../src/demo/local-cluster.ts';

const trials = Number(process.argv[2] ?? 10);
if (!Number.isInteger(trials) || trials < 1) {
  console.error(`usage: npm run bench -- failover [TRIALS]  (TRIALS per case, a whole number >= 1; got ${process.argv[2]})`);
  process.exit(2);
}
const HEARTBEAT_TIMEOUT_MS = 1_000;
const RESOURCE = 'ip';
const PORTS = [7672, 7700] as const;

type Case = 'host' | 'coordinator';
interface Trial {
  case: Case;
  victim: string;
  to: string;
  totalMs: number;
  detectMs: number;
  electionMs: number;
  fenceMs: number;
  startMs: number;
  waitMs: number;
  monitorMs: number;
  overheadMs: number;
  /** Operations the survivors stopped or started other than the moving group's (should be none). */
  collateral: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const settled = (v: ClusterView) => allRunning(v) && v.nodes.every((n) => n.state === 'online') && v.transition === null;

/** Puts the group on `node` (a move is a location preference) and waits until it settles there. */
async function placeGroup(cluster: LocalCluster, node: string): Promise<ClusterView> {
  const addresses = cluster.layout.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port + 1 }));
  const { result } = await sendControl({ addresses, key: cluster.key, command: { type: 'resource.move', resource: 'app', node } });
  if (!result.ok) throw new Error(`could not move app to ${node}: ${result.error}`);
  return cluster.until(`app runs on ${node}`, (v) => settled(v) && resourceIn(v, RESOURCE)?.node === node, { timeoutMs: 30_000 });
}

/** The first entry since `sinceMs` on any of `nodes` that `match` accepts, with its node. */
function first(cluster: LocalCluster, nodes: string[], sinceMs: number, match: (e: LogEntry) => boolean): (LogEntry & { on: string }) | undefined {
  let found: (LogEntry & { on: string }) | undefined;
  for (const on of nodes) {
    const e = cluster.log(on).find((x) => x.time >= sinceMs && match(x));
    if (e && (!found || e.time < found.time)) found = { ...e, on };
  }
  return found;
}

const done = (e: LogEntry, op: string) => e.msg === 'operation done' && e['resource'] === RESOURCE && e['op'] === op;
const durationOf = (e: LogEntry | undefined) => Number(e?.['durationMs'] ?? 0);

async function runTrial(kind: Case, n: number): Promise<Trial> {
  const cluster = await LocalCluster.start({ basePort: await freeBasePort(...PORTS), logLevel: 'debug' });
  try {
    let v = await cluster.until('everything runs', settled, { timeoutMs: 60_000 });
    const coordinator = v.coordinator!;
    const victim = kind === 'coordinator' ? coordinator : (resourceIn(v, RESOURCE)!.node !== coordinator ? resourceIn(v, RESOURCE)!.node! : cluster.layout.nodes.find((x) => x.name !== coordinator)!.name);
    if (resourceIn(v, RESOURCE)!.node !== victim) v = await placeGroup(cluster, victim);
    if (v.coordinator !== coordinator) throw new Error(`the coordinator changed from ${coordinator} to ${v.coordinator} before the kill`);
    const survivors = cluster.layout.nodes.map((x) => x.name).filter((x) => x !== victim);
    const killedAtMs = Date.now();
    cluster.kill(victim, 'SIGKILL');
    const deadline = killedAtMs + 60_000;
    let monitor: (LogEntry & { on: string }) | undefined;
    while (!(monitor = first(cluster, survivors, killedAtMs, (e) => done(e, 'monitor_5000') && e['rc'] === 0))) {
      if (Date.now() > deadline) throw new Error(`trial ${n}: no successful monitor of ${RESOURCE} on ${survivors.join(' or ')} within 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const to = monitor.on;
    const detect = first(cluster, survivors, killedAtMs, (e) => e.msg === 'peer down' && e['peer'] === victim);
    const elected = kind === 'coordinator' ? first(cluster, survivors, killedAtMs, (e) => e.msg === 'became the coordinator') : undefined;
    const fence = first(cluster, survivors, killedAtMs, (e) => e.msg === 'fence attempt done' && e['target'] === victim);
    const validate = first(cluster, [to], killedAtMs, (e) => done(e, 'validate-all'));
    const start = first(cluster, [to], killedAtMs, (e) => done(e, 'start'));
    if (!detect || !fence || !start || (kind === 'coordinator' && !elected)) throw new Error(`trial ${n}: a step is missing from the logs (detect ${!!detect}, election ${!!elected}, fence ${!!fence}, start ${!!start})`);
    const totalMs = monitor.time - killedAtMs;
    const detectMs = detect.time - killedAtMs;
    const electionMs = elected ? Math.max(0, elected.time - detect.time) : 0;
    const fenceMs = durationOf(fence);
    const startMs = durationOf(validate) + durationOf(start);
    const monitorMs = durationOf(monitor);
    const waitMs = monitor.time - monitorMs - start.time;
    // What ran on a survivor before the kill must not have been stopped or started since.
    const kept = new Set(v.resources.filter((r) => r.node !== victim).map((r) => `${r.id.replace(/:\d+$/, '')}@${r.node}`));
    const collateral = survivors.flatMap((s) => cluster.log(s)
      .filter((e) => e.time >= killedAtMs && e.msg === 'operation done' && ['start', 'stop'].includes(String(e['op'])) && kept.has(`${String(e['resource'])}@${s}`))
      .map((e) => `${String(e['op'])} ${String(e['resource'])} on ${s}`));
    return {
      case: kind, victim, to, totalMs, detectMs, electionMs, fenceMs, startMs, waitMs, monitorMs, collateral,
      overheadMs: totalMs - detectMs - electionMs - fenceMs - startMs - waitMs - monitorMs,
    };
  } finally {
    await cluster.stop();
  }
}

function describe(t: Trial): string {
  const parts = `detect ${t.detectMs} + election ${t.electionMs} + fence ${t.fenceMs} + start ${t.startMs} + wait ${t.waitMs} + monitor ${t.monitorMs} + overhead ${t.overheadMs}`;
  const extra = t.collateral.length ? `; ALSO restarted: ${t.collateral.join(', ')}` : '';
  return `killed ${t.victim}${t.case === 'coordinator' ? ' (the coordinator)' : ''}; ${RESOURCE} monitored on ${t.to} after ${t.totalMs} ms = ${parts}${extra}`;
}

function summary(label: string, ts: Trial[]): string {
  const m = (f: (t: Trial) => number) => median(ts.map(f));
  return `${label}: median total ${m((t) => t.totalMs)} ms = detect ${m((t) => t.detectMs)} + election ${m((t) => t.electionMs)} + fence ${m((t) => t.fenceMs)} + start ${m((t) => t.startMs)} + wait ${m((t) => t.waitMs)} + monitor ${m((t) => t.monitorMs)}; overhead median ${m((t) => t.overheadMs)} ms (min ${Math.min(...ts.map((t) => t.overheadMs))}, max ${Math.max(...ts.map((t) => t.overheadMs))})`;
}

const results: Trial[] = [];
for (const kind of ['host', 'coordinator'] as const) {
  for (let i = 1; i <= trials; i++) {
    const t = await runTrial(kind, i);
    results.push(t);
    console.log(`${kind} trial ${i}/${trials}: ${describe(t)}`);
  }
}
const host = results.filter((t) => t.case === 'host');
const coord = results.filter((t) => t.case === 'coordinator');
console.log(`heartbeat timeout T = ${HEARTBEAT_TIMEOUT_MS} ms (SIGKILL is detected by the closed sockets, before T); ${trials} trials per case`);
console.log(summary('host is not the coordinator', host));
console.log(summary('host is the coordinator', coord));
console.log(`failover overhead median: ${median(results.map((t) => t.overheadMs))} ms`);
