// The edge between a resource statechart and a real agent: the `runAgent` actor, which runs one
// operation through an AgentRunner, stamps the result with the clock and logs it.
import { fromPromise } from 'xstate';
import type { AgentRunner } from '../agents/ocf-runner.ts';
import type { StampedResult } from '../machines/resource-types.ts';
import type { AgentOperation } from '../ocf/operation.ts';
import type { Logger } from './logger.ts';

/** `onResult`: told of every result, as the daemon tells the coordinator (OP.RECORDED). */
export function agentActor(runner: AgentRunner, log: Logger, now: () => number = Date.now, onResult?: (op: AgentOperation, result: StampedResult) => void) {
  return fromPromise<StampedResult, AgentOperation>(async ({ input: op }) => {
    const opName = `${op.action}${op.intervalMs ? `_${op.intervalMs}` : ''}`;
    log.debug({ resource: op.resource, node: op.node, op: opName }, 'operation started');
    const startedAt = now();
    // The runner never throws by contract; if it does anyway, that is a failed operation too,
    // not a crashed resource actor.
    const result = await runner.run(op).catch((error: unknown) => ({
      rc: 1, timedOut: false, signal: null, durationMs: now() - startedAt, outputTail: '',
      exitReason: `vigil: the agent runner failed: ${error instanceof Error ? error.message : String(error)}`,
    }));
    const fields = { resource: op.resource, node: op.node, op: opName, rc: result.rc, timedOut: result.timedOut, durationMs: result.durationMs, reason: result.exitReason };
    // A recurring monitor that succeeds is routine: keep it out of the info log.
    if (result.rc === 0 && op.intervalMs > 0) log.debug(fields, 'operation done');
    else log.info(fields, 'operation done');
    const stamped = { ...result, endedAtMs: now() };
    onResult?.(op, stamped);
    return stamped;
  });
}
