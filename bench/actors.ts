// `npm run bench -- actors [--sizes 1000,10000,50000] [--monitors 3]`
// Drives N resource actors (ceil(N / 1,000) supervisors, each its own root actor, one shared
// SimulatedClock, an instant fake agent) through spawn, probe, start and K monitor rounds, and
// reports wall time per phase, events per second and heap per actor. It ends by checking that
// every actor is `started` with no failures, so it cannot quietly measure nothing.
// Heap needs `node --expose-gc`; without it this script re-runs itself with that flag.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { describeGrowth, growthExponent } from './lib/timing.ts';
import {
  broadcast, checkStarted, MONITOR_INTERVAL_MS, spawnFleet, stopFleet, waitForAll, type Fleet,
} from './lib/actors-fleet.ts';

const DEFAULT_SIZES = [1_000, 10_000, 50_000];
const SIZE_MAX = 1_000_000;

interface Options {
  sizes: number[];
  monitors: number;
}

interface Row {
  size: number;
  supervisors: number;
  spawnMs: number;
  probeMs: number;
  startMs: number;
  monitorsMs: number;
  totalMs: number;
  events: number;
  heapBytesPerActor: number;
  stopMs: number;
  problems: string[];
}

function usage(message: string): never {
  console.error(`bench actors: ${message}\nusage: npm run bench -- actors [--sizes 1000,10000,50000] [--monitors 3]`);
  process.exit(2);
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) usage(`${flag} needs a value`);
    return v;
  };
  const unknown = argv.filter((a) => a.startsWith('--') && !['--sizes', '--monitors'].includes(a));
  if (unknown.length > 0) usage(`unknown option ${unknown[0]}`);
  const sizesArg = value('--sizes');
  const sizes = sizesArg === undefined ? DEFAULT_SIZES : sizesArg.split(',').map(Number);
  for (const n of sizes) {
    if (!Number.isInteger(n) || n < 1 || n > SIZE_MAX) usage(`--sizes: '${sizesArg}' must be whole numbers from 1 to ${SIZE_MAX}, comma-separated`);
  }
  const monitors = Number(value('--monitors') ?? 3);
  if (!Number.isInteger(monitors) || monitors < 0 || monitors > 1_000) usage(`--monitors must be a whole number from 0 to 1000, got '${value('--monitors')}'`);
  return { sizes, monitors };
}

/** Re-run this benchmark under `node --expose-gc` (through bin/run-ts.mjs) and exit with its status. */
function rerunWithGc(): never {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const r = spawnSync(process.execPath, ['--expose-gc', join(root, 'bin/run-ts.mjs'), fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.error) console.error(`bench actors: could not re-run under node --expose-gc: ${r.error.message}`);
  process.exit(r.status ?? 1);
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function timed(fn: () => Promise<unknown> | void): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** One monitor round: the clock fires every monitor at once; wait until each reports `started` again. */
async function monitorRound(fleet: Fleet, round: number): Promise<void> {
  fleet.clock.increment(MONITOR_INTERVAL_MS);
  // The timers fire synchronously, so every monitor has been handed to the agent by now.
  const want = fleet.size * round;
  if (fleet.calls.monitor !== want) throw new Error(`monitor round ${round}: the agent ran ${fleet.calls.monitor} monitors, expected ${want}`);
  await waitForAll(fleet, 'started');
}

// Events counted, per actor: spawn 1 report (`unknown`); probe and start each 1 command
// delivered by a broadcast + 1 agent completion + 2 reports (`probing`/`starting`, then
// `stopped`/`started`); each monitor round 1 timer event + 1 agent completion + 2 reports
// (`monitoring`, `started`). Plus the SUPERVISOR.BROADCAST events sent, one per supervisor for
// probe and for start. Agent completions are the fake agent's own counts; reports follow from
// the machine (every state reports on entry) and the end-state check below. Internal events
// (xstate.init, raised FAILURE.*, always-transitions) are not counted.
function countEvents(fleet: Fleet): number {
  const { calls, size, supervisors } = fleet;
  const completions = calls.probe + calls.start + calls.monitor + calls.other;
  const commands = 2 * size + 2 * supervisors.length;
  const timerEvents = calls.monitor;
  const reports = size + 2 * completions;
  return commands + timerEvents + completions + reports;
}

async function measure(size: number, { monitors }: Options, gc: () => void): Promise<Row> {
  const heapBefore = heapAfterGc(gc);
  const t0 = performance.now();
  let fleet: Fleet | undefined;
  const spawnMs = await timed(async () => {
    fleet = spawnFleet(size);
    await waitForAll(fleet, 'unknown');
  });
  const f = fleet!;
  const probeMs = await timed(async () => {
    broadcast(f, 'RESOURCE.PROBE');
    await waitForAll(f, 'stopped', () => f.calls.probe === size);
  });
  const startMs = await timed(async () => {
    broadcast(f, 'RESOURCE.START');
    await waitForAll(f, 'started', () => f.calls.start === size);
  });
  const monitorsMs = await timed(async () => {
    for (let k = 1; k <= monitors; k++) await monitorRound(f, k);
  });
  const totalMs = performance.now() - t0;
  const heapBytesPerActor = (heapAfterGc(gc) - heapBefore) / size;
  const problems = checkStarted(f, monitors);
  const row: Row = {
    size, supervisors: f.supervisors.length, spawnMs, probeMs, startMs, monitorsMs, totalMs,
    events: countEvents(f), heapBytesPerActor, stopMs: 0, problems,
  };
  row.stopMs = await timed(() => stopFleet(f));
  return row;
}

const fmtMs = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0)).padStart(9);

function printHeader({ monitors }: Options): void {
  console.log(`resource actors: supervisors of <= 1,000 children, each its own root actor; one SimulatedClock; instant fake agent; ${monitors} monitor rounds of ${MONITOR_INTERVAL_MS} ms`);
  console.log('    actors  sups   spawn ms   probe ms   start ms  monitors ms   total ms     events   events/s  heap B/actor  stop ms  check');
}

function printRow(r: Row): void {
  const perSec = r.events / (r.totalMs / 1000);
  console.log(`${String(r.size).padStart(10)}  ${String(r.supervisors).padStart(4)}  ${fmtMs(r.spawnMs)}  ${fmtMs(r.probeMs)}  ${fmtMs(r.startMs)}  ${fmtMs(r.monitorsMs).padStart(11)}  ${fmtMs(r.totalMs)}  ${String(r.events).padStart(9)}  ${perSec.toFixed(0).padStart(9)}  ${r.heapBytesPerActor.toFixed(0).padStart(12)}  ${fmtMs(r.stopMs).slice(2)}  ${r.problems.length === 0 ? 'ok' : 'FAILED'}`);
  for (const p of r.problems) console.log(`            ${p}`);
}

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') rerunWithGc();
  const options = parseOptions(process.argv.slice(2));
  printHeader(options);
  const rows: Row[] = [];
  for (const size of options.sizes) {
    const row = await measure(size, options, gc);
    rows.push(row);
    printRow(row);
  }
  const failed = rows.filter((r) => r.problems.length > 0);
  const events = rows.reduce((a, r) => a + r.events, 0);
  const ms = rows.reduce((a, r) => a + r.totalMs, 0);
  const growth = describeGrowth(growthExponent(rows.map((r) => ({ size: r.size, ms: r.totalMs }))));
  console.log(`\nsummary: ${rows.length} sizes, ${events} events in ${(ms / 1000).toFixed(1)} s (${(events / (ms / 1000)).toFixed(0)} events/s); total time ${growth}; ${failed.length === 0 ? 'every actor started, no failures' : `FAILED at ${failed.map((r) => r.size).join(', ')}`}`);
  if (failed.length > 0) process.exitCode = 1;
}

await main();
