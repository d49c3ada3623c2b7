// `npm run bench -- alerts [TRIALS]`: does a hanging alert agent slow recovery? Three real
// daemons (the demo's config), SIGKILL of the daemon hosting `ip`, and the time until `ip` has
// started on a survivor, taken from the daemons' own logs. Two cases, trial by trial side by
// side: no alerts, and two alerts: Debian's alert_file.sh.sample and an agent that hangs for
// every event (node, fencing, resource) until its 60 s timeout, so its slots stay full and its
// queue overflows throughout. Prints each trial, the medians and their ratio (hanging / none).
// Ports 8300-8399.
import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterView } from '../src/daemon/view-types.ts';
import { allRunning, freeBasePort, LocalCluster, resourceIn, type LogEntry } from '../src/demo/local-cluster.ts';

const trials = Number(process.argv[2] ?? 5);
if (!Number.isInteger(trials) || trials < 1) {
  console.error(`usage: npm run bench -- alerts [TRIALS]  (TRIALS per case, a whole number >= 1; got ${process.argv[2]})`);
  process.exit(2);
}
const ROOT = join(import.meta.dirname, '..');
const PORTS = [8300, 8399] as const;
const RESOURCE = 'ip';

type Case = 'none' | 'hanging';
interface Trial { case: Case; recoveryMs: number; alertRuns: number; alertsDropped: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const settled = (v: ClusterView) => allRunning(v) && v.nodes.every((n) => n.state === 'online') && v.transition === null;

/** The demo's config, with the two alerts in the hanging case, in a folder of its own. */
async function source(kind: Case): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-alerts-'));
  let config = await readFile(join(ROOT, 'examples', 'cluster.yaml'), 'utf8');
  if (kind === 'hanging') {
    await copyFile('/usr/share/pacemaker/alerts/alert_file.sh.sample', join(dir, 'alert_file.sh'));
    await chmod(join(dir, 'alert_file.sh'), 0o755);
    await writeFile(join(dir, 'hang.sh'), '#!/bin/sh\nsleep 600\n', { mode: 0o755 });
    config += `alerts:
  - { alert: to-file, path: alert_file.sh, recipients: [${join(dir, 'alerts.log')}] }
  - { alert: hang, path: hang.sh, timeout: 60s }
`;
  }
  const file = join(dir, 'cluster.yaml');
  await writeFile(file, config);
  return { dir, file };
}

async function runTrial(kind: Case, n: number): Promise<Trial> {
  const { dir, file } = await source(kind);
  const cluster = await LocalCluster.start({ source: file, basePort: await freeBasePort(...PORTS) });
  try {
    const v = await cluster.until('everything runs', settled, { timeoutMs: 60_000 });
    const victim = resourceIn(v, RESOURCE)!.node!;
    const survivors = cluster.layout.nodes.map((x) => x.name).filter((x) => x !== victim);
    const killedAtMs = Date.now();
    cluster.kill(victim, 'SIGKILL');
    const started = (e: LogEntry) => e.time >= killedAtMs && e.msg === 'operation done' && e['resource'] === RESOURCE && e['op'] === 'start' && e['rc'] === 0;
    const deadline = killedAtMs + 60_000;
    let start: LogEntry | undefined;
    while (!(start = survivors.flatMap((s) => cluster.log(s).filter(started))[0])) {
      if (Date.now() > deadline) throw new Error(`${kind} trial ${n}: ${RESOURCE} did not start on ${survivors.join(' or ')} within 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const since = (e: LogEntry) => e.time >= killedAtMs && e.time <= start.time;
    const logs = survivors.flatMap((s) => cluster.log(s).filter(since));
    return {
      case: kind, recoveryMs: start.time - killedAtMs,
      alertRuns: logs.filter((e) => e['component'] === 'alerts' && e.msg === 'alert agent ran').length,
      alertsDropped: logs.filter((e) => e.msg.startsWith('alert dropped')).length,
    };
  } finally {
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const results: Trial[] = [];
for (let i = 1; i <= trials; i++) {
  for (const kind of ['none', 'hanging'] as const) {
    const t = await runTrial(kind, i);
    results.push(t);
    console.log(`trial ${i}/${trials} ${kind}: ${RESOURCE} started on a survivor ${t.recoveryMs} ms after the kill; meanwhile ${t.alertRuns} alert runs finished and ${t.alertsDropped} were dropped`);
  }
}
const of = (kind: Case) => median(results.filter((t) => t.case === kind).map((t) => t.recoveryMs));
console.log(`recovery median: no alerts ${of('none')} ms, a hanging alert agent ${of('hanging')} ms; ratio ${(of('hanging') / of('none')).toFixed(2)} (${trials} trials each, interleaved)`);
