// The abstract model of a resource instance's lifecycle: a specification written independently
// of src/machines/resource.ts, small enough to read in one sitting. xstate/graph walks it; the
// path test drives the real machine along each path and checks it agrees at every step.
//
// The instance reports facts and decides no recovery: a failure is remembered (`failed`) and
// the instance waits, or cleans up a failed start with a stop; only a request (START, STOP),
// a fence or a cleanup moves it on. Its only policies are the operations' own: a failed start
// with on-fail=block is left alone, a failed stop with on-fail=ignore counts as stopped.
import { and, assign, setup } from 'xstate';
import type { StopOnFail } from '../../src/machines/resource-types.ts';

export type Outcome = 'OK' | 'DEGRADED' | 'NOT_RUNNING' | 'FAIL' | 'TIMEOUT' | 'HARD';

export interface ModelContext {
  stopPolicy: StopOnFail;
  startBlock: boolean;
  validate: boolean;
  validated: boolean;
  /** A failure is remembered (until a cleanup or a fence). */
  failed: boolean;
  target: 'started' | 'stopped' | null;
  migration: 'to' | 'from' | null;
  /** A reload was asked for and has not run (a start or the reload itself takes it). */
  reload: boolean;
}

export type SetupEvent = { type: `SETUP.${'DEFAULT' | 'STOP_BLOCK' | 'STOP_IGNORE' | 'START_BLOCK' | 'VALIDATE'}` };
export type ModelEvent =
  | SetupEvent
  | { type: `AGENT.${Outcome}` }
  | { type: 'RESOURCE.START' | 'RESOURCE.STOP' | 'RESOURCE.PROBE' | 'RESOURCE.CLEANUP' | 'NODE.FENCED' }
  | { type: 'RESOURCE.MIGRATE_TO' | 'RESOURCE.MIGRATE_FROM' | 'RESOURCE.RELOAD' }
  | { type: 'CLOCK.MONITOR' };

export const SETUPS: Record<SetupEvent['type'], Partial<ModelContext>> = {
  'SETUP.DEFAULT': {},
  'SETUP.STOP_BLOCK': { stopPolicy: 'block' },
  'SETUP.STOP_IGNORE': { stopPolicy: 'ignore' },
  'SETUP.START_BLOCK': { startBlock: true },
  'SETUP.VALIDATE': { validate: true },
};

const outcomeOf = (e: ModelEvent): Outcome => e.type.slice('AGENT.'.length) as Outcome;

export const resourceModel = setup({
  types: { context: {} as ModelContext, events: {} as ModelEvent },
  guards: {
    ran: ({ event }) => ['OK', 'DEGRADED'].includes(outcomeOf(event)),
    probeStopped: ({ event }) => ['NOT_RUNNING', 'HARD'].includes(outcomeOf(event)),
    stopped: ({ event }) => ['OK', 'DEGRADED', 'NOT_RUNNING'].includes(outcomeOf(event)),
    mayStartValidated: ({ context }) => context.target === 'started' && (context.validated || !context.validate),
    mayStartUnvalidated: ({ context }) => context.target === 'started',
    stopIgnore: ({ context }) => context.stopPolicy === 'ignore',
    startBlock: ({ context }) => context.startBlock,
    migratingTo: ({ context }) => context.migration === 'to',
    wantsStop: ({ context }) => context.target === 'stopped',
    hasTarget: ({ context }) => context.target !== null,
    wantsReload: ({ context }) => context.reload,
  },
  actions: {
    setup: assign(({ event }) => SETUPS[event.type as SetupEvent['type']] ?? {}),
    targetStarted: assign({ target: 'started' }),
    targetStopped: assign({ target: 'stopped' }),
    failed: assign({ failed: true }),
    // A failure ends a start asked for before it; a stop asked for stands.
    failedNoStart: assign(({ context }) => ({ failed: true, target: context.target === 'stopped' ? 'stopped' as const : null })),
    migrationFailed: assign({ failed: true, target: 'stopped', migration: null }),
    migrated: assign(({ context }) => ({ target: context.migration === 'to' ? 'stopped' as const : 'started' as const, migration: null })),
    migrateTo: assign({ migration: 'to' }),
    migrateFrom: assign({ migration: 'from' }),
    validated: assign({ validated: true }),
    clear: assign({ failed: false }),
    fenced: assign({ failed: false, target: null, migration: null }),
    wantReload: assign({ reload: true }),
    reloadTaken: assign({ reload: false }),
  },
}).createMachine({
  id: 'model',
  initial: 'setup',
  context: { stopPolicy: 'fence', startBlock: false, validate: false, validated: false, failed: false, target: null, migration: null, reload: false },
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
              { target: 'monitor-failed', actions: 'failedNoStart' },
            ],
          },
        },
        stopped: {
          // With a start pending, stopped moves on at once.
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
              { target: 'stopped', actions: 'failedNoStart' },
            ],
          },
        },
        starting: {
          entry: 'reloadTaken',
          on: {
            'AGENT.*': [
              { guard: 'ran', target: 'started' },
              { guard: 'startBlock', target: 'blocked', actions: 'failed' },
              { target: 'stopping', actions: 'failedNoStart' },
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
          },
        },
        monitoring: {
          on: {
            'AGENT.*': [
              { guard: 'ran', target: 'started' },
              { target: 'monitor-failed', actions: 'failedNoStart' },
            ],
          },
        },
        reloading: {
          entry: 'reloadTaken',
          on: {
            'AGENT.*': [
              { guard: 'ran', target: 'started' },
              // A failed reload is a failure like a failed monitor's: the instance waits.
              { target: 'monitor-failed', actions: 'failedNoStart' },
            ],
          },
        },
        // Waits for a request (a start recovers it here: a stop first); keeps monitoring.
        'monitor-failed': {
          always: { guard: 'hasTarget', target: 'stopping' },
          on: {
            'RESOURCE.CLEANUP': { target: 'probing', actions: 'clear' },
            'CLOCK.MONITOR': 'monitoring',
          },
        },
        stopping: {
          on: {
            'AGENT.*': [
              { guard: 'stopped', target: 'stopped' },
              { guard: 'stopIgnore', target: 'stopped', actions: 'failed' },
              { target: 'stop-failed', actions: 'failed' },
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
                  { target: '#live.stop-failed', actions: 'failed' },
                ],
              },
            },
            probe: {
              on: {
                'AGENT.*': [
                  { guard: 'probeStopped', target: '#live.stopped' },
                  { target: '#live.stop-failed' },
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
