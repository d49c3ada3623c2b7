// Runs one fence-agent action (fence-agents' stdin protocol) as a real process and turns
// whatever happened into a FenceResult. Decides nothing about the node; never throws. Every
// text in the result has the device's secrets redacted.
import type { ProcessResult } from './process.ts';
import { outputTailOf } from './process.ts';
import { runAgentProcess, vigilBugMessage, type AgentProcessOptions } from './agent-run.ts';
import { FENCE_AGENT_DIRS_DEFAULT, buildFenceStdin, locateFenceAgent, type FenceRequest } from './fence-input.ts';
import { redactSecrets } from './fence-redact.ts';

export type { FenceAgentAction, FenceRequest } from './fence-input.ts';
export { FENCE_AGENT_ACTIONS, FENCE_AGENT_DIRS_DEFAULT, FENCE_AGENT_NAME, buildFenceStdin, locateFenceAgent } from './fence-input.ts';

/** The part of each of stdout and stderr kept in FenceResult.outputTail. */
export const FENCE_OUTPUT_TAIL_BYTES = 4 * 1024;
/** fence-agents' exit codes that vigil reads. */
export const FENCE_RC = { SUCCESS: 0, ERROR: 1, STATUS_OFF: 2 } as const;
const AGENT_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

export type PowerState = 'on' | 'off' | 'unknown';

export interface FenceResult {
  /** The action did what was asked; for status: the agent answered on (rc 0) or off (rc 2). */
  ok: boolean;
  /** The agent's exit code; null when it had none (not started, killed by a signal). */
  rc: number | null;
  timedOut: boolean;
  signal: string | null;
  durationMs: number;
  /** Only for status: rc 0 on, rc 2 off, anything else unknown. */
  powerState?: PowerState;
  /** A bounded, redacted tail of stdout and stderr, for the log. */
  outputTail: string;
  /** One sentence saying what happened and, on failure, why (redacted). */
  reason: string;
  /** The agent's pid, which is also its process group id; absent when no process ran. */
  pid?: number;
}

/** killGraceMs, outputCapBytes, clockNow and onSpawn go to the agent's process unchanged. */
export interface FenceRunOptions extends AgentProcessOptions {
  /** Where agents are looked for, in order; default /usr/sbin, /usr/bin, /sbin. */
  agentDirs?: readonly string[];
  /** Added to the agent's environment (the daemon's owner tag, strays.ts). */
  extraEnv?: Record<string, string>;
}

/** The result plus the agent's whole (capped, redacted) stdout, which list and metadata need. */
export interface FenceRunOutput {
  result: FenceResult;
  stdout: string;
}

/** The port through which the daemon runs fence agents; tests and the simulator supply twins. */
export interface FenceRunner {
  /** Runs one request; resolves with its result and never rejects. */
  run(req: FenceRequest): Promise<FenceResult>;
}

export function createFenceRunner(opts: FenceRunOptions = {}): FenceRunner {
  return { run: (req) => runFenceAgent(req, opts) };
}



/** The agent's last complaint: fence-agents log "ERROR: ..." / "Failed: ..." lines on stderr. */
export function lastAgentError(stderr: string): string | undefined {
  let found: string | undefined;
  for (const raw of stderr.split('\n')) {
    const line = raw.trim();
    const m = /(?:ERROR:(?:root:)?|^Failed:|^Error:)\s*(.*)$/.exec(line);
    if (m !== null && (m[1] ?? '').trim() !== '' && !/^Please use '-h' for usage/.test(m[1] ?? '')) found = (m[1] ?? '').trim();
  }
  return found;
}

function describe(req: FenceRequest): string {
  const of = req.target === undefined ? '' : ` of ${req.target}`;
  return `fence device ${req.device} (${req.agent}): ${req.action}${of}`;
}

function synthetic(reason: string): FenceResult {
  return { ok: false, rc: null, timedOut: false, signal: null, durationMs: 0, outputTail: '', reason };
}

function statusOutcome(rc: number): { ok: boolean; powerState: PowerState } {
  if (rc === FENCE_RC.SUCCESS) return { ok: true, powerState: 'on' };
  if (rc === FENCE_RC.STATUS_OFF) return { ok: true, powerState: 'off' };
  return { ok: false, powerState: 'unknown' };
}

function failureReason(req: FenceRequest, file: string, p: ProcessResult): string {
  const agentSaid = lastAgentError(p.stderrTail);
  const withAgent = (text: string) => (agentSaid === undefined ? text : `${text}; agent said: ${agentSaid}`);
  if (p.spawnError !== null) {
    const { code, message } = p.spawnError;
    if (code === 'ENOENT') return `${describe(req)}: cannot run ${file}: its interpreter (the #! line) is missing, or the file vanished; reinstall fence-agents`;
    if (code === 'EACCES') return `${describe(req)}: cannot run ${file}: permission denied (check it and its interpreter are executable)`;
    return `${describe(req)}: cannot start ${file}: ${code}: ${message}`;
  }
  if (p.timedOut) {
    const how = p.signal === null ? 'it exited during the grace period' : `it ended by ${p.signal}`;
    return withAgent(`${describe(req)} timed out after ${req.timeoutMs} ms; its process group was killed (${how})`);
  }
  if (p.code === null) return withAgent(`${describe(req)} was killed by ${p.signal ?? 'an unknown signal'}`);
  return withAgent(`${describe(req)} failed with exit code ${p.code}`);
}

/** Maps a finished process to the fence result (not yet redacted). */
export function toFenceResult(req: FenceRequest, file: string, p: ProcessResult): FenceResult {
  const base = { rc: p.code, timedOut: p.timedOut, signal: p.signal, durationMs: p.durationMs, outputTail: outputTailOf(p, FENCE_OUTPUT_TAIL_BYTES), ...(p.pid === null ? {} : { pid: p.pid }) };
  const exited = p.spawnError === null && !p.timedOut && p.code !== null;
  if (req.action === 'status') {
    const { ok, powerState } = exited && p.code !== null ? statusOutcome(p.code) : { ok: false, powerState: 'unknown' as const };
    const reason = ok ? `${describe(req)}: power is ${powerState}` : failureReason(req, file, p);
    return { ...base, ok, powerState, reason };
  }
  if (exited && p.code === FENCE_RC.SUCCESS) return { ...base, ok: true, reason: `${describe(req)} succeeded` };
  return { ...base, ok: false, reason: failureReason(req, file, p) };
}

function redactResult(r: FenceResult, params: Record<string, string>): FenceResult {
  return { ...r, outputTail: redactSecrets(r.outputTail, params), reason: redactSecrets(r.reason, params) };
}

async function runChecked(req: FenceRequest, opts: FenceRunOptions): Promise<FenceRunOutput> {
  if (!Number.isFinite(req.timeoutMs) || req.timeoutMs <= 0) {
    return { result: synthetic(`${describe(req)}: timeout must be a positive number of ms, got ${req.timeoutMs}`), stdout: '' };
  }
  const stdin = buildFenceStdin(req);
  if (!stdin.ok) return { result: synthetic(stdin.reason), stdout: '' };
  const located = await locateFenceAgent(req.device, req.agent, opts.agentDirs ?? FENCE_AGENT_DIRS_DEFAULT);
  if (!located.ok) return { result: synthetic(located.reason), stdout: '' };
  const p = await runAgentProcess({
    command: located.file,
    args: [], // fence-agents read stdin only when given no arguments
    env: { PATH: AGENT_PATH, LANG: 'C', LC_ALL: 'C', ...opts.extraEnv },
    stdinText: stdin.text,
    timeoutMs: req.timeoutMs,
  }, opts);
  return { result: toFenceResult(req, located.file, p), stdout: p.stdoutTail };
}

/** Like runFenceAgent, and also returns the agent's stdout (capped, redacted). Never rejects. */
export async function runFenceAgentWithOutput(req: FenceRequest, opts: FenceRunOptions = {}): Promise<FenceRunOutput> {
  let out: FenceRunOutput;
  try {
    out = await runChecked(req, opts);
  } catch (err) {
    // A bug in vigil, not the agent's fault; still reported as a failed action.
    out = { result: synthetic(vigilBugMessage(describe(req), err)), stdout: '' };
  }
  return { result: redactResult(out.result, req.params), stdout: redactSecrets(out.stdout, req.params) };
}

/** Runs `<agent>` with the request as `key=value` lines on stdin. Never rejects. */
export async function runFenceAgent(req: FenceRequest, opts: FenceRunOptions = {}): Promise<FenceResult> {
  return (await runFenceAgentWithOutput(req, opts)).result;
}
