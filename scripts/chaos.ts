// `npm run chaos -- --seeds N [--nodes K] [--seed S] [--duration MS]`
// Simulates N whole-cluster runs (seeds S, S+1, ...; default S=1), each with a seeded fault
// schedule, judges every ledger, and prints each violation with its seed, a repro command and
// a readable trace. Progress goes to stderr; the last line is `seeds: N, faults: F, violations: V`.
// Exit code 1 when any run broke an invariant.
import { performance } from 'node:perf_hooks';
import { runSeed, summaryLine, type SeedReport } from '../src/testing/sim/chaos.ts';

interface Options { seeds: number; first: number; nodes: number; durationMs?: number }

const USAGE = 'usage: npm run chaos -- --seeds N [--nodes K] [--seed S] [--duration MS]';

function parseOptions(argv: string[]): Options | string {
  const opts: Options = { seeds: 1, first: 1, nodes: 3 };
  const numbers: Record<string, (n: number) => void> = {
    '--seeds': (n) => { opts.seeds = n; }, '--seed': (n) => { opts.first = n; },
    '--nodes': (n) => { opts.nodes = n; }, '--duration': (n) => { opts.durationMs = n; },
  };
  for (let i = 0; i < argv.length; i++) {
    const set = numbers[argv[i]!];
    if (set === undefined) return `unknown argument ${argv[i]}`;
    const value = Number(argv[++i]);
    if (!Number.isSafeInteger(value) || value < 0) return `${argv[i - 1]} needs a whole number, got ${argv[i] ?? 'nothing'}`;
    set(value);
  }
  if (opts.seeds < 1) return '--seeds must be at least 1';
  if (opts.nodes < 2 || opts.nodes > 7) return '--nodes must be 2..7';
  return opts;
}

function printViolations(r: SeedReport, opts: Options): void {
  const repro = `npm run chaos -- --seeds 1 --seed ${r.seed} --nodes ${opts.nodes}${opts.durationMs !== undefined ? ` --duration ${opts.durationMs}` : ''}`;
  r.violations.forEach((v, i) => {
    console.log(`\nseed ${r.seed}: ${v.invariant} at #${v.atSeq}: ${v.message}`);
    console.log(`  repro: ${repro}`);
    for (const line of r.traces[i]!) console.log(`  ${line}`);
  });
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (typeof opts === 'string') {
    console.error(`${opts}\n${USAGE}`);
    return 2;
  }
  const reports: SeedReport[] = [];
  const startedMs = performance.now();
  for (let seed = opts.first; seed < opts.first + opts.seeds; seed++) {
    const r = await runSeed(seed, { nodes: opts.nodes, durationMs: opts.durationMs });
    reports.push(r);
    const secs = (performance.now() - startedMs) / 1000;
    console.error(`seed ${seed}: ${r.faults} faults, ${r.violations.length} violations (${reports.length}/${opts.seeds}, ${(reports.length / secs).toFixed(2)} seeds/s)`);
    printViolations(r, opts);
  }
  console.log(summaryLine(reports));
  return reports.some((r) => r.violations.length > 0) ? 1 : 0;
}

process.exitCode = await main();
