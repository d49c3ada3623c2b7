// Many seeds in a row: each run simulated, then judged; what the chaos command and the test
// suite share. A failing seed comes back with its violations and their traces.
import { checkSimulation, traceOf, type Violation } from './check.ts';
import type { FaultOptions } from './faults.ts';
import { runSimulation } from './run.ts';

export interface SeedReport {
  seed: number;
  faults: number;
  violations: Violation[];
  /** One readable trace per violation, in the same order. */
  traces: string[][];
  steps: number;
}

export interface ChaosRunOptions {
  nodes?: number;
  durationMs?: number;
  faults?: FaultOptions | false;
  options?: Record<string, string>;
}

export async function runSeed(seed: number, opts: ChaosRunOptions = {}): Promise<SeedReport> {
  let result;
  try {
    result = await runSimulation({ seed, nodes: opts.nodes, durationMs: opts.durationMs, faults: opts.faults, options: opts.options });
  } catch (error) {
    // Something threw inside a timer (a daemon's or the harness's bug): the run cannot go on.
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    return { seed, faults: 0, violations: [{ invariant: 'run-threw', atSeq: 0, entries: [], message }], traces: [[message]], steps: 0 };
  }
  const violations = checkSimulation(result);
  return { seed, faults: result.faults, violations, traces: violations.map((v) => traceOf(result.ledger, v)), steps: result.steps };
}

/** The one-line summary the chaos command ends with. */
export function summaryLine(reports: readonly SeedReport[]): string {
  const faults = reports.reduce((sum, r) => sum + r.faults, 0);
  const violations = reports.reduce((sum, r) => sum + r.violations.length, 0);
  return `seeds: ${reports.length}, faults: ${faults}, violations: ${violations}`;
}
