// Timing helpers for the benchmarks: whole processes (vigil's command, crm_simulate as an
// external reference), functions in process, and a growth estimate (the slope of time against
// size on a log-log scale; 1.0 is linear).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ProcessTiming {
  ms: number;
  /** User + system CPU time of the process and its children (10 ms resolution). */
  cpuMs: number;
  ok: boolean;
  error?: string;
  stdout: string;
}

/**
 * Wall and CPU time of one whole process, start to exit (its own start-up and parsing
 * included). It runs under `sh`, whose `times` reports what its children used: CPU time shows
 * the work even when other processes load the machine and stretch the wall time.
 */
export function timeProcess(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): ProcessTiming {
  const started = performance.now();
  const r = spawnSync('/bin/sh', ['-c', '"$0" "$@"; status=$?; times >&3; exit $status', command, ...args], {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    encoding: 'utf8',
    timeout: opts.timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const ms = performance.now() - started;
  const stdout = r.stdout ?? '';
  const cpuMs = childrenCpuMs(String(r.output?.[3] ?? ''));
  if (r.error) return { ms, cpuMs, ok: false, error: r.error.message, stdout };
  if (r.status !== 0) return { ms, cpuMs, ok: false, error: `exit ${r.status}: ${(r.stderr || r.stdout || '').trim().split('\n')[0]}`, stdout };
  return { ms, cpuMs, ok: true, stdout };
}

/** The children's line of sh's `times` ("0m0.110000s 0m0.020000s"), user + system in ms. */
function childrenCpuMs(times: string): number {
  const line = times.trim().split('\n')[1] ?? '';
  const seconds = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return seconds.reduce((a, b) => a + b, 0) * 1000;
}

/** Wall time of `crm_simulate -R -Q -x FILE` (process start and its own parsing included). */
export function timeCrmSimulate(file: string, shadowDir: string, timeoutMs: number): ProcessTiming {
  return timeProcess('crm_simulate', ['-R', '-Q', '-x', file], { env: { ...process.env, CIB_shadow_dir: shadowDir, LC_ALL: 'C' }, timeoutMs });
}

/** Wall and CPU (user + system) time of one run of fn, in milliseconds. */
export function timeOnce(fn: () => void): { ms: number; cpuMs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One warm-up run (JIT), then the median wall and CPU time of `reps` runs. */
export function medianOf(reps: number, fn: () => void, warmUp = true): { ms: number; cpuMs: number } {
  if (warmUp) fn();
  const runs = Array.from({ length: reps }, () => timeOnce(fn));
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

/** The smallest of `reps` runs of fn, in milliseconds. */
export function bestOf(reps: number, fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * Growth exponent k (time ∝ size^k) of the steepest step between consecutive sizes: a
 * quadratic tail shows even when the small sizes are dominated by fixed costs.
 */
export function growthExponent(points: { size: number; ms: number }[]): number | undefined {
  const valid = points.filter((p) => p.ms > 0).sort((a, b) => a.size - b.size);
  let worst: number | undefined;
  for (let i = 1; i < valid.length; i++) {
    const [a, b] = [valid[i - 1]!, valid[i]!];
    if (b.size === a.size) continue;
    const k = Math.log(b.ms / a.ms) / Math.log(b.size / a.size);
    worst = worst === undefined ? k : Math.max(worst, k);
  }
  return worst;
}

export function describeGrowth(k: number | undefined): string {
  if (k === undefined) return 'not enough points';
  const verdict = k < 1.25 ? 'linear' : k < 1.6 ? 'slightly superlinear' : 'superlinear';
  return `${verdict} (steepest step: time ∝ size^${k.toFixed(2)})`;
}
