// The lifecycle of one resource instance on one node. It runs operations and reports facts;
// it never decides where or whether to recover (the scheduler alone does, DESIGN.md).
//
// Exactly one agent operation runs at a time: operations are states with an invoked
// `runAgent`, and a request that arrives meanwhile only changes `target`, which is pursued when
// the operation ends (a newer request replaces an older one). The recurring monitor is a delay
// of `started`, so it pauses whenever another operation runs.
//
// A failed start is cleaned up by a stop (unless its on-fail is block: then it is left as it
// is). A failed stop leaves nothing known about the resource: it sits in `stop-failed` until
// its node is fenced, or an administrator's cleanup proves it stopped (a stop that succeeds,
// then a probe that finds it not running).
//
// Following a failed monitor to its recovery:
//   1. `monitoring` gets a failure from the agent: `recordFailure` keeps it as a typed record
//      (operation, interval, rc, time) and the instance enters `monitor-failed`, reported to
//      the parent. The same result reaches the coordinator from the edge (OP.RECORDED), which
//      records it in the status history and counts it as a typed fail-count.
//   2. The coordinator schedules: the scheduler reads history and fail-counts and decides
//      on-fail (restart, stop, block, fence, ignore, standby), migration-threshold and
//      failure-timeout against `now` (src/scheduler/README.md).
//   3. The coordinator carries the plan out: RESOURCE.STOP (with the recoveries left on this
//      node) takes `monitor-failed` to `stopping`, then RESOURCE.START here or on another
//      node; a fence ends in NODE.FENCED; block and ignore send nothing, and the instance
//      keeps monitoring (a monitor that succeeds again takes it back to `started`).
//
// A changed definition (RESOURCE.CONFIGURE) waits for the next start, or for a reload
// (RESOURCE.RELOAD, run from `started` as an operation like the others): the agent runs with
// the parameters it was last started or reloaded with. A failed reload is a failure like a
// failed monitor's: the instance waits in `monitor-failed` for what the scheduler decides.
import { and, assign, fromPromise, sendParent, setup } from 'xstate';
import { assert } from '../assert.ts';
import type { AgentOperation } from '../ocf/operation.ts';
import { describeResult, operationFor, outcomeOf, sameParams } from './resource-ops.ts';
import type { ResourceContext, ResourceEvent, ResourceInput, ResourceReport, ResourceStateName, StampedResult } from './resource-types.ts';

type DoneEvent = { type: string; output: StampedResult };

/** The result carried by an invoked agent's done event. */
function resultOf(event: unknown): StampedResult {
  const output = (event as DoneEvent).output;
  assert(output && typeof output.rc === 'number', 'agent done event without a result');
  return output;
}

function initialContext(input: ResourceInput): ResourceContext {
  return {
    ...input,
    target: null,
    lastFailure: null,
    degraded: false,
    validated: !input.validateBeforeStart,
    monitorNow: false,
    recoveryLeft: 0,
    migration: null,
    lastRc: null,
    lastReason: '',
    pendingParams: null,
    reloadWanted: false,
  };
}

export const resourceMachine = setup({
  types: {
    context: {} as ResourceContext,
    events: {} as ResourceEvent,
    input: {} as ResourceInput,
  },
  actors: {
    // Provided at the edge: a real agent process, a fake, or a simulated one. The default
    // fails loudly so a forgotten `.provide()` is a clear failed operation, not a hang.
    runAgent: fromPromise<StampedResult, AgentOperation>(async () => {
      throw new Error('runAgent was not provided to the resource machine');
    }),
  },
  delays: {
    // Right after a start the recurring monitor runs at once (as Pacemaker's does), then every interval.
    monitorIntervalMs: ({ context }) => (context.monitorNow ? 0 : context.monitor?.intervalMs ?? 0),
  },
  guards: {
    hasTarget: ({ context }) => context.target !== null,
    wantsStart: ({ context }) => context.target === 'started' && context.managed !== false,
    wantsStop: ({ context }) => context.target === 'stopped' && context.managed !== false,
    unmanaged: ({ context }) => context.managed === false,
    needsValidation: ({ context }) => !context.validated,
    // Maintenance cancels recurring monitors (as Pacemaker does); is-managed=false keeps them.
    hasMonitor: ({ context }) => context.monitor !== null && context.monitored !== false,
    isMigrateTo: ({ event }) => event.type === 'RESOURCE.MIGRATE' && event.direction === 'to',
    isMigrateFrom: ({ event }) => event.type === 'RESOURCE.MIGRATE' && event.direction === 'from',
    migratedAway: ({ context, event }) =>
      context.migration?.direction === 'to' && outcomeOf(resultOf(event), false).kind === 'ok',
    succeeded: ({ event }) => outcomeOf(resultOf(event), false).kind === 'ok',
    stopSucceeded: ({ event }) => ['ok', 'notRunning'].includes(outcomeOf(resultOf(event), false).kind),
    probeFoundRunning: ({ event }) => outcomeOf(resultOf(event), true).kind === 'ok',
    probeFoundStopped: ({ event }) => outcomeOf(resultOf(event), true).kind === 'notRunning',
    // A failed stop configured on-fail=ignore counts as stopped; on-fail=block leaves a failed start as it is.
    stopOnFailIgnore: ({ context }) => context.stopOnFail === 'ignore',
    startOnFailBlock: ({ context }) => context.startOnFail === 'block',
    wantsReload: ({ context }) => context.reloadWanted && context.managed !== false,
    monitorChanged: ({ context, event }) => event.type === 'RESOURCE.CONFIGURE'
      && JSON.stringify(event.definition.monitor) !== JSON.stringify(context.monitor),
  },
  actions: {
    targetStarted: assign({ target: 'started' }),
    markManaged: assign({ managed: true, monitored: true }),
    markUnmanaged: assign(({ event }) => ({ managed: false, monitored: event.type === 'RESOURCE.UNMANAGE' && event.monitored === true })),
    // A stop that is part of a recovery carries the recoveries left on this node (for the agent).
    targetStopped: assign(({ event }) => ({ target: 'stopped' as const, recoveryLeft: event.type === 'RESOURCE.STOP' ? event.recoveryLeft ?? 0 : 0 })),
    // A failure ends what was asked: a start asked before it is no request to start again (the
    // decider says what follows); a stop asked for meanwhile still stands.
    forgetStartTarget: assign(({ context }) => ({ target: context.target === 'stopped' ? 'stopped' as const : null })),
    rememberMigration: assign({
      migration: ({ event }) => {
        assert(event.type === 'RESOURCE.MIGRATE', 'rememberMigration on a non-migrate event');
        return { direction: event.direction, peer: event.peer };
      },
    }),
    clearMigration: assign({ migration: null }),
    recordResult: assign(({ event }) => {
      const result = resultOf(event);
      const outcome = outcomeOf(result, false);
      return { lastRc: result.rc, lastReason: describeResult('operation', result), degraded: outcome.kind === 'ok' && outcome.degraded };
    }),
    markValidated: assign({ validated: true }),
    // Timeouts, meta and the monitor apply at once; parameters wait for the next start or reload.
    configure: assign(({ context, event }) => {
      assert(event.type === 'RESOURCE.CONFIGURE', 'configure on another event');
      const { params, ...rest } = event.definition;
      return { ...rest, pendingParams: sameParams(params, context.params) ? null : params };
    }),
    applyParams: assign(({ context }) => (context.pendingParams === null ? { reloadWanted: false }
      : { params: context.pendingParams, pendingParams: null, reloadWanted: false })),
    wantReload: assign({ reloadWanted: true }),
    monitorSoon: assign({ monitorNow: true }),
    monitorLater: assign({ monitorNow: false }),
    // Keep the failure of the operation that just ended, as a fact (what follows is the decider's).
    recordFailure: assign(({ context, event }, params: { action: string }) => {
      const result = resultOf(event);
      const reason = describeResult(params.action, result);
      return {
        lastRc: result.rc,
        lastReason: reason,
        lastFailure: {
          action: params.action, intervalMs: params.action === 'monitor' ? (context.monitor?.intervalMs ?? 0) : 0,
          rc: result.rc, timedOut: result.timedOut, reason, atMs: result.endedAtMs,
        },
      };
    }),
    finalStop: assign({ recoveryLeft: 0 }),
    // The node was fenced (or confirmed down): nothing of ours runs there any more.
    forgetAfterFence: assign({ target: null, degraded: false, migration: null, lastReason: 'node fenced', lastFailure: null }),
    forgetFailure: assign({ lastFailure: null }),
    report: sendParent(({ context }, params: { state: ResourceStateName }): ResourceReport => ({
      type: 'RESOURCE.REPORT', resource: context.resource, node: context.node, state: params.state,
      rc: context.lastRc, reason: context.lastReason, failure: context.lastFailure, degraded: context.degraded,
    })),
  },
}).createMachine({
  id: 'resource',
  // One region, `lifecycle`, kept as a region so that state paths (lifecycle.*) stay what
  // snapshots, tests and tools know.
  type: 'parallel',
  context: ({ input }) => initialContext(input),
  on: {
    // Requests never interrupt an operation: they set the target, pursued when it ends.
    'RESOURCE.START': { actions: 'targetStarted' },
    'RESOURCE.STOP': { actions: 'targetStopped' },
    // During an operation a cleanup only clears the failure record; its result is fresh truth.
    'RESOURCE.CLEANUP': { actions: 'forgetFailure' },
    'RESOURCE.UNMANAGE': { actions: 'markUnmanaged' },
    // Busy: the operation finishes, then the state it reaches acts managed again.
    'RESOURCE.MANAGE': { actions: 'markManaged' },
    'RESOURCE.CONFIGURE': { actions: 'configure' },
    // Run once the instance is started and idle (operations never overlap).
    'RESOURCE.RELOAD': { actions: 'wantReload' },
  },
  states: {
    lifecycle: {
      initial: 'unknown',
      on: {
        // A fenced node runs nothing: every instance there is stopped, whatever it was doing.
        'NODE.FENCED': { target: '.stopped', actions: 'forgetAfterFence' },
      },
      states: {
        unknown: {
          entry: { type: 'report', params: { state: 'unknown' } },
          always: { guard: 'hasTarget', target: 'probing' },
          on: { 'RESOURCE.PROBE': 'probing', 'RESOURCE.MANAGE': { target: 'probing', actions: 'markManaged' } },
        },
        probing: {
          entry: { type: 'report', params: { state: 'probing' } },
          invoke: {
            src: 'runAgent',
            input: ({ context }) => operationFor(context, 'probe'),
            onDone: [
              { guard: 'probeFoundRunning', target: 'started', actions: 'recordResult' },
              { guard: 'probeFoundStopped', target: 'stopped', actions: 'recordResult' },
              { target: 'monitor-failed', actions: { type: 'recordFailure', params: { action: 'probe' } } },
            ],
          },
        },
        stopped: {
          entry: { type: 'report', params: { state: 'stopped' } },
          always: [
            { guard: and(['wantsStart', 'needsValidation']), target: 'validating' },
            { guard: 'wantsStart', target: 'starting' },
          ],
          on: {
            'RESOURCE.PROBE': 'probing',
            'RESOURCE.MANAGE': { target: 'probing', actions: 'markManaged' },
            'RESOURCE.CLEANUP': { target: 'probing', actions: 'forgetFailure' },
            'RESOURCE.MIGRATE': { guard: 'isMigrateFrom', target: 'migrating', actions: 'rememberMigration' },
          },
        },
        validating: {
          // validate-all once, before the first start.
          entry: ['applyParams', { type: 'report', params: { state: 'validating' } }],
          invoke: {
            src: 'runAgent',
            input: ({ context }) => operationFor(context, 'validate'),
            onDone: [
              { guard: 'succeeded', target: 'starting', actions: 'markValidated' },
              // Nothing ran: it stays stopped until the decider asks again.
              { target: 'stopped', actions: [{ type: 'recordFailure', params: { action: 'validate-all' } }, 'forgetStartTarget'] },
            ],
          },
        },
        starting: {
          entry: ['applyParams', { type: 'report', params: { state: 'starting' } }],
          invoke: {
            src: 'runAgent',
            input: ({ context }) => operationFor(context, 'start'),
            onDone: [
              { guard: 'succeeded', target: 'started', actions: ['recordResult', 'monitorSoon'] },
              { guard: 'startOnFailBlock', target: 'blocked', actions: { type: 'recordFailure', params: { action: 'start' } } },
              // Cleaned up by a final stop here; whether to start again, here or elsewhere, is the decider's.
              { target: 'stopping', actions: [{ type: 'recordFailure', params: { action: 'start' } }, 'forgetStartTarget', 'finalStop'] },
            ],
          },
        },
        started: {
          entry: { type: 'report', params: { state: 'started' } },
          always: [
            { guard: 'wantsStop', target: 'stopping' },
            { guard: 'wantsReload', target: 'reloading' },
          ],
          after: { monitorIntervalMs: { guard: 'hasMonitor', target: 'monitoring' } },
          on: {
            // A changed monitor is re-armed with its new interval.
            'RESOURCE.CONFIGURE': [{ guard: 'monitorChanged', target: 'started', reenter: true, actions: 'configure' }, { actions: 'configure' }],
            // Re-entered, so the monitor's timer follows the new management (is-managed=false monitors on).
            'RESOURCE.UNMANAGE': { target: 'started', reenter: true, actions: 'markUnmanaged' },
            'RESOURCE.PROBE': 'probing',
            'RESOURCE.MANAGE': { target: 'probing', actions: 'markManaged' },
            'RESOURCE.CLEANUP': { target: 'probing', actions: 'forgetFailure' },
            'RESOURCE.MIGRATE': { guard: 'isMigrateTo', target: 'migrating', actions: 'rememberMigration' },
          },
        },
        monitoring: {
          entry: ['monitorLater', { type: 'report', params: { state: 'monitoring' } }],
          invoke: {
            src: 'runAgent',
            input: ({ context }) => operationFor(context, 'monitor'),
            onDone: [
              { guard: 'succeeded', target: 'started', actions: 'recordResult' },
              { target: 'monitor-failed', actions: { type: 'recordFailure', params: { action: 'monitor' } } },
            ],
          },
        },
        'monitor-failed': {
          // Failed, and still where it was: it waits for the decider's stop (or start, which
          // recovers it here: a stop first), or its node's fence. Meanwhile the recurring monitor
          // keeps running, so that on-fail=ignore and block see it recover by itself.
          // Unmanaged: failed, and left alone (Pacemaker's "FAILED (unmanaged)") until managed again.
          entry: ['forgetStartTarget', { type: 'report', params: { state: 'monitor-failed' } }],
          always: [
            { guard: 'unmanaged', target: 'blocked' },
            { guard: 'hasTarget', target: 'stopping' },
          ],
          after: { monitorIntervalMs: { guard: 'hasMonitor', target: 'monitoring' } },
          on: { 'RESOURCE.CLEANUP': { target: 'probing', actions: 'forgetFailure' } },
        },
        reloading: {
          entry: ['applyParams', { type: 'report', params: { state: 'reloading' } }],
          invoke: {
            src: 'runAgent',
            input: ({ context }) => operationFor(context, 'reload'),
            onDone: [
              { guard: 'succeeded', target: 'started', actions: ['recordResult', 'monitorSoon'] },
              { target: 'monitor-failed', actions: { type: 'recordFailure', params: { action: 'reload' } } },
            ],
          },
        },
        stopping: {
          entry: { type: 'report', params: { state: 'stopping' } },
          invoke: {
            src: 'runAgent',
            input: ({ context }) => operationFor(context, 'stop'),
            onDone: [
              { guard: 'stopSucceeded', target: 'stopped', actions: 'recordResult' },
              { target: 'stop-failed', actions: { type: 'recordFailure', params: { action: 'stop' } } },
            ],
          },
        },
        'stop-failed': {
          entry: { type: 'report', params: { state: 'stop-failed' } },
          always: { guard: 'stopOnFailIgnore', target: 'stopped' },
          on: { 'RESOURCE.CLEANUP': { target: 'cleanup', actions: 'forgetFailure' } },
        },
        // An administrator's cleanup of a failed stop must prove the resource stopped.
        cleanup: {
          initial: 'stop',
          entry: { type: 'report', params: { state: 'cleanup' } },
          states: {
            stop: {
              invoke: {
                src: 'runAgent',
                input: ({ context }) => operationFor(context, 'stop'),
                onDone: [
                  { guard: 'stopSucceeded', target: 'probe' },
                  { target: '#resource.lifecycle.stop-failed', actions: { type: 'recordFailure', params: { action: 'stop' } } },
                ],
              },
            },
            probe: {
              invoke: {
                src: 'runAgent',
                input: ({ context }) => operationFor(context, 'probe'),
                onDone: [
                  { guard: 'probeFoundStopped', target: '#resource.lifecycle.stopped', actions: 'recordResult' },
                  { target: '#resource.lifecycle.stop-failed', actions: 'recordResult' },
                ],
              },
            },
          },
        },
        blocked: {
          entry: { type: 'report', params: { state: 'blocked' } },
          on: {
            'RESOURCE.CLEANUP': { target: 'probing', actions: 'forgetFailure' },
            'RESOURCE.MANAGE': { target: 'probing', actions: 'markManaged' },
          },
        },
        migrating: {
          entry: { type: 'report', params: { state: 'migrating' } },
          invoke: {
            src: 'runAgent',
            input: ({ context }) => operationFor(context, 'migrate'),
            onDone: [
              // The source side stops once it has handed the resource over.
              { guard: 'migratedAway', target: 'stopping', actions: ['recordResult', 'clearMigration', 'targetStopped', 'finalStop'] },
              { guard: 'succeeded', target: 'started', actions: ['recordResult', 'clearMigration', 'targetStarted'] },
              {
                target: 'stopping',
                actions: [{ type: 'recordFailure', params: { action: 'migrate' } }, 'clearMigration', 'targetStopped', 'finalStop'],
              },
            ],
          },
        },
      },
    },
  },
});

export type ResourceMachine = typeof resourceMachine;
