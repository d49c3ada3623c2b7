// Resource alerts from the operations this node's executor ran: every operation's result, but
// a recurring monitor only when its result differs from the last one (its first result, and a
// change), as Pacemaker's executor reports recurring results. Pure but for the memory of last
// results, which is bounded by the operations configured here.
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import { OCF } from '../ocf/exit-codes.ts';
import type { ResourceAlertEvent } from './events.ts';

/** Pacemaker's execution status codes (CRM_alert_status) that vigil can tell apart. */
export const EXEC_STATUS = { done: 0, timedOut: 2, error: 4 } as const;

/** The names Pacemaker gives OCF exit codes (CRM_alert_desc of a completed operation). */
const RC_NAMES: Readonly<Record<number, string>> = {
  [OCF.SUCCESS]: 'ok', [OCF.ERR_GENERIC]: 'error', [OCF.ERR_ARGS]: 'invalid parameter', [OCF.ERR_UNIMPLEMENTED]: 'unimplemented feature',
  [OCF.ERR_PERM]: 'insufficient privileges', [OCF.ERR_INSTALLED]: 'not installed', [OCF.ERR_CONFIGURED]: 'not configured',
  [OCF.NOT_RUNNING]: 'not running', [OCF.RUNNING_PROMOTED]: 'promoted', [OCF.FAILED_PROMOTED]: 'promoted (failed)',
  [OCF.DEGRADED]: 'degraded', [OCF.DEGRADED_PROMOTED]: 'degraded promoted',
};

/** The event for one finished operation on `node`. */
export function resourceEvent(node: string, op: AgentOperation, result: AgentResult): ResourceAlertEvent {
  const status = result.timedOut ? EXEC_STATUS.timedOut : result.signal !== null ? EXEC_STATUS.error : EXEC_STATUS.done;
  const desc = status === EXEC_STATUS.timedOut ? 'Timed Out' : status === EXEC_STATUS.error ? 'Error' : RC_NAMES[result.rc] ?? 'unknown';
  const probe = op.action === 'monitor' && op.intervalMs === 0;
  return {
    kind: 'resource', node, resource: op.resource, task: op.action, intervalMs: op.intervalMs, rc: result.rc,
    targetRc: probe ? OCF.NOT_RUNNING : OCF.SUCCESS, status, desc,
    // A timed-out operation took its timeout, as Pacemaker reports it.
    execTimeMs: result.timedOut ? op.timeoutMs : result.durationMs,
  };
}

/**
 * Which results are worth an alert. A recurring monitor's result is remembered per resource
 * and interval; any other operation of the resource (stop, start, a probe) forgets them, so the
 * first monitor after a restart is reported again.
 */
export class ResourceAlertFilter {
  private readonly last = new Map<string, Map<number, string>>();

  /** Whether `event` should be alerted on; remembers it. */
  admit(event: ResourceAlertEvent): boolean {
    if (event.intervalMs === 0) {
      this.last.delete(event.resource);
      return true;
    }
    const outcome = `${event.status}:${event.rc}`;
    const byInterval = this.last.get(event.resource) ?? new Map<number, string>();
    const before = byInterval.get(event.intervalMs);
    byInterval.set(event.intervalMs, outcome);
    this.last.set(event.resource, byInterval);
    return before !== outcome;
  }
}
