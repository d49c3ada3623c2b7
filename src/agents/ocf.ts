// Runs one OCF resource-agent operation as a real process and turns whatever happened into an
// AgentResult. Decides nothing about the resource: classify() in ocf/exit-codes.ts does that.
// No exception escapes: a missing agent, a crash, a timeout or a bug here all become results.
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import { OCF } from '../ocf/exit-codes.ts';
import { AGENT_PATH_DEFAULT, OCF_ROOT_DEFAULT, buildOcfEnv, envProblem as envVarProblem, operationEnvProblem } from './ocf-env.ts';
import { agentName, locateAgentFile, packageHint } from './ocf-agent-file.ts';
import { outputTailOf, type ProcessResult } from './process.ts';
import { runAgentProcess, vigilBugMessage, type AgentProcessOptions } from './agent-run.ts';

/** The part of each of stdout and stderr kept in AgentResult.outputTail. */
export const OUTPUT_TAIL_BYTES = 4 * 1024;
export const EXIT_REASON_PREFIX = 'ocf-exit-reason:';

/** killGraceMs, outputCapBytes (meta-data needs more than the default), clockNow and onSpawn go to the agent's process unchanged. */
export interface OcfRunOptions extends AgentProcessOptions {
  /** Default /usr/lib/ocf. */
  ocfRoot?: string;
  /** PATH given to the agent. */
  path?: string;
  /** Added to the agent's environment after the OCF variables (and overriding them), e.g. HA_RSCTMP for one node's state directory. */
  extraEnv?: Record<string, string>;
}

/** The result plus the agent's whole (capped) stdout, which meta-data needs. */
export interface OcfRunOutput {
  result: AgentResult;
  stdout: string;
}

const KNOWN_CODES = new Set<number>(Object.values(OCF));

/** The last `ocf-exit-reason:` line the agent wrote to stderr, without the prefix. */
export function parseExitReason(stderr: string): string | undefined {
  let reason: string | undefined;
  for (const line of stderr.split('\n')) {
    const at = line.indexOf(EXIT_REASON_PREFIX);
    if (at === 0) reason = line.slice(EXIT_REASON_PREFIX.length).trim();
  }
  return reason === '' ? undefined : reason;
}



function synthetic(rc: number, exitReason: string, durationMs = 0): AgentResult {
  return { rc, timedOut: false, signal: null, durationMs, exitReason, outputTail: '' };
}

function describeOp(op: AgentOperation): string {
  try {
    return `${op.action} of ${op.resource} (${agentName(op.agent)})`;
  } catch {
    return 'an operation with a malformed description'; // only reached through a caller's bug
  }
}

/** Maps a finished process to the OCF result. */
export function toAgentResult(op: AgentOperation, file: string, p: ProcessResult): AgentResult {
  const agentReason = parseExitReason(p.stderrTail);
  const base = { timedOut: p.timedOut, signal: p.signal, durationMs: p.durationMs, outputTail: outputTailOf(p, OUTPUT_TAIL_BYTES), ...(p.pid === null ? {} : { pid: p.pid }) };
  const withAgent = (reason: string) => (agentReason === undefined ? reason : `${reason}; agent said: ${agentReason}`);
  if (p.spawnError !== null) {
    const { code, message } = p.spawnError;
    if (code === 'ENOENT') return { ...base, rc: OCF.ERR_INSTALLED, exitReason: `cannot run ${file}: its interpreter (the #! line) is missing, or the file vanished; ${packageHint(op.agent)}` };
    if (code === 'EACCES') return { ...base, rc: OCF.ERR_INSTALLED, exitReason: `cannot run ${file}: permission denied (check it and its interpreter are executable)` };
    return { ...base, rc: OCF.ERR_GENERIC, exitReason: `cannot start ${file}: ${code}: ${message}` };
  }
  if (p.timedOut) {
    const how = p.signal === null ? 'it exited during the grace period' : `it ended by ${p.signal}`;
    return { ...base, rc: OCF.ERR_GENERIC, exitReason: withAgent(`${describeOp(op)} timed out after ${op.timeoutMs} ms; its process group was killed (${how})`) };
  }
  if (p.code === null) {
    return { ...base, rc: OCF.ERR_GENERIC, exitReason: withAgent(`${describeOp(op)} was killed by ${p.signal ?? 'an unknown signal'}`) };
  }
  if (agentReason === undefined && !KNOWN_CODES.has(p.code)) {
    return { ...base, rc: p.code, exitReason: `${describeOp(op)} exited with ${p.code}, which is not an OCF exit code` };
  }
  return { ...base, rc: p.code, exitReason: agentReason };
}

async function runChecked(op: AgentOperation, opts: OcfRunOptions): Promise<OcfRunOutput> {
  const ocfRoot = opts.ocfRoot ?? OCF_ROOT_DEFAULT;
  if (!Number.isFinite(op.timeoutMs) || op.timeoutMs <= 0) {
    return { result: synthetic(OCF.ERR_GENERIC, `${describeOp(op)}: timeout must be a positive number of ms, got ${op.timeoutMs}`), stdout: '' };
  }
  const envProblem = operationEnvProblem(op);
  if (envProblem !== null) {
    return { result: synthetic(OCF.ERR_CONFIGURED, `resource ${op.resource}: ${envProblem}`), stdout: '' };
  }
  const extraProblem = Object.entries(opts.extraEnv ?? {}).map(([name, value]) => envVarProblem(name, value)).find((p) => p !== null);
  if (extraProblem !== undefined) return { result: synthetic(OCF.ERR_CONFIGURED, `the runner's extraEnv: ${extraProblem}`), stdout: '' };
  const located = await locateAgentFile(op.agent, ocfRoot);
  if (!located.ok) return { result: synthetic(OCF.ERR_INSTALLED, located.reason), stdout: '' };
  const p = await runAgentProcess({
    command: located.file,
    args: [op.action],
    env: { ...buildOcfEnv(op, { ocfRoot, path: opts.path ?? AGENT_PATH_DEFAULT }), ...opts.extraEnv },
    timeoutMs: op.timeoutMs,
  }, opts);
  return { result: toAgentResult(op, located.file, p), stdout: p.stdoutTail };
}

/** Like runOcfOperation, and also returns the agent's (capped) stdout. Never rejects. */
export async function runOcfOperationWithOutput(op: AgentOperation, opts: OcfRunOptions = {}): Promise<OcfRunOutput> {
  try {
    return await runChecked(op, opts);
  } catch (err) {
    // A bug in vigil, not the agent's fault; still reported as a failed operation.
    return { result: synthetic(OCF.ERR_GENERIC, vigilBugMessage(describeOp(op), err)), stdout: '' };
  }
}

/** Runs `$OCF_ROOT/resource.d/PROVIDER/TYPE ACTION` for one operation. Never rejects. */
export async function runOcfOperation(op: AgentOperation, opts: OcfRunOptions = {}): Promise<AgentResult> {
  return (await runOcfOperationWithOutput(op, opts)).result;
}
