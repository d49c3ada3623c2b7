// A start under way is recorded as pending (record-pending): the scheduler counts the resource
// active where it is starting, and a probe that finds such a resource stopped aborts the
// transition. Found by the chaos simulation (seeds 1 and 4).
import { describe, expect, it } from 'vitest';
import type { ClusterDocument, OperationRecord } from '../../src/config/model.ts';
import { afterOperation, pendingStartOn } from '../../src/machines/coordinator-ops.ts';
import { recordOperation, recordPendingStart } from '../../src/machines/coordinator-status.ts';
import { startTransition } from '../../src/machines/transition.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';
import { schedule } from '../../src/scheduler/index.ts';
import type { Action, ActionId } from '../../src/scheduler/types.ts';
import { harnessConfig } from './support/coordinator-harness.ts';

const AGENT = { class: 'ocf', provider: 'heartbeat', type: 'Dummy' } as const;

function op(action: AgentOperation['action'], node: string, intervalMs = 0): AgentOperation {
  return { resource: 'rsc', node, agent: AGENT, params: {}, meta: {}, action, intervalMs, timeoutMs: 20_000 };
}
const result = (rc: number) => ({ rc, timedOut: false, signal: null, durationMs: 1, outputTail: '', endedAtMs: 1_000 });

/** rsc was probed stopped on n1 and n3, and on n2 (where it ran) its monitor failed and its recovery stop succeeded. */
function afterRecoveryStop(): ClusterDocument {
  const config = harnessConfig();
  // Placement now prefers n3: stopped, rsc would be started there.
  config.constraints = config.constraints.map((c) => (c.id === 'rsc-n3' ? { ...c, score: 200 } : c));
  const nodes = ['n1', 'n2', 'n3'].map((name) => ({ name, online: true, unclean: false, shutdown: false, attributes: {} }));
  let doc: ClusterDocument = { config, status: { nodes, history: [], quorum: true } };
  let callId = 0;
  for (const n of ['n1', 'n3']) doc = recordOperation(doc, op('monitor', n), result(7), ++callId);
  doc = recordOperation(doc, op('start', 'n2'), result(0), ++callId);
  doc = recordOperation(doc, op('monitor', 'n2', 10_000), result(1), ++callId);
  return recordOperation(doc, op('stop', 'n2'), result(0), ++callId);
}

const rscActions = (doc: ClusterDocument) => schedule(doc, { now: 1 }).actions
  .filter((a) => a.resource === 'rsc' && a.runnable && (a.kind === 'start' || a.kind === 'stop')).map((a) => `${a.kind}@${a.node}`).sort();

describe('pending starts', () => {
  it('should keep a resource restarting itself counted active where it restarts (chaos seed 1)', () => {
    const stopped = afterRecoveryStop();
    expect(rscActions(stopped)).toEqual(['start@n3']);
    const restarting = recordPendingStart(stopped, 'rsc', 'n2', AGENT);
    // Moving it now first stops it on n2: it is never started on n3 while it may run on n2.
    expect(rscActions(restarting)).toEqual(['start@n3', 'stop@n2']);
  });

  it('should end the pending start with the next one-shot result, and keep the last result beside it until then', () => {
    const restarting = recordPendingStart(afterRecoveryStop(), 'rsc', 'n2', AGENT);
    const ops = (d: ClusterDocument): OperationRecord[] => d.status.history.find((h) => h.node === 'n2')!.operations;
    expect(ops(restarting).map((r) => `${r.operation}:${r.status}`)).toEqual(['stop:done', 'start:pending']);
    expect(pendingStartOn(restarting, 'rsc', 'n2')).toBe(true);
    const started = recordOperation(restarting, op('start', 'n2'), result(0), 10);
    expect(ops(started).map((r) => `${r.operation}:${r.status}`)).toEqual(['start:done']);
    expect(pendingStartOn(started, 'rsc', 'n2')).toBe(false);
  });

  it('should abort the transition when a probe finds stopped a resource whose start was pending (chaos seed 4)', () => {
    const graph = schedule(afterRecoveryStop(), { now: 1 });
    const probe: Action = { id: 'rsc:probe@n2' as ActionId, kind: 'probe', resource: 'rsc', node: 'n2', runnable: true, reason: { code: 'probe', text: 'state on this node unknown' } };
    // The probe is running (results settle a run in place: each case gets its own).
    const running = () => {
      const run = startTransition(1, { ...graph, actions: [...graph.actions, probe] }, []);
      return { ...run, actions: { ...run.actions, [probe.id]: { action: probe, status: 'running' as const } }, running: { 'rsc@n2': [probe.id] }, runningWork: 1 };
    };
    expect(afterOperation(running(), op('monitor', 'n2'), result(7), false).transition?.aborted).toBeNull();
    expect(afterOperation(running(), op('monitor', 'n2'), result(7), true).transition?.aborted).toMatch(/found it stopped, though a start was pending/);
  });
});
