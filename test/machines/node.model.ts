// The abstract model of a cluster node as the coordinator sees it: a specification written
// independently of src/machines/node.ts. xstate/graph walks it; node.paths.test.ts drives the
// real machine along each path and checks it agrees at every step.
//
// Fence retry waits in the model: 1 s doubling, capped at 3 s (so the cap is on short paths).
import { assign, setup } from 'xstate';

export const MODEL_RETRY_INITIAL_MS = 1_000;
export const MODEL_RETRY_MAX_MS = 3_000;
/** Failed fences explored per episode, and refusals per path: beyond them nothing new happens. */
export const MODEL_FAILURES_MAX = 3;
export const MODEL_REFUSALS_MAX = 1;

export type Mode = 'online' | 'standby' | 'maintenance';

export interface ModelContext {
  fencing: boolean;
  always: boolean;
  mode: Mode;
  action: 'reboot' | 'off';
  unknown: boolean;
  attempts: number;
  failures: number;
  refused: number;
}

export type SetupEvent = { type: `SETUP.${'DEFAULT' | 'ALWAYS' | 'NO_FENCING' | 'STANDBY'}` };
export type ModelEvent =
  | SetupEvent
  | { type: 'NODE.JOIN' | 'NODE.JOINED' | 'NODE.LEFT' | 'NODE.SHUTDOWN' | 'NODE.ONLINE' | 'NODE.STANDBY' | 'NODE.MAINTENANCE' }
  | { type: 'NODE.LOST_NEEDED' | 'NODE.LOST_UNNEEDED' | 'NODE.FENCE' | 'NODE.FENCE_OFF' }
  | { type: 'FENCE.SUCCEEDED' | 'FENCE.FAILED' | 'FENCE.CONFIRMED' | 'CLOCK.RETRY' };

export const SETUPS: Record<SetupEvent['type'], Partial<ModelContext>> = {
  'SETUP.DEFAULT': {},
  'SETUP.ALWAYS': { always: true },
  'SETUP.NO_FENCING': { fencing: false },
  'SETUP.STANDBY': { mode: 'standby' },
};

/** The wait after the n-th failure, as the model expects it. */
export const modelRetryMs = (failures: number): number =>
  Math.min(MODEL_RETRY_MAX_MS, MODEL_RETRY_INITIAL_MS * 2 ** (failures - 1));

export const nodeModel = setup({
  types: { context: {} as ModelContext, events: {} as ModelEvent },
  guards: {
    fencing: ({ context }) => context.fencing,
    alwaysFence: ({ context }) => context.always,
    inStandby: ({ context }) => context.mode === 'standby',
    inMaintenance: ({ context }) => context.mode === 'maintenance',
  },
  actions: {
    setup: assign(({ event }) => SETUPS[event.type as SetupEvent['type']] ?? {}),
    online: assign({ mode: 'online' }),
    standby: assign({ mode: 'standby' }),
    maintenance: assign({ mode: 'maintenance' }),
    off: assign({ action: 'off' }),
    lose: assign({ unknown: true, attempts: 0, failures: 0 }),
    ask: assign(({ context }) => ({ attempts: context.attempts + 1 })),
    failed: assign(({ context }) => ({ failures: context.failures + 1 })),
    fenced: assign({ unknown: false, action: 'reboot' }),
    refuse: assign(({ context }) => ({ refused: context.refused + 1 })),
  },
}).createMachine({
  id: 'model',
  initial: 'setup',
  context: { fencing: true, always: false, mode: 'online', action: 'reboot', unknown: false, attempts: 0, failures: 0, refused: 0 },
  states: {
    setup: {
      on: Object.fromEntries(Object.keys(SETUPS).map((t) => [t, { target: 'live', actions: 'setup' }])),
    },
    live: {
      id: 'live',
      initial: 'offline',
      on: {
        'NODE.ONLINE': { actions: 'online' },
        'NODE.STANDBY': { actions: 'standby' },
        'NODE.MAINTENANCE': { actions: 'maintenance' },
      },
      states: {
        offline: {
          on: {
            'NODE.JOIN': 'joining',
            'NODE.FENCE': [{ guard: 'fencing', target: 'lost' }, { actions: 'refuse' }],
            'NODE.FENCE_OFF': [{ guard: 'fencing', target: 'lost', actions: 'off' }, { actions: 'refuse' }],
          },
        },
        joining: {
          on: {
            'NODE.JOINED': [
              { guard: 'inStandby', target: 'member.standby' },
              { guard: 'inMaintenance', target: 'member.maintenance' },
              { target: 'member.online' },
            ],
            'NODE.LEFT': 'offline',
            // Lost before its join completed: unclean only if it needs fencing (or all failed nodes are fenced).
            'NODE.LOST_NEEDED': 'lost',
            'NODE.LOST_UNNEEDED': [{ guard: 'alwaysFence', target: 'lost' }, { target: 'offline' }],
            'NODE.FENCE': [{ guard: 'fencing', target: 'lost' }, { actions: 'refuse' }],
            'NODE.FENCE_OFF': [{ guard: 'fencing', target: 'lost', actions: 'off' }, { actions: 'refuse' }],
          },
        },
        // The three member states share one rule table (in `member`), plus their mode changes.
        member: {
          on: {
            'NODE.SHUTDOWN': 'shutting-down',
            'NODE.LOST_NEEDED': 'lost',
            'NODE.LOST_UNNEEDED': 'lost',
            'NODE.FENCE': [{ guard: 'fencing', target: 'lost' }, { actions: 'refuse' }],
            'NODE.FENCE_OFF': [{ guard: 'fencing', target: 'lost', actions: 'off' }, { actions: 'refuse' }],
          },
          initial: 'online',
          states: {
            online: { on: { 'NODE.STANDBY': { target: 'standby', actions: 'standby' }, 'NODE.MAINTENANCE': { target: 'maintenance', actions: 'maintenance' } } },
            standby: { on: { 'NODE.ONLINE': { target: 'online', actions: 'online' }, 'NODE.MAINTENANCE': { target: 'maintenance', actions: 'maintenance' } } },
            maintenance: { on: { 'NODE.ONLINE': { target: 'online', actions: 'online' }, 'NODE.STANDBY': { target: 'standby', actions: 'standby' } } },
          },
        },
        'shutting-down': {
          on: {
            'NODE.LEFT': 'offline',
            'NODE.LOST_NEEDED': 'lost',
            'NODE.LOST_UNNEEDED': 'lost',
            'NODE.FENCE': [{ guard: 'fencing', target: 'lost' }, { actions: 'refuse' }],
            'NODE.FENCE_OFF': [{ guard: 'fencing', target: 'lost', actions: 'off' }, { actions: 'refuse' }],
          },
        },
        // Losing a node opens a fencing episode; with fencing on it is asked for at once.
        lost: {
          entry: 'lose',
          always: [{ guard: 'fencing', target: 'fencing' }, { target: 'unclean' }],
        },
        unclean: {
          on: { 'FENCE.CONFIRMED': { target: 'fenced', actions: 'fenced' }, 'NODE.JOIN': { actions: 'refuse' } },
        },
        fencing: {
          initial: 'requested',
          on: {
            'FENCE.SUCCEEDED': { target: 'fenced', actions: 'fenced' },
            'FENCE.CONFIRMED': { target: 'fenced', actions: 'fenced' },
            'NODE.JOIN': { actions: 'refuse' },
          },
          states: {
            requested: { entry: 'ask', on: { 'FENCE.FAILED': { target: 'backoff', actions: 'failed' } } },
            backoff: { on: { 'CLOCK.RETRY': 'requested' } },
          },
        },
        fenced: {
          on: {
            'NODE.JOIN': 'joining',
            'NODE.FENCE': [{ guard: 'fencing', target: 'lost' }, { actions: 'refuse' }],
            'NODE.FENCE_OFF': [{ guard: 'fencing', target: 'lost', actions: 'off' }, { actions: 'refuse' }],
          },
        },
      },
    },
  },
});

/** The real machine's state name for a model snapshot value (member.x is x, lost is transient). */
export function realStateOf(value: unknown): string {
  const live = (value as { live: unknown }).live;
  if (typeof live === 'string') return live;
  const [[k, v]] = Object.entries(live as Record<string, string>) as [[string, string]];
  return k === 'member' ? v : `${k}.${v}`;
}
