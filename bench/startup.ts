// `npm run bench -- startup [--reps N] [--no-cluster]`: how long a user waits for the `vigil`
// command, whole processes timed side by side in one run, as ratios to `node -e 0` (Node's own
// start on this machine, the floor): `vigil --help`, `vigil validate examples/cluster.yaml`
// and, against three real daemons on loopback (the demo's cluster, ports 8100-8199),
// `vigil status`. Each round runs every case once, in turn, so a load that comes and goes
// falls on all alike; the first round warms the file cache and is not counted.
// Targets (issue 16): --help and validate within 3× node -e 0; status within 300 ms.
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { freeBasePort, LocalCluster } from '../src/demo/local-cluster.ts';
import { median, timeProcess } from './lib/timing.ts';
import { ensureBuilt, ROOT, vigilArgv } from './lib/vigil-process.ts';

const PORTS = [8100, 8199] as const;
const RATIO_TARGET = 3;
const STATUS_TARGET_MS = 300;

interface Case {
  name: string;
  argv: [string, string[]];
  /** What the case must meet: at most this many times node -e 0, or this many milliseconds. */
  target?: { ratio: number } | { ms: number };
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

interface Runs { wallMs: number[]; cpuMs: number[] }

/** `reps` rounds of every case in turn, after one round of warm-up; the times by case. */
function measure(cases: Case[], reps: number): Map<string, Runs> {
  const runs = new Map(cases.map((c) => [c.name, { wallMs: [], cpuMs: [] } as Runs]));
  for (let round = 0; round <= reps; round++) {
    for (const c of cases) {
      const t = timeProcess(c.argv[0], c.argv[1], { cwd: ROOT });
      if (!t.ok) throw new Error(`${c.name} failed: ${t.error}`);
      if (round === 0) continue;
      runs.get(c.name)!.wallMs.push(t.ms);
      runs.get(c.name)!.cpuMs.push(t.cpuMs);
    }
  }
  return runs;
}

/** The target is judged on wall time (what a user waits); CPU time says whether load stretched it. */
function verdict(c: Case, wallMs: number, ratio: number): string {
  if (!c.target) return '';
  if ('ratio' in c.target) return `≤ ${c.target.ratio}×: ${ratio <= c.target.ratio ? 'met' : 'NOT met'}`;
  return `≤ ${c.target.ms} ms: ${wallMs <= c.target.ms ? 'met' : 'NOT met'}`;
}

function report(cases: Case[], runs: Map<string, Runs>): void {
  const floor = runs.get(cases[0]!.name)!;
  const [floorWall, floorCpu] = [median(floor.wallMs), median(floor.cpuMs)];
  console.log(`${'command'.padEnd(44)} ${'wall ms'.padStart(8)} ${'min'.padStart(5)} ${'× node'.padStart(7)}   ${'cpu ms'.padStart(6)} ${'× node'.padStart(7)}   target (wall)`);
  for (const c of cases) {
    const r = runs.get(c.name)!;
    const [wall, cpu] = [median(r.wallMs), median(r.cpuMs)];
    const ratio = wall / floorWall;
    console.log(`${c.name.padEnd(44)} ${wall.toFixed(0).padStart(8)} ${Math.min(...r.wallMs).toFixed(0).padStart(5)} ${ratio.toFixed(2).padStart(6)}×   ${cpu.toFixed(0).padStart(6)} ${(cpu / floorCpu).toFixed(2).padStart(6)}×   ${verdict(c, wall, ratio)}`);
  }
  console.log('(medians; cpu is the process\'s user + system time, 10 ms resolution; for status, the command\'s own, not the daemon\'s)');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const reps = Math.max(1, Number(option(argv, '--reps') ?? 15));
  ensureBuilt();
  const cases: Case[] = [
    { name: 'node -e 0', argv: [process.execPath, ['-e', '0']] },
    { name: 'vigil --help', argv: vigilArgv('--help'), target: { ratio: RATIO_TARGET } },
    { name: 'vigil validate examples/cluster.yaml', argv: vigilArgv('validate', join(ROOT, 'examples', 'cluster.yaml')), target: { ratio: RATIO_TARGET } },
  ];
  let cluster: LocalCluster | undefined;
  try {
    if (!argv.includes('--no-cluster')) {
      cluster = await LocalCluster.start({ basePort: await freeBasePort(PORTS[0], PORTS[1]), logLevel: 'warn' });
      await cluster.until('a coordinator is elected', (v) => v.coordinator !== null && v.coordinator !== undefined);
      cases.push({ name: 'vigil status (three daemons on loopback)', argv: vigilArgv('status', '--config', cluster.layout.configFile), target: { ms: STATUS_TARGET_MS } });
    }
    console.log(`${reps} rounds after one warm-up; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    report(cases, measure(cases, reps));
  } finally {
    await cluster?.stop();
  }
}

await main();
