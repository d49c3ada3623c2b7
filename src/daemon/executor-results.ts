// What the executor sends back, made safe for the wire: a runner's answer is checked against
// the exact AgentResult / FenceAttemptResult shape (extra fields dropped, long texts cut), and
// anything else becomes a failed result that says what went wrong.
import type { FenceAttemptResult } from '../machines/fence-types.ts';
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import { isPlainObject } from '../transport/schema.ts';
import { OUTPUT_TAIL_LENGTH_MAX, REASON_LENGTH_MAX, agentResultSchema, fenceAttemptResultSchema } from './protocol-kinds.ts';

const RESULT_FIELDS = ['rc', 'timedOut', 'signal', 'durationMs', 'exitReason', 'outputTail', 'pid', 'forceRestart'] as const;

/** A failed operation (rc 1) that ran no process, explained by `reason`. */
export function failedResult(reason: string, durationMs = 0): AgentResult {
  return { rc: 1, timedOut: false, signal: null, durationMs, outputTail: '', exitReason: cut(reason, REASON_LENGTH_MAX) };
}

/** The first `max` characters (reasons: the start says what happened). */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** The last `max` characters (output: the end is what the agent said last). */
function tail(text: string, max: number): string {
  return text.length <= max ? text : text.slice(text.length - max);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A runner's answer as an exact AgentResult, or a failed result saying why it is not one. */
export function normalizeAgentResult(value: unknown, durationMs: number): AgentResult {
  if (!isPlainObject(value)) return failedResult(`vigil: the agent runner returned ${value === null ? 'null' : typeof value}, not a result`, durationMs);
  const picked: Record<string, unknown> = {};
  for (const field of RESULT_FIELDS) if (value[field] !== undefined) picked[field] = value[field];
  if (typeof picked['exitReason'] === 'string') picked['exitReason'] = cut(picked['exitReason'], REASON_LENGTH_MAX);
  if (typeof picked['outputTail'] === 'string') picked['outputTail'] = tail(picked['outputTail'], OUTPUT_TAIL_LENGTH_MAX);
  const problem = agentResultSchema.check(picked, 'result');
  return problem === undefined ? (picked as unknown as AgentResult) : failedResult(`vigil: the agent runner returned an invalid result (${problem})`, durationMs);
}

/** A fence runner's answer reduced to what the fence machine reads, or a failure saying why it is not one. */
export function normalizeFenceResult(value: unknown): FenceAttemptResult {
  const candidate = isPlainObject(value) ? { ok: value['ok'], reason: typeof value['reason'] === 'string' ? cut(value['reason'], REASON_LENGTH_MAX) : value['reason'] } : value;
  const problem = fenceAttemptResultSchema.check(candidate, 'result');
  return problem === undefined ? (candidate as FenceAttemptResult) : { ok: false, reason: `vigil: the fence runner returned an invalid result (${problem})` };
}

/** `start`, `monitor_10000`: an operation's name as logs show it. */
export function opName(op: AgentOperation): string {
  return `${op.action}${op.intervalMs ? `_${op.intervalMs}` : ''}`;
}
