// What running an OCF agent and running a fence agent share: the process options a caller
// may set, passed through to the process runner unchanged (forked off the event loop, spawner.ts), and how a bug inside vigil is worded.
import type { ProcessResult, ProcessSpec } from './process.ts';
import { spawnProcess } from './spawner.ts';

/** The process options a caller of an agent run may set. */
export type AgentProcessOptions = Pick<ProcessSpec, 'killGraceMs' | 'outputCapBytes' | 'clockNow' | 'onSpawn'>;

/** What the agent runner itself decides: the file, its arguments, environment, stdin and timeout. */
export type AgentProcessSpec = Pick<ProcessSpec, 'command' | 'args' | 'env' | 'stdinText' | 'timeoutMs'>;

/** Runs one agent process with the caller's process options. */
export function runAgentProcess(spec: AgentProcessSpec, opts: AgentProcessOptions): Promise<ProcessResult> {
  return spawnProcess({ ...spec, killGraceMs: opts.killGraceMs, outputCapBytes: opts.outputCapBytes, clockNow: opts.clockNow, onSpawn: opts.onSpawn });
}

/** The text of an exception caught around a whole agent run (a bug in vigil, not the agent). */
export function vigilBugMessage(what: string, err: unknown): string {
  return `vigil could not run ${what}: ${err instanceof Error ? err.message : String(err)}`;
}
