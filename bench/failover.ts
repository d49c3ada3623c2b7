// `npm run bench -- failover [TRIALS]`: three real daemons on loopback (the demo's config:
// heartbeat timeout T = 1 s), SIGKILL of the daemon hosting the group `app`; the time until
// `ip` (the group's first member) is started on another node, as the cluster reports it
// (status polled every 20 ms). Overhead = total - (fence agent time + the group's start
// times), read from the survivors' logs; SIGKILL closes the sockets, so it is detected at
// once rather than after T. The last line reads `failover overhead median: N ms`.
import { readFileSync } from 'node:fs';
import { allRunning, LocalCluster, resourceIn } from '../src/demo/local-cluster.ts';

const trials = Number(process.argv[2] ?? 10);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Agent time spent on the survivors after `sinceMs`: the fence and the group's starts. */
function agentTimeMs(cluster: LocalCluster, victim: string, sinceMs: number): { fenceMs: number; startMs: number } {
  let fenceMs = 0;
  let startMs = 0;
  for (const n of cluster.layout.nodes.filter((x) => x.name !== victim)) {
    for (const line of readFileSync(n.logFile, 'utf8').split('\n')) {
      if (!line.includes('"operation done"') && !line.includes('fence')) continue;
      let e: { time?: number; op?: string; resource?: string; durationMs?: number; action?: string } = {};
      try { e = JSON.parse(line) as typeof e; } catch { continue; }
      if ((e.time ?? 0) < sinceMs || e.durationMs === undefined) continue;
      if (e.op === 'start' && ['ip', 'db', 'web'].includes(e.resource ?? '')) startMs += e.durationMs;
      if (e.action === 'off' || e.action === 'reboot' || e.op === 'off' || e.op === 'reboot') fenceMs = Math.max(fenceMs, e.durationMs);
    }
  }
  return { fenceMs, startMs };
}

const totals: number[] = [];
const overheads: number[] = [];
for (let t = 0; t < trials; t++) {
  const cluster = await LocalCluster.start({ basePort: 21_000 + t * 10 });
  try {
    const before = await cluster.until('everything runs', allRunning);
    const victim = resourceIn(before, 'ip')!.node!;
    const killedAt = Date.now();
    cluster.kill(victim, 'SIGKILL');
    await cluster.until('ip runs elsewhere', (v) => resourceIn(v, 'ip')?.state === 'started' && ![null, victim].includes(resourceIn(v, 'ip')!.node), { pollMs: 20 });
    const total = Date.now() - killedAt;
    const { fenceMs, startMs } = agentTimeMs(cluster, victim, killedAt);
    totals.push(total);
    overheads.push(total - fenceMs - startMs);
    console.log(`trial ${t + 1}/${trials}: killed ${victim}; ip started elsewhere after ${total} ms (fence ${fenceMs} ms, starts ${startMs} ms, overhead ${total - fenceMs - startMs} ms)`);
  } finally {
    await cluster.stop();
  }
}
console.log(`failover total median: ${median(totals)} ms over ${trials} trials (heartbeat timeout 1000 ms; SIGKILL is seen at once by the closed socket)`);
console.log(`failover overhead median: ${median(overheads)} ms`);
