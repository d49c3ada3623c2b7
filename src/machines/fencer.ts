// One fencing operation of one node, carried out through the fencing topology.
//
//   start -> level -> level -> ... -> fenced | failed      (both final)
//
// `level` asks every device of the current level at once and waits for all of their answers:
// the level succeeds only if every device did (a node with two power supplies is off only
// when both are). The first level that fully succeeds ends the operation (`fenced`); a failed
// level moves on to the next; when the last one failed, the operation has failed (`failed`).
// Waiting for all answers before the next level means two levels never act on the node at
// once. Timeouts and retries belong to the devices (fence.ts): every request is answered.
// A reboot through a level of several devices is asked of each as `off` (fencer-ops.ts
// levelAction): per-device reboots of a node's two power supplies never cut its power.
//
// Routing (the design choice): the fencer knows no actors, only device names. It sends each
// FENCE.REQUEST, with `device` added, to its parent; the parent (the coordinator, which owns
// the fence devices) passes it to fence:<device>, and passes the device's FENCE.RESULT back to
// every fencer named in its `requesters` (fencer:<requestId>; fencer-ops.ts fencersAnswered).
// Devices answer their parent anyway, so a sendTo from here would only move half the routing;
// this way a test drives the fencer alone by playing the parent.
//
// An answer is taken only from a device of the current level that has not answered yet, for
// this operation's request id to it; anything else is counted in `ignored` and dropped.
//
// One operation is one walk through the topology. Retrying forever with backoff is the node
// machine's job (node.ts): each retry is a new fencer with a new request id.
import { and, assign, enqueueActions, sendParent, setup } from 'xstate';
import { assert } from '../assert.ts';
import {
  enterLevel, isAwaited, levelFailed, levelReport, levelRequests, levelSucceeded, outputOf, recordOutcome, validateFencerInput, withLevelFailure,
} from './fencer-ops.ts';
import type { FencerContext, FencerEvent, FencerInput, FencerOutput } from './fencer-types.ts';

function initialContext(input: FencerInput): FencerContext {
  validateFencerInput(input);
  return { ...input, levels: input.levels.map((l) => ({ index: l.index, devices: [...l.devices] })), ...enterLevel(input, 0), failures: [], ignored: 0 };
}

export const fencerMachine = setup({
  types: {
    context: {} as FencerContext,
    events: {} as FencerEvent,
    input: {} as FencerInput,
    output: {} as FencerOutput,
  },
  guards: {
    noLevels: ({ context }) => context.levels.length === 0,
    awaited: ({ context, event }) => isAwaited(context, event),
    levelSucceeded: ({ context }) => levelSucceeded(context),
    levelFailed: ({ context }) => levelFailed(context),
    hasNextLevel: ({ context }) => context.levelPos + 1 < context.levels.length,
  },
  actions: {
    requestLevel: enqueueActions(({ context, enqueue }) => {
      for (const req of levelRequests(context)) enqueue.sendParent(req);
    }),
    reportLevel: sendParent(({ context }) => levelReport(context)),
    recordResult: assign(({ context, event }) => recordOutcome(context, event)),
    countIgnored: assign(({ context }) => ({ ignored: context.ignored + 1 })),
    failLevel: assign(({ context }) => ({ failures: withLevelFailure(context) })),
    nextLevel: assign(({ context }) => {
      assert(context.levelPos + 1 < context.levels.length, `fencing of ${context.target}: no level after the last`);
      return enterLevel(context, context.levelPos + 1);
    }),
  },
}).createMachine({
  id: 'fencer',
  context: ({ input }) => initialContext(input),
  initial: 'start',
  // In `fenced` the current level is the one that succeeded; `failed` keeps no success.
  output: ({ context }) => outputOf(context, levelSucceeded(context)),
  states: {
    start: {
      always: [{ guard: 'noLevels', target: 'failed' }, { target: 'level' }],
    },
    level: {
      entry: ['reportLevel', 'requestLevel'],
      on: {
        'FENCE.RESULT': [{ guard: 'awaited', actions: 'recordResult' }, { actions: 'countIgnored' }],
      },
      always: [
        { guard: 'levelSucceeded', target: 'fenced' },
        // Re-entering asks the next level's devices (entry actions run after nextLevel).
        { guard: and(['levelFailed', 'hasNextLevel']), target: 'level', reenter: true, actions: ['failLevel', 'nextLevel'] },
        { guard: 'levelFailed', target: 'failed', actions: 'failLevel' },
      ],
    },
    fenced: { type: 'final' },
    failed: { type: 'final' },
  },
});

export type FencerMachine = typeof fencerMachine;
