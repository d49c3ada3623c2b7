// One cluster node, as the coordinator sees it.
//
//   offline -> joining -> online | standby | maintenance   (NODE.JOIN, then NODE.JOINED)
//   member  -> shutting-down -> offline                     (clean: NODE.SHUTDOWN, NODE.LEFT)
//   member  -> unclean -> fencing -> fenced -> joining      (NODE.LOST or NODE.FENCE)
//   NODE.FENCE (the coordinator's order) is obeyed in every state but unclean and fencing.
//
// An unclean node's resources may still be running: until it is fenced, or an administrator
// confirms it is down (FENCE.CONFIRMED), nothing it ran may be started elsewhere, and it may
// not rejoin (NODE.JOIN is refused and reported: Pacemaker, too, fences a node that comes back
// before its fence). Which nodes become unclean is decided in node-ops.ts (joiningNodeIsUnclean).
//
// The coordinator owns the fence devices, so fencing is a request to the parent: `fencing`
// reports `request: 'fence'`; FENCE.SUCCEEDED ends it, FENCE.FAILED waits (1 s doubling to
// 60 s by default) and asks again, forever: giving up would leave the resources blocked with
// nobody trying. With fencing disabled an unclean node waits in `unclean` for the
// administrator's confirmation, and its report says recovery is blocked.
//
// Every state change is reported to the parent (`report`, each state's one entry line).
import { assign, sendParent, setup } from 'xstate';
import { assert } from '../assert.ts';
import { fenceRetryDelayMs, joiningNodeIsUnclean, refusalOf, reportOf, validateNodeInput } from './node-ops.ts';
import type { NodeContext, NodeEvent, NodeInput, NodeMode, NodeStateName } from './node-types.ts';

function initialContext(input: NodeInput): NodeContext {
  validateNodeInput(input);
  return {
    ...input,
    resourcesUnknown: false,
    fenceAction: input.fencingAction,
    fenceAttempts: 0,
    fenceFailures: 0,
    reason: 'not yet seen',
    refused: 0,
  };
}

/** The coordinator orders a fence: the node becomes unclean, unless fencing is disabled. */
const fenceOrder = (state: NodeStateName) => [
  { guard: 'fencingEnabled', target: 'unclean', actions: 'noteFenceOrder' },
  { actions: ['refuse', { type: 'reportRefusal', params: { state } }] },
] as const;

/** What every member state (online, standby, maintenance) does besides changing mode. */
const memberOn = (state: NodeStateName) => ({
  'NODE.SHUTDOWN': { target: 'shutting-down' },
  'NODE.LOST': { target: 'unclean', actions: 'noteLost' },
  'NODE.FENCE': fenceOrder(state),
}) as const;

const toMode = (mode: NodeMode) => ({ target: mode, actions: { type: 'setMode', params: { mode } } }) as const;

export const nodeMachine = setup({
  types: {
    context: {} as NodeContext,
    events: {} as NodeEvent,
    input: {} as NodeInput,
  },
  delays: {
    fenceRetryDelayMs: ({ context }) => fenceRetryDelayMs(context, context.fenceFailures),
  },
  guards: {
    fencingEnabled: ({ context }) => context.fencingEnabled,
    modeStandby: ({ context }) => context.mode === 'standby',
    modeMaintenance: ({ context }) => context.mode === 'maintenance',
    joiningNodeIsUnclean: ({ context, event }) => {
      assert(event.type === 'NODE.LOST', 'joiningNodeIsUnclean on a non-lost event');
      return joiningNodeIsUnclean(context, event.needsFencing);
    },
  },
  actions: {
    setMode: assign((_, params: { mode: NodeMode }) => ({ mode: params.mode })),
    noteLost: assign(({ event }) => {
      assert(event.type === 'NODE.LOST', 'noteLost on a non-lost event');
      return { reason: event.needsFencing ? 'lost; it ran resources that require fencing' : 'lost without a clean shutdown; its state is unknown' };
    }),
    noteLostClean: assign({ reason: 'lost before its join completed, running nothing that needs fencing' }),
    noteFenceOrder: assign(({ context, event }) => {
      assert(event.type === 'NODE.FENCE', 'noteFenceOrder on a non-fence event');
      return { reason: event.reason, fenceAction: event.action ?? context.fencingAction };
    }),
    noteLeft: assign({ reason: 'left cleanly' }),
    noteJoined: assign({ reason: 'member' }),
    // Entering unclean opens a new fencing episode.
    becomeUnclean: assign({ resourcesUnknown: true, fenceAttempts: 0, fenceFailures: 0 }),
    countAttempt: assign(({ context }) => ({ fenceAttempts: context.fenceAttempts + 1 })),
    countFailure: assign(({ context, event }) => {
      assert(event.type === 'FENCE.FAILED', 'countFailure on a non-failure event');
      return { fenceFailures: context.fenceFailures + 1, reason: `fence failed: ${event.reason}` };
    }),
    noteFenced: assign(({ event }) => ({
      resourcesUnknown: false,
      reason: event.type === 'FENCE.CONFIRMED' ? `confirmed down by ${event.by ?? 'an administrator'}`
        : event.type === 'FENCE.SUCCEEDED' && event.device ? `fenced by ${event.device}` : 'fenced',
    })),
    // The node's fence action returns to the configured default once the episode is over.
    endEpisode: assign(({ context }) => ({ fenceAction: context.fencingAction })),
    refuse: assign(({ context }) => ({ refused: context.refused + 1 })),
    reportRefusal: sendParent(({ context, event }, params: { state: NodeStateName }) => {
      assert(event.type === 'NODE.JOIN' || event.type === 'NODE.FENCE', 'reportRefusal on an unexpected event');
      return refusalOf(context, event.type, params.state);
    }),
    report: sendParent(({ context }, params: { state: NodeStateName; waiting?: boolean }) =>
      reportOf(context, params.state, params.waiting ?? false)),
  },
}).createMachine({
  id: 'node',
  context: ({ input }) => initialContext(input),
  initial: 'offline',
  on: {
    // Outside the member states a mode change is remembered for the next join.
    'NODE.ONLINE': { actions: { type: 'setMode', params: { mode: 'online' } } },
    'NODE.STANDBY': { actions: { type: 'setMode', params: { mode: 'standby' } } },
    'NODE.MAINTENANCE': { actions: { type: 'setMode', params: { mode: 'maintenance' } } },
  },
  states: {
    offline: {
      entry: { type: 'report', params: { state: 'offline' } },
      // A fence ordered for a node that is not a member: startup fencing of a node never
      // seen, or an administrator's request. Its state is as unknown as a lost member's.
      on: { 'NODE.JOIN': 'joining', 'NODE.FENCE': fenceOrder('offline') },
    },
    joining: {
      entry: { type: 'report', params: { state: 'joining' } },
      on: {
        'NODE.JOINED': [
          { guard: 'modeStandby', target: 'standby', actions: 'noteJoined' },
          { guard: 'modeMaintenance', target: 'maintenance', actions: 'noteJoined' },
          { target: 'online', actions: 'noteJoined' },
        ],
        'NODE.LEFT': { target: 'offline', actions: 'noteLeft' },
        'NODE.LOST': [
          { guard: 'joiningNodeIsUnclean', target: 'unclean', actions: 'noteLost' },
          { target: 'offline', actions: 'noteLostClean' },
        ],
        'NODE.FENCE': fenceOrder('joining'),
      },
    },
    online: {
      entry: { type: 'report', params: { state: 'online' } },
      on: { ...memberOn('online'), 'NODE.STANDBY': toMode('standby'), 'NODE.MAINTENANCE': toMode('maintenance') },
    },
    standby: {
      entry: { type: 'report', params: { state: 'standby' } },
      on: { ...memberOn('standby'), 'NODE.ONLINE': toMode('online'), 'NODE.MAINTENANCE': toMode('maintenance') },
    },
    maintenance: {
      entry: { type: 'report', params: { state: 'maintenance' } },
      on: { ...memberOn('maintenance'), 'NODE.ONLINE': toMode('online'), 'NODE.STANDBY': toMode('standby') },
    },
    'shutting-down': {
      entry: { type: 'report', params: { state: 'shutting-down' } },
      on: {
        'NODE.LEFT': { target: 'offline', actions: 'noteLeft' },
        // Lost before it could confirm its resources stopped: nothing is known.
        'NODE.LOST': { target: 'unclean', actions: 'noteLost' },
        'NODE.FENCE': fenceOrder('shutting-down'),
      },
    },
    unclean: {
      entry: ['becomeUnclean', { type: 'report', params: { state: 'unclean' } }],
      always: { guard: 'fencingEnabled', target: 'fencing' },
      on: {
        'FENCE.CONFIRMED': { target: 'fenced', actions: 'noteFenced' },
        'NODE.JOIN': { actions: ['refuse', { type: 'reportRefusal', params: { state: 'unclean' } }] },
      },
    },
    fencing: {
      initial: 'requested',
      on: {
        // A success or a confirmation ends the episode even between two attempts.
        'FENCE.SUCCEEDED': { target: 'fenced', actions: 'noteFenced' },
        'FENCE.CONFIRMED': { target: 'fenced', actions: 'noteFenced' },
        'NODE.JOIN': { actions: ['refuse', { type: 'reportRefusal', params: { state: 'fencing' } }] },
      },
      states: {
        requested: {
          entry: ['countAttempt', { type: 'report', params: { state: 'fencing' } }],
          on: { 'FENCE.FAILED': { target: 'backoff', actions: 'countFailure' } },
        },
        backoff: {
          entry: { type: 'report', params: { state: 'fencing', waiting: true } },
          after: { fenceRetryDelayMs: 'requested' },
        },
      },
    },
    fenced: {
      entry: ['endEpisode', { type: 'report', params: { state: 'fenced' } }],
      on: { 'NODE.JOIN': 'joining', 'NODE.FENCE': fenceOrder('fenced') },
    },
  },
});

export type NodeMachine = typeof nodeMachine;
