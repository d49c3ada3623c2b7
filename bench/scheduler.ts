// `npm run bench -- scheduler [--all] [--sizes 250,1000] [--reps 3] [--keep]`
// Generates 16-node clusters (250 / 1,000 / 2,000 / 10,000 primitives, three states each),
// writes each as a CIB, and times whole processes against whole processes on the same file:
// `vigil simulate FILE` (node bin/vigil.mjs, dist/ built first) against `crm_simulate -R -Q -x
// FILE`, each from start to exit, reading and parsing included: what a user waits for.
// Beside them, labelled in-process, vigil's readCib() and schedule() timed inside this process
// (after a warm-up), which show where vigil's own time goes.
// Whole processes: one warm-up run of vigil (file cache), then the median of --reps, wall and
// CPU time (CPU: user + system of the process, which shows the work when other processes load
// the machine). crm_simulate: median of --reps up to 2,000 primitives, one run above; skipped
// at 10,000 primitives unless --all (it takes minutes there).
// Targets (issue 16): vigil simulate at least 10x faster than crm_simulate at 2,000 primitives
// and 20x at 10,000, whole process against whole process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCib } from '../src/config/cib/read.ts';
import type { ClusterDocument } from '../src/config/model.ts';
import { writeCib } from './lib/cib-writer.ts';
import { generateCluster, STATES, type ClusterState } from './lib/generate.ts';
import { describeGrowth, growthExponent, median, medianOf, timeCrmSimulate, timeOnce, timeProcess } from './lib/timing.ts';
import { ensureBuilt, vigilArgv } from './lib/vigil-process.ts';

type Schedule = (doc: ClusterDocument, opts: { now: number }) => unknown;

const NODES = 16;
const CRM_SIMULATE_SKIP_ABOVE = 2_000;
const CRM_SIMULATE_TIMEOUT_MS = 30 * 60_000;
const VIGIL_TIMEOUT_MS = 10 * 60_000;
/** The targets, whole process against whole process: at least this many times faster, by size. */
const SPEEDUP_TARGETS: ReadonlyMap<number, number> = new Map([[2_000, 10], [10_000, 20]]);

interface Timed { ms: number; cpuMs: number }

interface Row {
  primitives: number;
  state: ClusterState;
  fileMb: number;
  /** Whole processes. */
  vigil?: Timed;
  crm?: Timed;
  /** In-process (this benchmark's own process, after a warm-up): reading the CIB, and deciding. */
  readMs?: number;
  scheduleMs?: number;
  scheduleCpuMs?: number;
  note?: string;
}

async function loadSchedule(): Promise<Schedule | string> {
  try {
    const mod = (await import(new URL('../src/scheduler/index.ts', import.meta.url).href)) as { schedule?: Schedule };
    return typeof mod.schedule === 'function' ? mod.schedule : 'src/scheduler/index.ts exports no schedule()';
  } catch (error) {
    return (error as Error).message.split('\n')[0]!;
  }
}

/** The median of `reps` whole-process runs, or the first failure. */
function medianRuns(reps: number, run: () => ReturnType<typeof timeProcess>): Timed | string {
  const runs: Timed[] = [];
  for (let i = 0; i < reps; i++) {
    const t = run();
    if (!t.ok) return t.error ?? 'failed';
    runs.push(t);
  }
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

function timeVigil(file: string, reps: number, row: Row): void {
  const [node, args] = vigilArgv('simulate', file);
  const run = () => timeProcess(node, args, { timeoutMs: VIGIL_TIMEOUT_MS });
  const warm = run(); // the file cache, as crm_simulate finds it after vigil's runs
  const t = warm.ok ? medianRuns(reps, run) : warm.error ?? 'failed';
  if (typeof t === 'string') row.note = `vigil simulate: ${t}`;
  else row.vigil = t;
}

function timeCrm(file: string, reps: number, row: Row): void {
  const shadow = mkdtempSync(join(tmpdir(), 'vigil-cib-shadow-'));
  try {
    const t = medianRuns(reps, () => timeCrmSimulate(file, shadow, CRM_SIMULATE_TIMEOUT_MS));
    if (typeof t === 'string') row.note = `crm_simulate: ${t}`;
    else row.crm = t;
  } finally {
    rmSync(shadow, { recursive: true, force: true });
  }
}

/** In this process: readCib and schedule, each after a warm-up (one run each above 2,000 primitives). */
function timeInProcess(xml: string, file: string, schedule: Schedule | undefined, reps: number, row: Row): void {
  const heavy = row.primitives > CRM_SIMULATE_SKIP_ABOVE;
  let doc: ClusterDocument | undefined;
  const read = () => { doc = readCib(xml, file); };
  row.readMs = heavy ? timeOnce(read).ms : medianOf(reps, read).ms;
  if (!schedule || !doc) return;
  const d = doc;
  try {
    const t = heavy ? timeOnce(() => schedule(d, { now: d.status.now ?? 0 })) : medianOf(reps, () => schedule(d, { now: d.status.now ?? 0 }));
    row.scheduleMs = t.ms;
    row.scheduleCpuMs = t.cpuMs;
  } catch (error) {
    row.note = `vigil crashed: ${(error as Error).message}`;
  }
}

function measure(size: number, state: ClusterState, dir: string, schedule: Schedule | undefined, runCrm: boolean, reps: number): Row {
  const file = join(dir, `cluster-${size}-${state}.xml`);
  const xml = writeCib(generateCluster({ nodes: NODES, primitives: size, state }));
  writeFileSync(file, xml);
  const heavy = size > CRM_SIMULATE_SKIP_ABOVE;
  const row: Row = { primitives: size, state, fileMb: xml.length / 1e6 };
  timeVigil(file, heavy ? 1 : reps, row);
  if (runCrm) timeCrm(file, heavy ? 1 : reps, row);
  else row.note ??= 'crm_simulate skipped (use --all)';
  timeInProcess(xml, file, schedule, reps, row);
  return row;
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}

function ratio(crm: number | undefined, vigil: number | undefined): string {
  return crm !== undefined && vigil !== undefined ? `${(crm / vigil).toFixed(1)}×` : '-';
}

const HEADER = [
  '                                        whole processes                                        in-process (vigil)',
  'primitives  state          file MB   vigil ms  vigil cpu   crm ms  crm cpu   crm/vigil  (cpu)    readCib ms  schedule ms',
].join('\n');

function printRow(r: Row): void {
  console.log(`${String(r.primitives).padStart(10)}  ${r.state.padEnd(13)} ${r.fileMb.toFixed(1).padStart(7)}  ${fmt(r.vigil?.ms).padStart(9)}  ${fmt(r.vigil?.cpuMs).padStart(9)}  ${fmt(r.crm?.ms).padStart(7)}  ${fmt(r.crm?.cpuMs).padStart(7)}  ${ratio(r.crm?.ms, r.vigil?.ms).padStart(9)}  ${ratio(r.crm?.cpuMs, r.vigil?.cpuMs).padStart(6)}  ${fmt(r.readMs).padStart(12)}  ${fmt(r.scheduleMs).padStart(11)}  ${r.note ?? ''}`);
}

function printGrowth(rows: Row[]): void {
  console.log('\ngrowth (steepest step between consecutive sizes; 1.0 is linear):');
  for (const state of STATES) {
    const of = (pick: (r: Row) => number | undefined) => rows.filter((r) => r.state === state && pick(r) !== undefined).map((r) => ({ size: r.primitives, ms: pick(r)! }));
    console.log(`  ${state.padEnd(13)} vigil simulate cpu: ${describeGrowth(growthExponent(of((r) => r.vigil?.cpuMs)))}; crm_simulate cpu: ${describeGrowth(growthExponent(of((r) => r.crm?.cpuMs)))}; in-process schedule cpu: ${describeGrowth(growthExponent(of((r) => r.scheduleCpuMs)))}`);
  }
}

function printTargets(rows: Row[]): void {
  console.log('\ntargets (whole process against whole process, wall time; the least over the three states):');
  for (const [size, target] of SPEEDUP_TARGETS) {
    const timed = rows.filter((r) => r.primitives === size && r.vigil !== undefined && r.crm !== undefined);
    if (timed.length === 0) {
      if (rows.some((r) => r.primitives === size)) console.log(`  ${size} primitives: crm_simulate not run (use --all)`);
      continue;
    }
    const least = Math.min(...timed.map((r) => r.crm!.ms / r.vigil!.ms));
    const leastCpu = Math.min(...timed.map((r) => r.crm!.cpuMs / r.vigil!.cpuMs));
    console.log(`  ${size} primitives: vigil simulate at least ${least.toFixed(1)}× faster than crm_simulate (${leastCpu.toFixed(1)}× in CPU time; target ${target}×): ${least >= target ? 'met' : 'NOT met'}`);
  }
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const all = argv.includes('--all');
  const keep = argv.includes('--keep');
  const sizes = option(argv, '--sizes')?.split(',').map(Number) ?? [250, 1_000, 2_000, 10_000];
  const reps = Math.max(1, Number(option(argv, '--reps') ?? 3));
  ensureBuilt();
  const loaded = await loadSchedule();
  const schedule = typeof loaded === 'string' ? undefined : loaded;
  if (typeof loaded === 'string') console.log(`vigil scheduler not available in-process: ${loaded}`);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-scheduler-'));
  console.log(`${NODES} nodes; stacks of 10 (order + colocation; every 4th a group); 20% allow-migrate; files in ${dir}`);
  console.log(`whole processes: median of ${reps} (one run above ${CRM_SIMULATE_SKIP_ABOVE} primitives); load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(HEADER);
  const rows: Row[] = [];
  try {
    for (const size of sizes) {
      for (const state of STATES) {
        const row = measure(size, state, dir, schedule, all || size <= CRM_SIMULATE_SKIP_ABOVE, reps);
        rows.push(row);
        printRow(row);
      }
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  printGrowth(rows);
  printTargets(rows);
}

await main();
