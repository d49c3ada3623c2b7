// `npm run bench -- scheduler [--all] [--sizes 250,1000] [--keep]`
// Generates 16-node clusters (250 / 1,000 / 2,000 / 10,000 primitives, three states each),
// writes each as a CIB, and times vigil's schedule() against `crm_simulate -R -Q -x` on the
// same file. vigil's parse time is reported separately from its decision time.
// crm_simulate is skipped at 10,000 primitives unless --all (it takes minutes there).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCib } from '../src/config/cib/read.ts';
import type { ClusterDocument } from '../src/config/model.ts';
import { writeCib } from './lib/cib-writer.ts';
import { generateCluster, STATES, type ClusterState } from './lib/generate.ts';
import { bestOf, describeGrowth, growthExponent, timeCrmSimulate } from './lib/timing.ts';

type Schedule = (doc: ClusterDocument, opts: { now: number }) => unknown;

const NODES = 16;
const CRM_SIMULATE_SKIP_ABOVE = 2_000;
const CRM_SIMULATE_TIMEOUT_MS = 30 * 60_000;

interface Row {
  primitives: number;
  state: ClusterState;
  fileMb: number;
  parseMs: number;
  vigilMs?: number;
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

function measure(size: number, state: ClusterState, dir: string, schedule: Schedule | undefined, runCrm: boolean): Row {
  const file = join(dir, `cluster-${size}-${state}.xml`);
  const xml = writeCib(generateCluster({ nodes: NODES, primitives: size, state }));
  writeFileSync(file, xml);
  const reps = size <= 1_000 ? 3 : 1;
  let doc: ClusterDocument | undefined;
  const parseMs = bestOf(reps, () => { doc = readCib(xml, file); });
  const row: Row = { primitives: size, state, fileMb: xml.length / 1e6, parseMs };
  if (schedule && doc) {
    const d = doc;
    try {
      row.vigilMs = bestOf(reps, () => schedule(d, { now: d.status.now ?? 0 }));
    } catch (error) {
      row.note = `vigil crashed: ${(error as Error).message}`;
    }
  }
  if (runCrm) {
    const shadow = mkdtempSync(join(tmpdir(), 'vigil-cib-shadow-'));
    try {
      let best = Infinity;
      for (let i = 0; i < reps; i++) {
        const t = timeCrmSimulate(file, shadow, CRM_SIMULATE_TIMEOUT_MS);
        if (!t.ok) { row.note = `crm_simulate: ${t.error}`; break; }
        best = Math.min(best, t.ms);
      }
      if (best < Infinity) row.crmMs = best;
    } finally {
      rmSync(shadow, { recursive: true, force: true });
    }
  } else {
    row.note ??= 'crm_simulate skipped (use --all)';
  }
  return row;
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}

function printRow(r: Row): void {
  const ratio = r.vigilMs !== undefined && r.crmMs !== undefined ? (r.vigilMs / r.crmMs).toFixed(3) : '-';
  console.log(`${String(r.primitives).padStart(10)}  ${r.state.padEnd(13)} ${r.fileMb.toFixed(1).padStart(6)}  ${fmt(r.parseMs).padStart(9)}  ${fmt(r.vigilMs).padStart(9)}  ${fmt(r.crmMs).padStart(14)}  ${ratio.padStart(6)}  ${r.note ?? ''}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const all = argv.includes('--all');
  const keep = argv.includes('--keep');
  const sizesArg = argv[argv.indexOf('--sizes') + 1];
  const sizes = argv.includes('--sizes') && sizesArg ? sizesArg.split(',').map(Number) : [250, 1_000, 2_000, 10_000];
  const loaded = await loadSchedule();
  const schedule = typeof loaded === 'string' ? undefined : loaded;
  if (typeof loaded === 'string') console.log(`vigil scheduler not available: ${loaded}`);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-scheduler-'));
  console.log(`${NODES} nodes; stacks of 10 (order + colocation; every 4th a group); 20% allow-migrate; files in ${dir}`);
  console.log('primitives  state           file MB   parse ms   vigil ms  crm_simulate ms   ratio');
  const rows: Row[] = [];
  try {
    for (const size of sizes) {
      for (const state of STATES) {
        const row = measure(size, state, dir, schedule, all || size <= CRM_SIMULATE_SKIP_ABOVE);
        rows.push(row);
        printRow(row);
      }
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  console.log('\ngrowth from the smallest to the largest size (vigil decision time / crm_simulate wall time):');
  for (const state of STATES) {
    const of = (pick: (r: Row) => number | undefined) => rows.filter((r) => r.state === state && pick(r) !== undefined).map((r) => ({ size: r.primitives, ms: pick(r)! }));
    console.log(`  ${state.padEnd(13)} vigil: ${describeGrowth(growthExponent(of((r) => r.vigilMs)))}; parse: ${describeGrowth(growthExponent(of((r) => r.parseMs)))}; crm_simulate: ${describeGrowth(growthExponent(of((r) => r.crmMs)))}`);
  }
}

await main();
