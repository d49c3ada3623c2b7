// A stand-in coordinator for the real-process fencing tests: it owns one node actor, the fence
// device actors (the real fence machine, running Debian's real fence agents) and the fencers,
// and does the routing fencer.ts describes: a fencer's FENCE.REQUEST goes to its device, the
// device's FENCE.RESULT goes back to every fencer among its requesters, and a fencer's output
// becomes FENCE.SUCCEEDED / FENCE.FAILED for the node. A device can be replaced (an
// administrator fixed its configuration) under the same name.
import { assign, enqueueActions, fromPromise, setup, type AnyActorRef } from 'xstate';
import { createFenceRunner } from '../../src/agents/fence.ts';
import { fenceMachine } from '../../src/machines/fence.ts';
import type { FenceAttemptInput, FenceAttemptResult, FenceDeviceInput, FenceResultReport } from '../../src/machines/fence-types.ts';
import { fencerMachine } from '../../src/machines/fencer.ts';
import { fencerIdOf, fencersAnswered } from '../../src/machines/fencer-ops.ts';
import type { FencerDeviceRequest, FencerLevel, FencerLevelReport, FencerOutput } from '../../src/machines/fencer-types.ts';
import { nodeMachine } from '../../src/machines/node.ts';
import type { NodeEvent, NodeInput, NodeReport } from '../../src/machines/node-types.ts';
import { resourceMachine } from '../../src/machines/resource.ts';
import type { StampedResult } from '../../src/machines/resource-types.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';

const runner = createFenceRunner({ killGraceMs: 500 });

/** The fence device with the edge plugged in: real fence agents; the stonith lifecycle's own agent is instant. */
export const realFenceDevice = fenceMachine.provide({
  actors: {
    lifecycle: resourceMachine.provide({
      actors: {
        runAgent: fromPromise<StampedResult, AgentOperation>(async ({ input }) => ({
          rc: input.action === 'monitor' && input.intervalMs === 0 ? 7 : 0, timedOut: false, signal: null, durationMs: 0, outputTail: '', endedAtMs: Date.now(),
        })),
      },
    }),
    runFence: fromPromise<FenceAttemptResult, FenceAttemptInput>(async ({ input }) => {
      const r = await runner.run({ device: input.device, agent: input.agent, action: input.action, target: input.target, params: input.params, timeoutMs: input.timeoutMs });
      return { ok: r.ok, reason: r.reason };
    }),
  },
});

export interface RouterInput {
  node: NodeInput;
  devices: FenceDeviceInput[];
  levels: FencerLevel[];
}

export interface RouterContext {
  nodeInput: NodeInput;
  deviceInputs: FenceDeviceInput[];
  levels: FencerLevel[];
  action: NodeInput['fencingAction'];
  /** Device name -> the id of its current actor (a replaced device gets a new one). */
  deviceActors: Record<string, string>;
  generation: number;
  operations: number;
  outputs: FencerOutput[];
  nodeReports: NodeReport[];
  levelReports: FencerLevelReport[];
  results: FenceResultReport[];
  errors: string[];
}

export type RouterEvent =
  | NodeReport
  | FencerDeviceRequest
  | FenceResultReport
  | FencerLevelReport
  | { type: 'TEST.FENCE' }
  | { type: 'TEST.REPLACE_DEVICE'; device: FenceDeviceInput }
  | { type: 'TEST.NODE'; event: NodeEvent }
  | { type: `xstate.done.actor.${string}`; output: unknown }
  | { type: `xstate.error.actor.${string}`; error: unknown }
  | { type: 'RESOURCE.REPORT' };

const NODE_ID = 'node';

export const routerMachine = setup({
  types: { context: {} as RouterContext, events: {} as RouterEvent, input: {} as RouterInput },
  actors: { node: nodeMachine, device: realFenceDevice, fencer: fencerMachine },
  actions: {
    startFencer: enqueueActions(({ context, enqueue }) => {
      const requestId = `fence-node-${context.operations + 1}`;
      const node = context.nodeReports.at(-1);
      enqueue.assign({ operations: context.operations + 1 });
      enqueue.spawnChild('fencer', {
        id: fencerIdOf(requestId),
        input: { target: node?.node ?? 'node1', action: node?.fenceAction ?? context.action, levels: context.levels, requestId },
      });
    }),
  },
}).createMachine({
  id: 'router',
  context: ({ input }) => ({
    nodeInput: input.node, deviceInputs: input.devices, levels: input.levels, action: input.node.fencingAction, generation: 0, operations: 0,
    deviceActors: Object.fromEntries(input.devices.map((d) => [d.lifecycle.resource, `fence:${d.lifecycle.resource}#0`])),
    outputs: [], nodeReports: [], levelReports: [], results: [], errors: [],
  }),
  entry: enqueueActions(({ context, enqueue }) => {
    for (const d of context.deviceInputs) enqueue.spawnChild('device', { id: context.deviceActors[d.lifecycle.resource]!, input: d });
  }),
  invoke: { id: NODE_ID, src: 'node', input: ({ context }) => context.nodeInput },
  on: {
    'NODE.REPORT': [
      { guard: ({ event }) => event.request === 'fence', actions: [assign(({ context, event }) => ({ nodeReports: [...context.nodeReports, event] })), 'startFencer'] },
      { actions: assign(({ context, event }) => ({ nodeReports: [...context.nodeReports, event] })) },
    ],
    'TEST.FENCE': { actions: 'startFencer' },
    'TEST.NODE': { actions: enqueueActions(({ event, enqueue }) => { enqueue.sendTo(NODE_ID, event.event); }) },
    'FENCE.REQUEST': {
      actions: enqueueActions(({ context, event, enqueue, self }) => {
        const actorId = context.deviceActors[event.device];
        const device = actorId === undefined ? undefined : (self.getSnapshot().children as Record<string, AnyActorRef>)[actorId];
        if (device) {
          enqueue.sendTo(device, event);
          return;
        }
        // No such device: answered as a failure at once, so a fencer never waits for nobody.
        const missing: FenceResultReport = {
          type: 'FENCE.RESULT', device: event.device, target: event.target, action: event.action, requestIds: [event.requestId],
          requesters: [event.requester], ok: false, reason: `no fence device ${event.device}`, attempts: 0, deviceState: 'unknown',
        };
        enqueue.raise(missing);
      }),
    },
    'FENCE.RESULT': {
      actions: enqueueActions(({ context, event, enqueue, self }) => {
        enqueue.assign({ results: [...context.results, event] });
        const children = self.getSnapshot().children as Record<string, AnyActorRef>;
        for (const id of fencersAnswered(event)) if (children[id]) enqueue.sendTo(children[id], event);
      }),
    },
    'FENCER.LEVEL': { actions: assign(({ context, event }) => ({ levelReports: [...context.levelReports, event] })) },
    'TEST.REPLACE_DEVICE': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const name = event.device.lifecycle.resource;
        const old = context.deviceActors[name];
        if (old !== undefined) enqueue.stopChild(old);
        const id = `fence:${name}#${context.generation + 1}`;
        enqueue.spawnChild('device', { id, input: event.device });
        enqueue.assign({ generation: context.generation + 1, deviceActors: { ...context.deviceActors, [name]: id } });
      }),
    },
    'xstate.done.actor.*': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const output = event.output as FencerOutput;
        enqueue.assign({ outputs: [...context.outputs, output] });
        enqueue.sendTo(NODE_ID, output.ok
          ? { type: 'FENCE.SUCCEEDED', device: output.devices.join('+') }
          : { type: 'FENCE.FAILED', reason: output.reason });
      }),
    },
    'xstate.error.actor.*': {
      actions: assign(({ context, event }) => ({ errors: [...context.errors, `${event.type}: ${String(event.error)}`] })),
    },
  },
});
