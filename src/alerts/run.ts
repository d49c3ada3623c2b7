// Runs one alert agent: the program at the alert's path, no arguments, the environment env.ts
// built, in its own process group (the executor's runProcess), killed whole at its timeout.
// Never throws: whatever happens is the result.
import { runAgentProcess, vigilBugMessage, type AgentProcessOptions } from '../agents/agent-run.ts';
import { outputTailOf } from '../agents/process.ts';

/** The part of each of stdout and stderr kept for the log. */
const OUTPUT_TAIL_BYTES = 1024;

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

export function createAlertRunner(opts: AgentProcessOptions = {}): AlertRunner {
  return async (spec) => {
    try {
      const p = await runAgentProcess({ command: spec.path, args: [], env: spec.env, timeoutMs: spec.timeoutMs }, opts);
      const base = { rc: p.code, timedOut: p.timedOut, signal: p.signal, durationMs: p.durationMs, outputTail: outputTailOf(p, OUTPUT_TAIL_BYTES) };
      if (p.spawnError === null) return base;
      const how = p.spawnError.code === 'ENOENT' ? 'no such file (or its #! interpreter is missing)'
        : p.spawnError.code === 'EACCES' ? 'permission denied (is it executable? chmod 755 it)' : `${p.spawnError.code}: ${p.spawnError.message}`;
      return { ...base, error: `cannot run ${spec.path}: ${how}` };
    } catch (err) {
      return { rc: null, timedOut: false, signal: null, durationMs: 0, outputTail: '', error: vigilBugMessage(`alert agent ${spec.path}`, err) };
    }
  };
}
