// Small inline machines for the diagram tests: one that uses every statechart feature the
// renderers must handle, and one shaped like a resource lifecycle (about 10 states and 40
// transitions) to judge legibility.
import { and, assign, fromPromise, not, raise, setup } from 'xstate';

export const featureMachine = setup({
  types: {} as { context: { n: number }; events: { type: 'GO' } | { type: 'STOP' } | { type: 'NODE.LOST' } | { type: 'TICK' } },
  actions: { logIt: () => {}, bump: assign({ n: ({ context }) => context.n + 1 }), notify: () => {} },
  guards: { isOk: () => true, isBad: () => false, hasQuorum: () => true },
  delays: { monitorIntervalMs: 1000 },
  actors: { runAgent: fromPromise(async () => 1) },
}).createMachine({
  id: 'feature',
  context: { n: 0 },
  initial: 'idle',
  on: { 'NODE.*': { target: '.stop-failed' } },
  states: {
    idle: {
      entry: ['logIt'],
      on: { GO: [{ target: 'busy', guard: 'isOk', actions: ['bump', 'notify'] }, { target: 'stop-failed' }], TICK: { actions: 'bump' } },
      always: { guard: 'isBad', target: 'done' },
    },
    busy: {
      invoke: { src: 'runAgent', onDone: 'idle', onError: { target: 'stop-failed', actions: 'logIt' } },
      after: { monitorIntervalMs: 'idle', 10000: { target: 'busy', reenter: true } },
    },
    'stop-failed': {
      exit: [raise({ type: 'TICK' })],
      on: { STOP: { guard: and(['hasQuorum', not('isBad')]), target: 'done' }, '*': { target: 'stop-failed' } },
    },
    par: {
      type: 'parallel',
      on: { STOP: 'done' },
      states: {
        left: { initial: 'one', states: { one: { on: { TICK: 'two' } }, two: { type: 'final' } } },
        right: { initial: 'one', states: { one: {}, hist: { type: 'history', history: 'deep' } } },
      },
    },
    done: { type: 'final' },
  },
});

type LifecycleEvent =
  | { type: 'RESOURCE.START' } | { type: 'RESOURCE.STOP' } | { type: 'RESOURCE.PROBE' } | { type: 'RESOURCE.CLEANUP' }
  | { type: 'RESOURCE.MIGRATE' } | { type: 'NODE.FENCED' } | { type: 'AGENT.MONITOR_FAILED' } | { type: 'RESOURCE.UNBLOCK' };

export const lifecycleMachine = setup({
  types: {} as { context: { failCount: number }; events: LifecycleEvent },
  actions: {
    becomeStarted: () => {}, becomeStopped: () => {}, countFailure: assign({ failCount: ({ context }) => context.failCount + 1 }),
    resetFailCount: assign({ failCount: 0 }), reportToCoordinator: () => {}, scheduleRecovery: () => {},
  },
  guards: {
    isRunning: () => true, isNotRunning: () => true, belowMigrationThreshold: () => true, onFailBlock: () => false,
    onFailStop: () => false, onFailFence: () => false, onFailIgnore: () => false, allowMigrate: () => true,
  },
  delays: { monitorIntervalMs: 10_000, failureTimeoutMs: 600_000 },
  actors: { runStart: fromPromise(async () => 0), runStop: fromPromise(async () => 0), runProbe: fromPromise(async () => 0), runMonitor: fromPromise(async () => 0), runMigrate: fromPromise(async () => 0) },
}).createMachine({
  id: 'lifecycle',
  context: { failCount: 0 },
  initial: 'unknown',
  states: {
    unknown: {
      invoke: { src: 'runProbe', onDone: [{ guard: 'isRunning', target: 'started' }, { target: 'stopped' }], onError: 'monitor-failed' },
      on: { 'RESOURCE.STOP': 'stopping', 'RESOURCE.PROBE': { target: 'unknown', reenter: true } },
    },
    stopped: {
      entry: 'becomeStopped',
      on: { 'RESOURCE.START': 'starting', 'RESOURCE.PROBE': 'unknown', 'RESOURCE.CLEANUP': { actions: 'resetFailCount' } },
      after: { failureTimeoutMs: { actions: 'resetFailCount' } },
    },
    starting: {
      invoke: { src: 'runStart', onDone: 'started', onError: { target: 'stopping', actions: ['countFailure', 'reportToCoordinator'] } },
      on: { 'RESOURCE.STOP': 'stopping', 'NODE.FENCED': 'stopped' },
    },
    started: {
      entry: 'becomeStarted',
      initial: 'idle',
      states: {
        idle: { after: { monitorIntervalMs: 'monitoring' } },
        monitoring: {
          invoke: { src: 'runMonitor', onDone: [{ guard: 'isRunning', target: 'idle' }, { target: '#lifecycle.monitor-failed', actions: 'countFailure' }], onError: '#lifecycle.monitor-failed' },
        },
      },
      on: {
        'RESOURCE.STOP': 'stopping',
        'RESOURCE.MIGRATE': { guard: 'allowMigrate', target: 'migrating' },
        'AGENT.MONITOR_FAILED': { target: 'monitor-failed', actions: 'countFailure' },
        'NODE.FENCED': 'stopped',
        'RESOURCE.PROBE': { target: 'unknown' },
      },
    },
    migrating: {
      invoke: { src: 'runMigrate', onDone: 'stopped', onError: { target: 'stop-failed', actions: 'reportToCoordinator' } },
      on: { 'NODE.FENCED': 'stopped' },
    },
    'monitor-failed': {
      entry: 'scheduleRecovery',
      always: [
        { guard: 'onFailIgnore', target: 'started' },
        { guard: 'onFailBlock', target: 'blocked' },
        { guard: 'onFailFence', target: 'stop-failed' },
        { guard: and(['onFailStop', not('belowMigrationThreshold')]), target: 'stopping' },
      ],
      on: { 'RESOURCE.STOP': 'stopping', 'RESOURCE.START': 'starting', 'NODE.FENCED': 'stopped' },
    },
    stopping: {
      invoke: { src: 'runStop', onDone: { target: 'stopped', actions: 'reportToCoordinator' }, onError: { target: 'stop-failed', actions: ['countFailure', 'reportToCoordinator'] } },
      on: { 'NODE.FENCED': 'stopped' },
    },
    'stop-failed': {
      on: { 'NODE.FENCED': 'stopped', 'RESOURCE.CLEANUP': 'cleanup', 'RESOURCE.START': { actions: 'reportToCoordinator' } },
    },
    cleanup: {
      invoke: { src: 'runStop', onDone: 'unknown', onError: 'stop-failed' },
      on: { 'NODE.FENCED': 'stopped' },
    },
    blocked: {
      on: { 'RESOURCE.UNBLOCK': { guard: 'isNotRunning', target: 'stopped' }, 'RESOURCE.CLEANUP': 'cleanup', 'NODE.FENCED': 'stopped', 'RESOURCE.STOP': { actions: 'reportToCoordinator' } },
    },
  },
});
