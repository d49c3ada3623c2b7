// The lifecycle of one resource instance on one node.
//
// Two parallel regions:
//   lifecycle - what the agent last told us: unknown until probed, then stopped / starting /
//               started / stopping, and the failure states. Exactly one agent operation runs at
//               a time: operations are states with an invoked `runAgent`, and a request that
//               arrives meanwhile only changes `target`, which is pursued when the operation ends
//               (a newer request replaces an older one). The recurring monitor is a delay of
//               `started`, so it pauses whenever another operation runs.
//   failures  - the failure-timeout clock: each counted failure restarts it; when it expires
//               the fail-count is forgotten (on the injected clock, never the wall clock).
//
// A failed start is cleaned up by a stop. A failed stop leaves nothing known about the
// resource: it sits in `stop-failed` until its node is fenced, or an administrator's cleanup
// proves it stopped (a stop that succeeds, then a probe that finds it not running).
// A failed monitor goes through `monitor-failed`, where the operation's on-fail decides.
//
// A changed definition (RESOURCE.CONFIGURE) waits for the next start, or for a reload
// (RESOURCE.RELOAD, run from `started` as an operation like the others): the agent runs with
// the parameters it was last started or reloaded with. A failed reload is a failure like a
// failed monitor's, recovered by a restart.
//
// Every state change is reported to the parent (`report`), which owns placement and nodes:
// it acts on `ban` (move elsewhere) and `request` (fence or standby this node).
import { and, assign, fromPromise, not, raise, sendParent, setup } from 'xstate';
import { assert } from '../assert.ts';
import type { AgentOperation } from '../ocf/operation.ts';
import { describeResult, operationFor, outcomeOf, recoveriesLeft, sameParams, thresholdReached } from './resource-ops.ts';
import {
  THRESHOLD_INFINITY,
  type ResourceContext, type ResourceEvent, type ResourceInput, type ResourceReport,
  type ResourceStateName, type StampedResult, type FailuresExpiredReport,
} from './resource-types.ts';

type DoneEvent = { type: string; output: StampedResult };

/** The result carried by an invoked agent's done event. */
function resultOf(event: unknown): StampedResult {
  const output = (event as DoneEvent).output;
  assert(output && typeof output.rc === 'number', 'agent done event without a result');
  return output;
}

function initialContext(input: ResourceInput): ResourceContext {
  assert(input.migrationThreshold >= 0, `${input.resource}: migration-threshold must be >= 0`);
  assert(input.failureTimeoutMs >= 0, `${input.resource}: failure-timeout must be >= 0`);
  return {
    ...input,
    target: null,
    failCount: 0,
    lastFailure: null,
    lastSeverity: null,
    failurePolicy: 'restart',
    ban: 'none',
    request: null,
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

/** The recovery an instance would run itself after a failed monitor (on-fail, severity, threshold). */
function localRecovery(context: ResourceContext): Partial<ResourceContext> {
  const leave = context.lastSeverity !== 'soft' || thresholdReached(context);
  const ban = context.lastSeverity === 'fatal' || context.failurePolicy === 'stop' ? 'everywhere' as const
    : leave ? 'node' as const : context.ban;
  switch (context.failurePolicy) {
    case 'ignore': return context.lastSeverity === 'soft' ? {} : { ban, target: 'stopped' as const, recoveryLeft: 0 };
    case 'block': return {};
    case 'fence': return { request: 'fence' as const };
    case 'standby': return { request: 'standby' as const, target: 'stopped' as const, recoveryLeft: 0 };
    default:
      if (leave || context.failurePolicy === 'stop') return { ban, target: 'stopped' as const, recoveryLeft: 0 };
      // Restart here only what was asked to run here. A stop asked for while the monitor
      // ran wins (restarting would race the coordinator, which may start it elsewhere once
      // this stop is done); and nobody asked to start an instance that was only probed
      // (a failed probe is cleaned up by a stop, and placed by the coordinator: seed 27).
      if (context.target !== 'started') return { recoveryLeft: 0 };
      return { target: 'started' as const, recoveryLeft: recoveriesLeft(context) };
  }
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
    failureTimeoutMs: ({ context }) => context.failureTimeoutMs,
  },
  guards: {
    hasTarget: ({ context }) => context.target !== null,
    wantsStart: ({ context }) => context.target === 'started' && context.ban === 'none' && context.managed !== false,
    wantsStop: ({ context }) => context.target === 'stopped' && context.managed !== false,
    unmanaged: ({ context }) => context.managed === false,
    needsValidation: ({ context }) => !context.validated,
    // A failed instance with dependents waits for the scheduler's plan (see scheduledRecovery).
    awaitsScheduler: ({ context }) => context.scheduledRecovery === true && context.target === null,
    // Maintenance cancels recurring monitors (as Pacemaker does); is-managed=false keeps them.
    hasMonitor: ({ context }) => context.monitor !== null && context.monitored !== false,
    expires: ({ context }) => context.failureTimeoutMs > 0,
    isMigrateTo: ({ event }) => event.type === 'RESOURCE.MIGRATE' && event.direction === 'to',
    isMigrateFrom: ({ event }) => event.type === 'RESOURCE.MIGRATE' && event.direction === 'from',
    migratedAway: ({ context, event }) =>
      context.migration?.direction === 'to' && outcomeOf(resultOf(event), false).kind === 'ok',
    succeeded: ({ event }) => outcomeOf(resultOf(event), false).kind === 'ok',
    stopSucceeded: ({ event }) => ['ok', 'notRunning'].includes(outcomeOf(resultOf(event), false).kind),
    probeFoundRunning: ({ event }) => outcomeOf(resultOf(event), true).kind === 'ok',
    probeFoundStopped: ({ event }) => outcomeOf(resultOf(event), true).kind === 'notRunning',
    // on-fail decisions, read in monitor-failed after decideRecovery has run
    policyIgnore: ({ context }) => context.failurePolicy === 'ignore' && context.lastSeverity === 'soft',
    policyBlock: ({ context }) => context.failurePolicy === 'block',
    policyFence: ({ context }) => context.failurePolicy === 'fence',
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
    targetStopped: assign({ target: 'stopped' }),
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
    // Count a failure of the operation that just ended. `policy` is the operation's on-fail.
    recordFailure: assign((
      { context, event }, params: { action: string; policy: 'monitor' | 'start' | 'stop' | 'restart' },
    ) => {
      const result = resultOf(event);
      const outcome = outcomeOf(result, false);
      const severity = outcome.kind === 'failed' ? outcome.severity : 'soft';
      // validate-all is the start's first step: its failure is a failed start (else it reruns at once).
      const fatalStart = (params.action === 'start' || params.action === 'validate-all') && context.startFailureIsFatal;
      const failCount = fatalStart ? THRESHOLD_INFINITY : Math.min(THRESHOLD_INFINITY, context.failCount + 1);
      const policy = params.policy === 'monitor' ? (context.monitor?.onFail ?? 'restart')
        : params.policy === 'start' ? context.startOnFail : 'restart';
      return {
        failCount,
        lastSeverity: severity,
        failurePolicy: policy,
        lastRc: result.rc,
        lastReason: describeResult(params.action, result),
        lastFailure: {
          action: params.action, intervalMs: params.action === 'monitor' ? (context.monitor?.intervalMs ?? 0) : 0,
          rc: result.rc, timedOut: result.timedOut, reason: describeResult(params.action, result), atMs: result.endedAtMs,
        },
      };
    }),
    noteFailureCounted: raise({ type: 'FAILURE.COUNTED' }),
    // Decide what follows a failure (on-fail, severity, migration-threshold). The always
    // transitions of monitor-failed then route on what this wrote.
    decideRecovery: assign(({ context }) => {
      if (context.managed === false) return {};
      const decided = localRecovery(context);
      // What is ordered after it must stop first: the coordinator orders this instance's stop.
      return context.scheduledRecovery === true && decided.target !== undefined ? { ...decided, target: null, recoveryLeft: 0 } : decided;
    }),
    // After a failed start: clean up with a stop, then retry here only while allowed.
    decideAfterStartFailure: assign(({ context }) => {
      const leave = context.lastSeverity !== 'soft' || thresholdReached(context);
      if (!leave && context.target === 'stopped') return { recoveryLeft: 0 };
      if (!leave) return { target: 'started' as const, recoveryLeft: recoveriesLeft(context) };
      return { ban: context.lastSeverity === 'fatal' ? 'everywhere' as const : 'node' as const, target: 'stopped' as const, recoveryLeft: 0 };
    }),
    requestFenceForStop: assign(({ context }) => ({ request: context.stopOnFail === 'fence' ? 'fence' as const : null })),
    finalStop: assign({ recoveryLeft: 0 }),
    // The node was fenced (or confirmed down): nothing of ours runs there any more.
    // Its failures there went with the node (Pacemaker drops a fenced node's fail-counts).
    forgetAfterFence: assign({
      target: null, request: null, degraded: false, migration: null, lastReason: 'node fenced',
      failCount: 0, lastFailure: null, lastSeverity: null, ban: 'none',
    }),
    resetFailures: assign({ failCount: 0, lastFailure: null, lastSeverity: null, ban: 'none', request: null }),
    noteFailuresReset: raise({ type: 'FAILURE.RESET' }),
    expireFailures: assign({ failCount: 0, lastFailure: null, lastSeverity: null, ban: 'none' }),
    reportExpiry: sendParent(({ context }): FailuresExpiredReport => ({
      type: 'RESOURCE.FAILURES_EXPIRED', resource: context.resource, node: context.node,
    })),
    report: sendParent(({ context }, params: { state: ResourceStateName }): ResourceReport => ({
      type: 'RESOURCE.REPORT', resource: context.resource, node: context.node, state: params.state,
      rc: context.lastRc, reason: context.lastReason, failCount: context.failCount,
      ban: context.ban, request: context.request, degraded: context.degraded,
    })),
  },
}).createMachine({
  id: 'resource',
  type: 'parallel',
  context: ({ input }) => initialContext(input),
  on: {
    // Requests never interrupt an operation: they set the target, pursued when it ends.
    'RESOURCE.START': { actions: 'targetStarted' },
    'RESOURCE.STOP': { actions: 'targetStopped' },
    // During an operation a cleanup only clears the failure record; its result is fresh truth.
    'RESOURCE.CLEANUP': { actions: ['resetFailures', 'noteFailuresReset'] },
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
        'NODE.FENCED': { target: '.stopped', actions: ['forgetAfterFence', 'resetFailures', 'noteFailuresReset'] },
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
              { target: 'monitor-failed', actions: [{ type: 'recordFailure', params: { action: 'probe', policy: 'monitor' } }, 'noteFailureCounted'] },
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
            'RESOURCE.CLEANUP': { target: 'probing', actions: ['resetFailures', 'noteFailuresReset'] },
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
              {
                target: 'stopped',
                actions: [{ type: 'recordFailure', params: { action: 'validate-all', policy: 'start' } }, 'noteFailureCounted', 'decideAfterStartFailure'],
              },
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
              { guard: 'startOnFailBlock', target: 'blocked', actions: [{ type: 'recordFailure', params: { action: 'start', policy: 'start' } }, 'noteFailureCounted'] },
              {
                target: 'stopping',
                actions: [{ type: 'recordFailure', params: { action: 'start', policy: 'start' } }, 'noteFailureCounted', 'decideAfterStartFailure'],
              },
            ],
          },
        },
        started: {
          entry: { type: 'report', params: { state: 'started' } },
          always: [
            { guard: 'wantsStop', target: 'stopping', actions: 'finalStop' },
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
            'RESOURCE.CLEANUP': { target: 'probing', actions: ['resetFailures', 'noteFailuresReset'] },
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
              { target: 'monitor-failed', actions: [{ type: 'recordFailure', params: { action: 'monitor', policy: 'monitor' } }, 'noteFailureCounted'] },
            ],
          },
        },
        'monitor-failed': {
          entry: ['decideRecovery', { type: 'report', params: { state: 'monitor-failed' } }],
          // on-fail=fence matches none of these: it waits here until the node is fenced.
          // Unmanaged: failed, and left alone (Pacemaker's "FAILED (unmanaged)") until managed again.
          always: [
            { guard: 'unmanaged', target: 'blocked' },
            { guard: 'policyIgnore', target: 'started' },
            { guard: 'policyBlock', target: 'blocked' },
            { guard: and([not('policyFence'), not('awaitsScheduler')]), target: 'stopping' },
          ],
          on: { 'RESOURCE.CLEANUP': { target: 'probing', actions: ['resetFailures', 'noteFailuresReset'] } },
        },
        reloading: {
          entry: ['applyParams', { type: 'report', params: { state: 'reloading' } }],
          invoke: {
            src: 'runAgent',
            input: ({ context }) => operationFor(context, 'reload'),
            onDone: [
              { guard: 'succeeded', target: 'started', actions: ['recordResult', 'monitorSoon'] },
              { target: 'monitor-failed', actions: [{ type: 'recordFailure', params: { action: 'reload', policy: 'restart' } }, 'noteFailureCounted'] },
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
              { target: 'stop-failed', actions: [{ type: 'recordFailure', params: { action: 'stop', policy: 'stop' } }, 'noteFailureCounted'] },
            ],
          },
        },
        'stop-failed': {
          entry: ['requestFenceForStop', { type: 'report', params: { state: 'stop-failed' } }],
          always: { guard: 'stopOnFailIgnore', target: 'stopped' },
          on: { 'RESOURCE.CLEANUP': { target: 'cleanup', actions: ['resetFailures', 'noteFailuresReset'] } },
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
                  { target: '#resource.lifecycle.stop-failed', actions: [{ type: 'recordFailure', params: { action: 'stop', policy: 'stop' } }, 'noteFailureCounted'] },
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
            'RESOURCE.CLEANUP': { target: 'probing', actions: ['resetFailures', 'noteFailuresReset'] },
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
                actions: [{ type: 'recordFailure', params: { action: 'migrate', policy: 'restart' } }, 'noteFailureCounted', 'clearMigration', 'targetStopped', 'finalStop'],
              },
            ],
          },
        },
      },
    },
    failures: {
      initial: 'clear',
      states: {
        clear: { on: { 'FAILURE.COUNTED': 'counting' } },
        counting: {
          on: {
            'FAILURE.COUNTED': { target: 'counting', reenter: true },
            'FAILURE.RESET': 'clear',
          },
          after: { failureTimeoutMs: { guard: 'expires', target: 'clear', actions: ['expireFailures', 'reportExpiry'] } },
        },
      },
    },
  },
});

export type ResourceMachine = typeof resourceMachine;
