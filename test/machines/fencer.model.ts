// The abstract model of one fencing operation, written independently of src/machines/fencer.ts,
// for a fixed topology: level 1 = device A; level 2 = devices B and C (both must succeed).
// Every answer that is not awaited (a device outside the current level, a device that already
// answered, another operation's answer) is ignored and counted. fencer.paths.test.ts drives
// the real machine along every path xstate/graph finds here.
import { assign, setup } from 'xstate';

export type Device = 'A' | 'B' | 'C';
export type Answer = 'ok' | 'fail' | null;
/** Ignored answers per path: beyond this nothing new is learned. */
export const MODEL_IGNORED_MAX = 1;

export interface ModelContext {
  answers: Record<Device, Answer>;
  ignored: number;
}

export type ModelEvent =
  | { type: 'A.OK' | 'A.FAIL' | 'B.OK' | 'B.FAIL' | 'C.OK' | 'C.FAIL' }
  | { type: 'FOREIGN' };

const deviceOf = (e: ModelEvent): Device => e.type[0] as Device;
const answerOf = (e: ModelEvent): Answer => (e.type.endsWith('.OK') ? 'ok' : 'fail');

export const fencerModel = setup({
  types: { context: {} as ModelContext, events: {} as ModelEvent },
  guards: {
    // Awaited in level 2: B or C, not answered yet.
    awaitedInLevel2: ({ context, event }) => event.type !== 'FOREIGN' && deviceOf(event) !== 'A' && context.answers[deviceOf(event)] === null,
    level2AllOk: ({ context }) => context.answers.B === 'ok' && context.answers.C === 'ok',
    level2Answered: ({ context }) => context.answers.B !== null && context.answers.C !== null,
  },
  actions: {
    record: assign(({ context, event }) => ({ answers: { ...context.answers, [deviceOf(event)]: answerOf(event) } })),
    ignore: assign(({ context }) => ({ ignored: context.ignored + 1 })),
  },
}).createMachine({
  id: 'model',
  context: { answers: { A: null, B: null, C: null }, ignored: 0 },
  initial: 'level1',
  states: {
    level1: {
      on: {
        'A.OK': { target: 'fenced', actions: 'record' },
        'A.FAIL': { target: 'level2', actions: 'record' },
        'B.OK': { actions: 'ignore' },
        'B.FAIL': { actions: 'ignore' },
        'C.OK': { actions: 'ignore' },
        'C.FAIL': { actions: 'ignore' },
        FOREIGN: { actions: 'ignore' },
      },
    },
    level2: {
      always: [
        { guard: 'level2AllOk', target: 'fenced' },
        { guard: 'level2Answered', target: 'failed' },
      ],
      on: {
        'A.OK': { actions: 'ignore' },
        'A.FAIL': { actions: 'ignore' },
        'B.OK': [{ guard: 'awaitedInLevel2', actions: 'record' }, { actions: 'ignore' }],
        'B.FAIL': [{ guard: 'awaitedInLevel2', actions: 'record' }, { actions: 'ignore' }],
        'C.OK': [{ guard: 'awaitedInLevel2', actions: 'record' }, { actions: 'ignore' }],
        'C.FAIL': [{ guard: 'awaitedInLevel2', actions: 'record' }, { actions: 'ignore' }],
        FOREIGN: { actions: 'ignore' },
      },
    },
    fenced: { type: 'final' },
    failed: { type: 'final' },
  },
});
