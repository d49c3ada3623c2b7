// `npm run bench -- scheduler [--all] [--sizes 250,1000] [--reps 3] [--keep]`
// Generates 16-node clusters (250 / 1,000 / 2,000 / 10,000 primitives, three states each),
// writes each as a CIB, and times vigil's schedule() against `crm_simulate -R -Q -x` on the
// same file. vigil's parse time is reported separately from its decision time.
// vigil: one warm-up run, then the median of --reps runs, wall and CPU time (CPU time is the
// whole process's, GC helper threads included, so it can exceed wall time; it shows the work
// when other processes load the machine). crm_simulate: median of --reps runs up to 2,000
// primitives, one run above; skipped at 10,000 primitives unless --all (it takes minutes there).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCib } from '../src/config/cib/read.ts';
import type { ClusterDocument } from '../src/config/model.ts';
import { writeCib } from './lib/cib-writer.ts';
import { generateCluster, STATES, type ClusterState } from './lib/generate.ts';
import { describeGrowth, growthExponent, median, medianOf, timeCrmSimulate, timeOnce } from './lib/timing.ts';

type Schedule = (doc: ClusterDocument, opts: { now: number }) => unknown;

const NODES = 16;
const CRM_SIMULATE_SKIP_ABOVE = 2_000;
const CRM_SIMULATE_TIMEOUT_MS = 30 * 60_000;
/** The targets: 10× crm_simulate at these sizes, and this bound at 10,000. */
const SPEEDUP_TARGET = 10;
const SPEEDUP_SIZES = [1_000, 2_000];
const LARGE_SIZE = 10_000;
const LARGE_TARGET_MS = 1_000;

interface Row {
  primitives: number;
  state: ClusterState;
  fileMb: number;
  parseMs: number;
  vigilMs?: number;
  vigilCpuMs?: number;
  crmMs?: number;
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

function timeCrm(file: string, reps: number, row: Row): void {
  const shadow = mkdtempSync(join(tmpdir(), 'vigil-cib-shadow-'));
  try {
    const runs: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t = timeCrmSimulate(file, shadow, CRM_SIMULATE_TIMEOUT_MS);
      if (!t.ok) { row.note = `crm_simulate: ${t.error}`; return; }
      runs.push(t.ms);
    }
    row.crmMs = median(runs);
  } finally {
    rmSync(shadow, { recursive: true, force: true });
  }
}

function measure(size: number, state: ClusterState, dir: string, schedule: Schedule | undefined, runCrm: boolean, reps: number): Row {
  const file = join(dir, `cluster-${size}-${state}.xml`);
  const xml = writeCib(generateCluster({ nodes: NODES, primitives: size, state }));
  writeFileSync(file, xml);
  const heavy = size > CRM_SIMULATE_SKIP_ABOVE;
  let doc: ClusterDocument | undefined;
  // Parsing 10,000 primitives takes seconds: one run there, the median of `reps` below.
  const parse = () => { doc = readCib(xml, file); };
  const parseMs = heavy ? timeOnce(parse).ms : medianOf(reps, parse, false).ms;
  const row: Row = { primitives: size, state, fileMb: xml.length / 1e6, parseMs };
  if (schedule && doc) {
    const d = doc;
    try {
      const t = medianOf(reps, () => schedule(d, { now: d.status.now ?? 0 }));
      row.vigilMs = t.ms;
      row.vigilCpuMs = t.cpuMs;
    } catch (error) {
      row.note = `vigil crashed: ${(error as Error).message}`;
    }
  }
  if (runCrm) timeCrm(file, heavy ? 1 : reps, row);
  else row.note ??= 'crm_simulate skipped (use --all)';
  return row;
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}

const HEADER = 'primitives  state          file MB   parse ms   vigil ms  vigil cpu ms  crm_simulate ms  crm/vigil';

function printRow(r: Row): void {
  const speedup = r.vigilMs !== undefined && r.crmMs !== undefined ? `${(r.crmMs / r.vigilMs).toFixed(1)}×` : '-';
  console.log(`${String(r.primitives).padStart(10)}  ${r.state.padEnd(13)} ${r.fileMb.toFixed(1).padStart(7)}  ${fmt(r.parseMs).padStart(9)}  ${fmt(r.vigilMs).padStart(9)}  ${fmt(r.vigilCpuMs).padStart(12)}  ${fmt(r.crmMs).padStart(15)}  ${speedup.padStart(9)}  ${r.note ?? ''}`);
}

function printGrowth(rows: Row[]): void {
  console.log('\ngrowth (steepest step between consecutive sizes; 1.0 is linear):');
  const worst: number[] = [];
  for (const state of STATES) {
    const of = (pick: (r: Row) => number | undefined) => rows.filter((r) => r.state === state && pick(r) !== undefined).map((r) => ({ size: r.primitives, ms: pick(r)! }));
    const k = growthExponent(of((r) => r.vigilCpuMs));
    if (k !== undefined) worst.push(k);
    console.log(`  ${state.padEnd(13)} vigil cpu: ${describeGrowth(k)}; vigil wall: ${describeGrowth(growthExponent(of((r) => r.vigilMs)))}; parse: ${describeGrowth(growthExponent(of((r) => r.parseMs)))}; crm_simulate: ${describeGrowth(growthExponent(of((r) => r.crmMs)))}`);
  }
  if (worst.length > 0) console.log(`linearity: vigil's decision cost grows as size^${Math.max(...worst).toFixed(2)} at worst (CPU time) — ${describeGrowth(Math.max(...worst)).split(' (')[0]}`);
}

function printTargets(rows: Row[]): void {
  console.log('\ntargets:');
  for (const size of SPEEDUP_SIZES) {
    const timed = rows.filter((r) => r.primitives === size && r.vigilMs !== undefined && r.crmMs !== undefined);
    if (timed.length === 0) continue;
    const least = Math.min(...timed.map((r) => r.crmMs! / r.vigilMs!));
    console.log(`  ${size} primitives: vigil at least ${least.toFixed(1)}× faster than crm_simulate (target ${SPEEDUP_TARGET}×): ${least >= SPEEDUP_TARGET ? 'met' : 'NOT met'}`);
  }
  const large = rows.filter((r) => r.primitives === LARGE_SIZE && r.vigilMs !== undefined);
  if (large.length > 0) {
    const wall = Math.max(...large.map((r) => r.vigilMs!));
    const cpu = Math.max(...large.map((r) => r.vigilCpuMs!));
    console.log(`  ${LARGE_SIZE} primitives: vigil at most ${fmt(wall)} ms wall, ${fmt(cpu)} ms CPU (target < ${LARGE_TARGET_MS} ms): ${wall < LARGE_TARGET_MS ? 'met' : cpu < LARGE_TARGET_MS ? 'met in CPU time, not in wall time (machine loaded?)' : 'NOT met'}`);
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
  const sizes = option(argv, '--sizes')?.split(',').map(Number) ?? [250, 1_000, 2_000, LARGE_SIZE];
  const reps = Math.max(1, Number(option(argv, '--reps') ?? 3));
  const loaded = await loadSchedule();
  const schedule = typeof loaded === 'string' ? undefined : loaded;
  if (typeof loaded === 'string') console.log(`vigil scheduler not available: ${loaded}`);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-scheduler-'));
  console.log(`${NODES} nodes; stacks of 10 (order + colocation; every 4th a group); 20% allow-migrate; files in ${dir}`);
  console.log(`vigil: median of ${reps} after one warm-up; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
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
