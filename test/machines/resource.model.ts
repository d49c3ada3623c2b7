// The abstract model of a resource instance's lifecycle: a specification written independently
// of src/machines/resource.ts, small enough to read in one sitting. xstate/graph walks it; the
// path test drives the real machine along each path and checks it agrees at every step.
//
// migration-threshold is 2 here, so thresholds are reached on short paths.
import { and, assign, setup } from 'xstate';
import type { OnFail } from '../../src/config/model.ts';
import type { StopOnFail } from '../../src/machines/resource-types.ts';

export const MODEL_THRESHOLD = 2;
const INF = 1_000_000;

export type Outcome = 'OK' | 'DEGRADED' | 'NOT_RUNNING' | 'FAIL' | 'TIMEOUT' | 'HARD' | 'FATAL';

export interface ModelContext {
  policy: OnFail;
  stopPolicy: StopOnFail;
  startFatal: boolean;
  validate: boolean;
  validated: boolean;
  failCount: number;
  ban: 'none' | 'node' | 'everywhere';
  target: 'started' | 'stopped' | null;
  request: 'fence' | 'standby' | null;
  migration: 'to' | 'from' | null;
  counting: boolean;
  /** A reload was asked for and has not run (a start or the reload itself takes it). */
  reload: boolean;
}

export type SetupEvent = { type: `SETUP.${'RESTART' | 'IGNORE' | 'BLOCK' | 'STOP' | 'FENCE' | 'STANDBY' | 'STOP_BLOCK' | 'STOP_IGNORE' | 'START_FATAL' | 'VALIDATE'}` };
export type ModelEvent =
  | SetupEvent
  | { type: `AGENT.${Outcome}` }
  | { type: 'RESOURCE.START' | 'RESOURCE.STOP' | 'RESOURCE.PROBE' | 'RESOURCE.CLEANUP' | 'NODE.FENCED' }
  | { type: 'RESOURCE.MIGRATE_TO' | 'RESOURCE.MIGRATE_FROM' | 'RESOURCE.RELOAD' }
  | { type: 'CLOCK.MONITOR' | 'CLOCK.EXPIRE' };

export const SETUPS: Record<SetupEvent['type'], Partial<ModelContext>> = {
  'SETUP.RESTART': {},
  'SETUP.IGNORE': { policy: 'ignore' },
  'SETUP.BLOCK': { policy: 'block' },
  'SETUP.STOP': { policy: 'stop' },
  'SETUP.FENCE': { policy: 'fence' },
  'SETUP.STANDBY': { policy: 'standby' },
  'SETUP.STOP_BLOCK': { stopPolicy: 'block' },
  'SETUP.STOP_IGNORE': { stopPolicy: 'ignore' },
  'SETUP.START_FATAL': { startFatal: true },
  'SETUP.VALIDATE': { validate: true },
};

type Ctx = { context: ModelContext; event: ModelEvent };
const outcomeOf = (e: ModelEvent): Outcome => e.type.slice('AGENT.'.length) as Outcome;
const ran = (e: ModelEvent) => ['OK', 'DEGRADED'].includes(outcomeOf(e));
const severity = (e: ModelEvent) => (outcomeOf(e) === 'HARD' ? 'hard' : outcomeOf(e) === 'FATAL' ? 'fatal' : 'soft');
const counted = (c: ModelContext, n = c.failCount + 1) => ({ failCount: Math.min(INF, n), counting: true });
const cleared = { failCount: 0, ban: 'none' as const, request: null, counting: false };
const mayStart = (c: ModelContext) => c.target === 'started' && c.ban === 'none';

/** After a failed start or validate: retry here while under the threshold, else leave the node. */
function afterStartFailure({ context: c, event: e }: Ctx): Partial<ModelContext> {
  const n = c.startFatal ? INF : c.failCount + 1;
  const sev = severity(e);
  if (sev === 'soft' && n < MODEL_THRESHOLD) return { ...counted(c, n), target: 'started' };
  return { ...counted(c, n), target: 'stopped', ban: sev === 'fatal' ? 'everywhere' : 'node' };
}

/** After a failed monitor or probe: what on-fail says. */
function afterMonitorFailure({ context: c, event: e }: Ctx): Partial<ModelContext> {
  const n = c.failCount + 1;
  const sev = severity(e);
  const leave = sev !== 'soft' || n >= MODEL_THRESHOLD;
  const base = counted(c, n);
  switch (c.policy) {
    case 'ignore': return sev === 'soft' ? base : { ...base, target: 'stopped', ban: sev === 'fatal' ? 'everywhere' : 'node' };
    case 'block': return base;
    case 'fence': return { ...base, request: 'fence' };
    case 'standby': return { ...base, request: 'standby', target: 'stopped' };
    case 'stop': return { ...base, target: 'stopped', ban: 'everywhere' };
    default:
      if (!leave) return { ...base, target: 'started' };
      return { ...base, target: 'stopped', ban: sev === 'fatal' ? 'everywhere' : 'node' };
  }
}

/** A failed reload is recovered as a failed operation whose on-fail is restart. */
function afterReloadFailure({ context: c, event: e }: Ctx): Partial<ModelContext> {
  return afterMonitorFailure({ context: { ...c, policy: 'restart' }, event: e });
}

const monitorFailedTo = (c: ModelContext, e: ModelEvent): string =>
  c.policy === 'block' ? 'blocked' : c.policy === 'fence' ? 'monitor-failed'
    : c.policy === 'ignore' && severity(e) === 'soft' ? 'started' : 'stopping';

export const resourceModel = setup({
  types: { context: {} as ModelContext, events: {} as ModelEvent },
  guards: {
    ran: ({ event }) => ran(event),
    probeStopped: ({ event }) => ['NOT_RUNNING', 'HARD'].includes(outcomeOf(event)),
    stopped: ({ event }) => ['OK', 'DEGRADED', 'NOT_RUNNING'].includes(outcomeOf(event)),
    mayStartValidated: ({ context }) => mayStart(context) && (context.validated || !context.validate),
    mayStartUnvalidated: ({ context }) => mayStart(context),
    counting: ({ context }) => context.counting,
    stopIgnore: ({ context }) => context.stopPolicy === 'ignore',
    migratingTo: ({ context }) => context.migration === 'to',
    // the decision of monitor-failed, evaluated on the context the failure produced
    failGoes: ({ context, event }, to: string) => monitorFailedTo(context, event) === to,
    wantsStop: ({ context }) => context.target === 'stopped',
    wantsReload: ({ context }) => context.reload,
  },
  actions: {
    setup: assign(({ event }) => SETUPS[event.type as SetupEvent['type']] ?? {}),
    targetStarted: assign({ target: 'started' }),
    targetStopped: assign({ target: 'stopped' }),
    startFailed: assign(afterStartFailure),
    monitorFailed: assign(afterMonitorFailure),
    stopFailed: assign(({ context }) => ({ ...counted(context), request: context.stopPolicy === 'fence' ? 'fence' as const : null })),
    probeRefused: assign(({ context }) => ({ request: context.stopPolicy === 'fence' ? 'fence' as const : null })),
    migrationFailed: assign(({ context }) => ({ ...counted(context), target: 'stopped' as const, migration: null })),
    migrated: assign(({ context }) => ({ target: context.migration === 'to' ? 'stopped' as const : 'started' as const, migration: null })),
    migrateTo: assign({ migration: 'to' }),
    migrateFrom: assign({ migration: 'from' }),
    validated: assign({ validated: true }),
    clear: assign(cleared),
    expire: assign({ failCount: 0, ban: 'none', counting: false }),
    fenced: assign({ ...cleared, target: null, migration: null }),
    wantReload: assign({ reload: true }),
    reloadTaken: assign({ reload: false }),
    reloadFailed: assign(afterReloadFailure),
  },
}).createMachine({
  id: 'model',
  initial: 'setup',
  context: {
    policy: 'restart', stopPolicy: 'fence', startFatal: false, validate: false, validated: false,
    failCount: 0, ban: 'none', target: null, request: null, migration: null, counting: false, reload: false,
  },
  states: {
    // The first event picks the configuration the real machine is created with.
    setup: {
      on: Object.fromEntries(Object.keys(SETUPS).map((t) => [t, { target: 'live', actions: 'setup' }])),
    },
    live: {
      id: 'live',
      initial: 'unknown',
      on: {
        'RESOURCE.START': { actions: 'targetStarted' },
        'RESOURCE.STOP': { actions: 'targetStopped' },
        'RESOURCE.CLEANUP': { actions: 'clear' },
        'NODE.FENCED': { target: '.stopped', actions: 'fenced' },
        'CLOCK.EXPIRE': { guard: 'counting', actions: 'expire' },
        'RESOURCE.RELOAD': { actions: 'wantReload' },
      },
      states: {
        unknown: {
          on: {
            'RESOURCE.PROBE': 'probing',
            'RESOURCE.START': { target: 'probing', actions: 'targetStarted' },
            'RESOURCE.STOP': { target: 'probing', actions: 'targetStopped' },
          },
        },
        probing: {
          on: {
            'AGENT.*': [
              { guard: 'ran', target: 'started' },
              { guard: 'probeStopped', target: 'stopped' },
              ...['blocked', 'monitor-failed', 'started', 'stopping'].map((to) => ({
                guard: { type: 'failGoes' as const, params: to }, target: to, actions: 'monitorFailed' as const,
              })),
            ],
          },
        },
        stopped: {
          // With a start pending and no ban, stopped moves on at once.
          always: [
            { guard: 'mayStartValidated', target: 'starting' },
            { guard: 'mayStartUnvalidated', target: 'validating' },
          ],
          on: {
            'RESOURCE.PROBE': 'probing',
            'RESOURCE.CLEANUP': { target: 'probing', actions: 'clear' },
            'RESOURCE.MIGRATE_FROM': { target: 'migrating', actions: 'migrateFrom' },
          },
        },
        validating: {
          entry: 'reloadTaken',
          on: {
            'AGENT.*': [
              { guard: 'ran', target: 'starting', actions: 'validated' },
              { target: 'stopped', actions: 'startFailed' },
            ],
          },
        },
        starting: {
          entry: 'reloadTaken',
          on: {
            'AGENT.*': [
              { guard: 'ran', target: 'started' },
              { target: 'stopping', actions: 'startFailed' },
            ],
          },
        },
        started: {
          always: [{ guard: 'wantsStop', target: 'stopping' }, { guard: 'wantsReload', target: 'reloading' }],
          on: {
            'RESOURCE.PROBE': 'probing',
            'RESOURCE.CLEANUP': { target: 'probing', actions: 'clear' },
            'RESOURCE.MIGRATE_TO': { target: 'migrating', actions: 'migrateTo' },
            'CLOCK.MONITOR': 'monitoring',
            // The monitor's timer (10 s) fires long before the failure timer.
            'CLOCK.EXPIRE': [{ guard: 'counting', target: 'monitoring', actions: 'expire' }, { target: 'monitoring' }],
          },
        },
        monitoring: {
          on: {
            'AGENT.*': [
              { guard: 'ran', target: 'started' },
              ...['blocked', 'monitor-failed', 'started', 'stopping'].map((to) => ({
                guard: { type: 'failGoes' as const, params: to }, target: to, actions: 'monitorFailed' as const,
              })),
            ],
          },
        },
        reloading: {
          entry: 'reloadTaken',
          on: {
            'AGENT.*': [
              { guard: 'ran', target: 'started' },
              // on-fail restart: stopped here, then started again or banned (as after a failed monitor)
              { target: 'stopping', actions: 'reloadFailed' },
            ],
          },
        },
        'monitor-failed': {
          on: { 'RESOURCE.CLEANUP': { target: 'probing', actions: 'clear' } },
        },
        stopping: {
          on: {
            'AGENT.*': [
              { guard: 'stopped', target: 'stopped' },
              { guard: 'stopIgnore', target: 'stopped', actions: 'stopFailed' },
              { target: 'stop-failed', actions: 'stopFailed' },
            ],
          },
        },
        'stop-failed': {
          on: { 'RESOURCE.CLEANUP': { target: 'cleanup', actions: 'clear' } },
        },
        cleanup: {
          initial: 'stop',
          states: {
            stop: {
              on: {
                'AGENT.*': [
                  { guard: 'stopped', target: 'probe' },
                  { target: '#live.stop-failed', actions: 'stopFailed' },
                ],
              },
            },
            probe: {
              on: {
                'AGENT.*': [
                  { guard: 'probeStopped', target: '#live.stopped' },
                  { target: '#live.stop-failed', actions: 'probeRefused' },
                ],
              },
            },
          },
        },
        blocked: {
          on: { 'RESOURCE.CLEANUP': { target: 'probing', actions: 'clear' } },
        },
        migrating: {
          on: {
            'AGENT.*': [
              { guard: and(['ran', 'migratingTo']), target: 'stopping', actions: 'migrated' },
              { guard: 'ran', target: 'started', actions: 'migrated' },
              { target: 'stopping', actions: 'migrationFailed' },
            ],
          },
        },
      },
    },
  },
});
