// Resource alerts from the operations this node's executor ran: every operation's result, but
// a recurring monitor only when its result differs from the last one (its first result, and a
// change), as Pacemaker's executor reports recurring results, and a probe only when it finds
// something this node had not reported (ResourceAlertFilter). Pure but for that memory.
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

/** What a result says of the resource here: running, stopped, or nothing certain. */
function stateOf(event: ResourceAlertEvent): 'running' | 'stopped' | undefined {
  if (event.status !== EXEC_STATUS.done) return undefined;
  if (event.task === 'stop') return event.rc === OCF.SUCCESS ? 'stopped' : undefined;
  if (event.rc === OCF.NOT_RUNNING) return 'stopped';
  return event.rc === OCF.SUCCESS || event.rc === OCF.RUNNING_PROMOTED ? 'running' : undefined;
}

/**
 * Which results are worth an alert. A recurring monitor's result is remembered per resource
 * and interval, and only its first result and a change are alerted. A probe is alerted when it
 * tells this daemon something new: vigil re-probes everything at each change of coordinator
 * (Pacemaker keeps its history in the CIB and does not), and a probe that confirms what this
 * node last reported is no news. Any other operation (start, stop, migrate...) is always
 * alerted, and makes the next monitor results news again. Bounded by the resources run here.
 */
export class ResourceAlertFilter {
  private readonly last = new Map<string, Map<number, string>>();
  private readonly known = new Map<string, 'running' | 'stopped'>();

  /** Whether `event` should be alerted on; remembers it. */
  admit(event: ResourceAlertEvent): boolean {
    const before = this.known.get(event.resource);
    const state = stateOf(event);
    if (state === undefined) this.known.delete(event.resource);
    else this.known.set(event.resource, state);
    if (event.task === 'monitor' && event.intervalMs === 0) return state === undefined || state !== before;
    if (event.intervalMs === 0) {
      this.last.delete(event.resource);
      return true;
    }
    const outcome = `${event.status}:${event.rc}`;
    const byInterval = this.last.get(event.resource) ?? new Map<number, string>();
    const previous = byInterval.get(event.intervalMs);
    byInterval.set(event.intervalMs, outcome);
    this.last.set(event.resource, byInterval);
    return previous !== outcome;
  }
}
