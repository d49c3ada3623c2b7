// Runs catalogue entries one after another, each on a fresh cluster, and reports: progress on
// stderr (through `progress`), a results table, and the last line `cts: T tests, V violations`.
import { freeBasePort } from '../../demo/local-cluster.ts';
import { CtsRun } from './run.ts';
import type { CtsResult, CtsTest } from './types.ts';

/** The CTS's ports (three nodes: mesh and control ports, two per node). */
export const CTS_PORTS = { lo: 7800, hi: 7900 } as const;

export interface RunnerOptions {
  progress?: (line: string) => void;
  quietPeriodMs?: number;
  keepFiles?: boolean;
}

/** Runs one test on a fresh cluster; never throws (an error is a result). */
export async function runTest(test: CtsTest, opts: RunnerOptions = {}): Promise<CtsResult> {
  const startedAtMs = Date.now();
  const progress = (line: string) => opts.progress?.(`[${test.name} ${((Date.now() - startedAtMs) / 1000).toFixed(1)}s] ${line}`);
  const base = { name: test.name, violations: [], traces: [], expected: [], unmet: [], entries: 0 };
  const why = await test.unavailable?.();
  if (why !== undefined) {
    progress(`skipped: ${why}`);
    return { ...base, status: 'skipped', durationMs: 0, note: why };
  }
  let run: CtsRun | undefined;
  try {
    run = await CtsRun.start({ basePort: await freeBasePort(CTS_PORTS.lo, CTS_PORTS.hi), netns: test.netns, quietPeriodMs: opts.quietPeriodMs, progress, keepFiles: opts.keepFiles });
    progress(`cluster started in ${run.cluster.layout.dir}`);
    await test.run(run);
    const out = await run.finish();
    const failed = out.violations.length > 0 || out.unmet.length > 0;
    progress(`${failed ? 'FAILED' : 'passed'}: ${out.entries.length} ledger entries, ${out.violations.length} violations${out.unmet.length ? `, unmet: ${out.unmet.join('; ')}` : ''}`);
    return { ...base, status: failed ? 'failed' : 'passed', durationMs: Date.now() - startedAtMs, violations: out.violations, traces: out.traces, expected: out.expected, unmet: out.unmet, entries: out.entries.length, ...(out.dir ? { dir: out.dir } : {}) };
  } catch (error) {
    const note = error instanceof Error ? error.message : String(error);
    progress(`error: ${note}`);
    return { ...base, status: 'error', durationMs: Date.now() - startedAtMs, note, ...(opts.keepFiles && run ? { dir: run.dir } : {}) };
  } finally {
    await run?.close();
  }
}

export async function runCatalogue(tests: CtsTest[], opts: RunnerOptions & { repeat?: number } = {}): Promise<CtsResult[]> {
  const results: CtsResult[] = [];
  for (let round = 0; round < (opts.repeat ?? 1); round++) {
    for (const test of tests) results.push(await runTest(test, opts));
  }
  return results;
}

/** The results table, the traces of the violations, and the last line. */
export function formatResults(results: CtsResult[]): string {
  const lines = ['', 'test                 result    violations  entries  duration', '-------------------  --------  ----------  -------  --------'];
  for (const r of results) {
    lines.push(`${r.name.padEnd(19)}  ${r.status.padEnd(8)}  ${String(r.violations.length).padStart(10)}  ${String(r.entries).padStart(7)}  ${(r.durationMs / 1000).toFixed(1).padStart(7)}s`);
  }
  for (const r of results) {
    if (r.note !== undefined) lines.push('', `${r.name} ${r.status}: ${r.note}`);
    for (const u of r.unmet) lines.push('', `${r.name}: expected but not found in the ledger: ${u}`);
    for (const t of r.traces) lines.push('', `${r.name}: ${t}`);
    if (r.dir !== undefined) lines.push('', `${r.name}: files kept in ${r.dir}`);
  }
  const violations = results.reduce((n, r) => n + r.violations.length, 0);
  const count = (s: string) => results.filter((r) => r.status === s).length;
  lines.push('', `passed ${count('passed')}, failed ${count('failed')}, errors ${count('error')}, skipped ${count('skipped')}`);
  lines.push(`cts: ${results.length} tests, ${violations} violations`);
  return lines.join('\n');
}
