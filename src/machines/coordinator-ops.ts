// The coordinator's decisions as pure functions of its context: what an operation result, a
// report or a membership change means for the transition and the status. coordinator.ts wires
// them to events and turns their `Effect`s into XState actions.
import type { ClusterDocument, OperationRecord, ResourceHistory } from '../config/model.ts';
import { isStopFailure } from './coordinator-history.ts';
import { pendingStartRecord, recordedFrom } from './coordinator-status.ts';
import type { Action } from '../scheduler/types.ts';
import type { AgentOperation } from '../ocf/operation.ts';
import type { CoordinatorContext, InstanceRecord } from './coordinator-types.ts';
import type { StampedResult } from './resource-types.ts';
import { abort, runningFor, settle, type TransitionRun } from './transition.ts';

/** Which action an operation completes: probe = monitor 0, a failed validate-all fails a start. */
function actionKindsOf(op: AgentOperation): Action['kind'][] {
  if (op.action === 'monitor' && op.intervalMs === 0) return ['probe'];
  if (op.action === 'validate-all' || op.action === 'start') return ['start'];
  if (op.action === 'stop') return ['stop'];
  if (op.action === 'migrate_to') return ['migrate_to'];
  if (op.action === 'migrate_from') return ['migrate_from'];
  if (op.action === 'reload-agent' || op.action === 'reload') return ['reload'];
  return [];
}

function succeeded(op: AgentOperation, result: StampedResult): boolean {
  if (result.timedOut) return false;
  if (op.action === 'stop') return result.rc === 0 || result.rc === 7;
  return result.rc === 0;
}

export interface OperationEffect {
  transition: TransitionRun | null;
  /** Worth a new schedule (anything but a routine successful recurring monitor). */
  dirty: boolean;
  log?: { level: 'info' | 'warn'; message: string };
}

/**
 * What a finished operation means for the running transition. `assumedActive`: the status had
 * the resource pending a start there, so the schedule treated it as running; a probe finding it
 * stopped is then as surprising as one finding it active (what was ordered after it may not run).
 */
export function afterOperation(run: TransitionRun | null, op: AgentOperation, result: StampedResult, assumedActive = false): OperationEffect {
  const routine = op.action === 'monitor' && op.intervalMs > 0 && result.rc === 0 && !result.timedOut;
  if (routine) return { transition: run, dirty: false };
  // A validate-all that passes is only the start's first step: the start action ends with the start.
  const kinds = op.action === 'validate-all' && succeeded(op, result) ? [] : actionKindsOf(op);
  const probe = kinds[0] === 'probe';
  const ok = probe ? [0, 5, 7, 8].includes(result.rc) && !result.timedOut : succeeded(op, result);
  const what = `${op.action}${op.intervalMs ? `_${op.intervalMs}` : ''} of ${op.resource} on ${op.node}`;
  let next = run;
  const id = run ? runningFor(run, op.resource, op.node, (a) => kinds.includes(a.kind)) : undefined;
  if (next && id) {
    // A probe always completes its action; finding the resource active was not planned for.
    next = settle(next, id, probe || ok, ok ? undefined : `rc ${result.rc}${result.timedOut ? ' (timed out)' : ''}`);
    if (probe && result.rc !== 7 && result.rc !== 5) next = abort(next, `${what} found it active (rc ${result.rc})`);
    else if (probe && assumedActive) next = abort(next, `${what} found it stopped, though a start was pending there`);
    else if (!probe && !ok) next = abort(next, `${what} failed (rc ${result.rc})`);
  } else if (next && !ok) {
    next = abort(next, `${what} failed outside the transition (rc ${result.rc})`);
  }
  const log = ok ? undefined : { level: 'warn' as const, message: `${what} failed: rc ${result.rc}${result.timedOut ? ', timed out' : ''}${result.exitReason ? `: ${result.exitReason}` : ''}` };
  return { transition: next, dirty: true, log };
}

/** An action already satisfied by the instance's state needs no operation; a blocked one cannot work. */
export function settledAtDispatch(action: Action, instance: InstanceRecord | undefined): { ok: boolean; note: string } | null {
  const state = instance?.state;
  if (action.kind === 'start' && (state === 'started' || state === 'monitoring' || state === 'reloading')) return { ok: true, note: 'already started' };
  if (action.kind === 'stop' && state === 'stopped') return { ok: true, note: 'already stopped' };
  if ((action.kind === 'stop' || action.kind === 'start') && (state === 'stop-failed' || state === 'blocked')) {
    return { ok: false, note: `${action.resource} is ${state} on ${action.node}` };
  }
  if (action.kind === 'reload') return reloadAtDispatch(state);
  return null;
}

/** A reload runs where the instance runs; one that is not running takes its new parameters at its next start. */
function reloadAtDispatch(state: InstanceRecord['state'] | undefined): { ok: boolean; note: string } | null {
  if (state === 'started' || state === 'monitoring' || state === 'reloading') return null;
  if (state === 'stop-failed' || state === 'blocked' || state === 'monitor-failed') return { ok: false, note: `cannot reload: the instance is ${state}` };
  return { ok: true, note: 'not running: the new parameters apply at its next start' };
}

/**
 * A report that ends a running start or stop without an operation record: blocked and
 * stop-failed fail it; reaching the wanted state completes it. The latter happens when the
 * instance's own probe found it already there (a start sent to an anonymous clone's actor while
 * another instance's probe runs on it, after a coordinator took over with no status): no start
 * runs, and without this the transition would wait forever.
 */
export function afterReport(run: TransitionRun | null, report: { resource: string; node: string; state: string }): TransitionRun | null {
  if (!run) return run;
  const running = (kind: Action['kind']) => runningFor(run, report.resource, report.node, (a) => a.kind === kind);
  if (report.state === 'started' || report.state === 'monitoring') {
    const id = running('start');
    return id ? settle(run, id, true, `${report.resource} found started`) : run;
  }
  if (report.state === 'stopped') {
    const id = running('stop');
    return id ? settle(run, id, true, `${report.resource} found stopped`) : run;
  }
  if (report.state !== 'stop-failed' && report.state !== 'blocked') return run;
  const id = runningFor(run, report.resource, report.node, (a) => a.kind === 'start' || a.kind === 'stop');
  return id ? abort(settle(run, id, false, `${report.resource} is ${report.state}`), `${report.resource} became ${report.state} on ${report.node}`) : run;
}

/**
 * A node fenced, confirmed down or cleanly gone: its fence actions are done, and so are the
 * actions still running there, whose operations were abandoned with it (chaos seed 24: the
 * transition waited for them forever). A stop there is done (nothing runs there now); anything
 * else failed, and the transition is aborted so the next schedule starts from the new truth.
 */
export function afterNodeDown(run: TransitionRun | null, node: string): TransitionRun | null {
  if (!run) return run;
  let next = run;
  for (const [id, entry] of Object.entries(run.actions)) {
    if (entry.action.node !== node || entry.status !== 'running') continue;
    const { kind } = entry.action;
    if (kind === 'fence' || kind === 'stop') next = settle(next, id, true, `${node} is down`);
    else next = abort(settle(next, id, false, `${node} went down while it ran`), `${node} went down while ${id} ran`);
  }
  return next;
}

/** Whether the status has a start pending for `resource` on `node` (the scheduler counts it running). */
export function pendingStartOn(doc: ClusterDocument, resource: string, node: string): boolean {
  const h = doc.status.history.find((e) => e.resource === resource && e.node === node);
  return h?.operations.some((r) => r.status === 'pending' && r.operation === 'start') ?? false;
}

/** Does the last one-shot record of a history leave the resource possibly running there? */
function mayRunAfter(h: ResourceHistory): boolean {
  if (h.operations.some((r) => r.status === 'pending')) return true;
  const oneShot = h.operations.filter((r) => !(r.operation === 'monitor' && r.intervalMs > 0) && !r.id?.endsWith('_last_failure_0'));
  const last = oneShot.reduce<OperationRecord | undefined>((a, r) => (a === undefined || r.callId > a.callId ? r : a), undefined);
  if (last === undefined) return true;
  if (last.operation === 'stop') return last.rc !== 0;
  return !(last.operation === 'monitor' && (last.rc === 7 || last.rc === 5));
}

/** The digests of the parameters the resource last started (or reloaded) with, when recorded. */
function startedWith(h: ResourceHistory): OperationRecord['startedWith'] {
  const start = h.operations.filter((r) => (r.operation === 'start' || r.operation === 'migrate_from') && r.status === 'done' && r.rc === 0 && r.opDigest !== undefined)
    .reduce<OperationRecord | undefined>((a, r) => (a === undefined || r.callId > a.callId ? r : a), undefined);
  return start === undefined ? undefined : recordedFrom(start);
}

/**
 * A rejoining node is probed afresh: its history is forgotten, except failed stops (they must
 * survive) and what may still run there, which becomes a pending start until its probe answers:
 * unknown to the scheduler (so it probes) yet possibly active to whoever coordinates next, should
 * this coordinator fall before the probes come back (else a lost node would not be fenced). The
 * pending start keeps the digests of what it last started with: a probe that finds it running
 * records them (recordOperation), so a definition changed meanwhile is still reloaded or restarted.
 */
export function rejoinHistory(doc: ClusterDocument, node: string): ClusterDocument {
  const history = doc.status.history.flatMap((h): ResourceHistory[] => {
    if (h.node !== node || h.operations.some(isStopFailure)) return [h];
    if (!mayRunAfter(h)) return [];
    const pending = pendingStartRecord(`${h.resource}_last_0`);
    const digests = startedWith(h);
    return [{ ...h, operations: [digests === undefined ? pending : { ...pending, startedWith: digests }] }];
  });
  return { ...doc, status: { ...doc.status, history } };
}

/** Whether anything may be running on `node` by what the coordinator knows (instances or history). */
export function possiblyActiveOn(ctx: CoordinatorContext, node: string): boolean {
  const instances = Object.values(ctx.instances).some((i) => i.node === node && i.state !== 'stopped' && i.state !== 'unknown');
  const history = ctx.doc.status.history.some((h) => h.node === node && h.operations.some((r) => !(r.operation === 'monitor' && r.intervalMs === 0 && r.rc === 7) && !(r.operation === 'stop' && r.rc === 0)));
  return instances || history;
}

export function instancesOn(ctx: CoordinatorContext, node: string): InstanceRecord[] {
  return Object.values(ctx.instances).filter((i) => i.node === node);
}
