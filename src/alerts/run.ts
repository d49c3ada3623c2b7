// Runs one alert agent: the program at the alert's path, no arguments, the environment env.ts
// built, in its own process group (the executor's runProcess), at niceness 10, killed whole at
// its timeout. Never throws: whatever happens is the result.
import { constants, existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { runAgentProcess, vigilBugMessage, type AgentProcessOptions } from '../agents/agent-run.ts';
import { killProcessGroup, outputTailOf } from '../agents/process.ts';

/** The part of each of stdout and stderr kept for the log. */
const OUTPUT_TAIL_BYTES = 1024;
/**
 * Alert agents run at this niceness, set by nice(1) before the agent starts so that whatever
 * it runs inherits it: they are best effort, and on a busy machine their CPU must not delay the
 * daemons' heartbeats (a burst of alerts once cost a coordinator its lease).
 */
export const ALERT_NICENESS = 10;
const NICE = '/usr/bin/nice';

export interface AlertRunSpec {
  path: string;
  env: Record<string, string>;
  timeoutMs: number;
}

export interface AlertRunResult {
  /** The exit code; null when killed or never run. */
  rc: number | null;
  timedOut: boolean;
  signal: string | null;
  durationMs: number;
  outputTail: string;
  /** Why it could not run at all (missing file, not executable...). */
  error?: string;
}

export type AlertRunner = (spec: AlertRunSpec) => Promise<AlertRunResult>;

/** The real runner, which can also kill what it runs (a daemon stopping: no one would enforce their timeouts). */
export type ProcessAlertRunner = AlertRunner & { killRunning(): number[] };

const notRun = (error: string): AlertRunResult => ({ rc: null, timedOut: false, signal: null, durationMs: 0, outputTail: '', error });

/** Why `path` cannot be run, checked before nice(1) would report it as its own exit code. */
async function unrunnable(path: string): Promise<string | undefined> {
  try {
    await access(path, constants.X_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const how = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (is it executable? chmod 755 it)' : String(code);
    return `cannot run ${path}: ${how}`;
  }
}

export function createAlertRunner(opts: AgentProcessOptions & { niceness?: number } = {}): ProcessAlertRunner {
  const niceness = opts.niceness ?? ALERT_NICENESS;
  const viaNice = niceness !== 0 && existsSync(NICE);
  const running = new Set<number>();
  const run: AlertRunner = async (spec) => {
    let pid: number | undefined;
    try {
      const problem = await unrunnable(spec.path);
      if (problem !== undefined) return notRun(problem);
      const command = viaNice ? { command: NICE, args: ['-n', String(niceness), spec.path] } : { command: spec.path, args: [] };
      const onSpawn = (spawned: number) => {
        pid = spawned;
        running.add(spawned);
        opts.onSpawn?.(spawned);
      };
      const p = await runAgentProcess({ ...command, env: spec.env, timeoutMs: spec.timeoutMs }, { ...opts, onSpawn });
      const base = { rc: p.code, timedOut: p.timedOut, signal: p.signal, durationMs: p.durationMs, outputTail: outputTailOf(p, OUTPUT_TAIL_BYTES) };
      if (p.spawnError === null) return base;
      const how = p.spawnError.code === 'ENOENT' ? 'its #! interpreter is missing' : `${p.spawnError.code}: ${p.spawnError.message}`;
      return { ...base, error: `cannot run ${spec.path}: ${how}` };
    } catch (err) {
      return notRun(vigilBugMessage(`alert agent ${spec.path}`, err));
    } finally {
      if (pid !== undefined) running.delete(pid);
    }
  };
  // Each agent leads its own process group (nice(1) execs it): SIGKILL takes what it started too.
  const killRunning = () => [...running].filter((pid) => killProcessGroup(pid, 'SIGKILL'));
  return Object.assign(run, { killRunning });
}
