// A host of resource instances: one slice (at most INSTANCES_PER_HOST_MAX) of one node's
// instances, kept under the coordinator so that no parent supervises more than ~1,000 children
// (XState's spawn and stop are quadratic in the number of siblings).
//
// It decides nothing. It spawns, addresses and stops the instances the coordinator names, and
// passes everything they tell their parent up to the coordinator unchanged. A crashed instance
// is stopped here and reported up (INSTANCES.FAILED), where the coordinator forgets it so that
// the next schedule re-probes it through a fresh actor.
import { enqueueActions, sendParent, setup } from 'xstate';
import { assert } from '../assert.ts';
import { fenceMachine } from './fence.ts';
import { resourceMachine } from './resource.ts';
import type { ResourceEvent, ResourceInput } from './resource-types.ts';
import type { FenceDeviceInput, FenceRequest, FenceResultReport } from './fence-types.ts';
import type { NodeEvent } from './node-types.ts';

/** Instances one host keeps (see the file's first comment). */
export const INSTANCES_PER_HOST_MAX = 1_000;

/** What a host passes on to one of its instances. */
export type InstanceEvent = ResourceEvent | NodeEvent | FenceRequest | FenceResultReport;

export type InstanceSpawn =
  | { type: 'INSTANCES.SPAWN'; id: string; kind: 'resource'; input: ResourceInput }
  | { type: 'INSTANCES.SPAWN'; id: string; kind: 'fence'; input: FenceDeviceInput };

export type InstanceHostEvent =
  | InstanceSpawn
  | { type: 'INSTANCES.SEND'; id: string; event: InstanceEvent }
  | { type: 'INSTANCES.STOP'; id: string }
  | { type: `xstate.error.actor.${string}`; error: unknown }
  // Anything else comes from an instance, for the coordinator.
  | { type: string };

/** What a host tells the coordinator of an instance that crashed. */
export interface InstanceFailed { type: 'INSTANCES.FAILED'; id: string; error: unknown }

export interface InstanceHostInput { node: string; slice: number }
export interface InstanceHostContext extends InstanceHostInput { count: number }

const ERROR = 'xstate.error.actor.';

export const instanceHostMachine = setup({
  types: {
    context: {} as InstanceHostContext,
    events: {} as InstanceHostEvent,
    input: {} as InstanceHostInput,
  },
  actors: { resource: resourceMachine, fence: fenceMachine },
  actions: {
    spawnInstance: enqueueActions(({ context, enqueue, event }) => {
      assert(event.type === 'INSTANCES.SPAWN', 'spawnInstance on another event');
      const spawn = event as InstanceSpawn;
      assert(context.count < INSTANCES_PER_HOST_MAX, `instance host ${context.node}/${context.slice} is full`);
      if (spawn.kind === 'fence') enqueue.spawnChild('fence', { id: spawn.id, systemId: spawn.id, input: spawn.input });
      else enqueue.spawnChild('resource', { id: spawn.id, systemId: spawn.id, input: spawn.input });
      enqueue.assign({ count: context.count + 1 });
    }),
    relayDown: enqueueActions(({ enqueue, event, self }) => {
      assert(event.type === 'INSTANCES.SEND', 'relayDown on another event');
      const { id, event: inner } = event as Extract<InstanceHostEvent, { type: 'INSTANCES.SEND' }>;
      // An instance stopped meanwhile (crashed, forgotten) simply misses the event.
      if (self.getSnapshot().children[id]) enqueue.sendTo(id, inner);
    }),
    stopInstance: enqueueActions(({ context, enqueue, event, self }) => {
      assert(event.type === 'INSTANCES.STOP', 'stopInstance on another event');
      const { id } = event as Extract<InstanceHostEvent, { type: 'INSTANCES.STOP' }>;
      if (!self.getSnapshot().children[id]) return;
      enqueue.stopChild(id);
      enqueue.assign({ count: context.count - 1 });
    }),
    instanceCrashed: enqueueActions(({ context, enqueue, event }) => {
      const id = event.type.slice(ERROR.length);
      enqueue.stopChild(id);
      enqueue.assign({ count: context.count - 1 });
      enqueue.sendParent({ type: 'INSTANCES.FAILED', id, error: (event as { error: unknown }).error } satisfies InstanceFailed);
    }),
    relayUp: sendParent(({ event }) => event),
  },
}).createMachine({
  id: 'instance-host',
  context: ({ input }) => ({ ...input, count: 0 }),
  on: {
    'INSTANCES.SPAWN': { actions: 'spawnInstance' },
    'INSTANCES.SEND': { actions: 'relayDown' },
    'INSTANCES.STOP': { actions: 'stopInstance' },
    'xstate.error.actor.*': { actions: 'instanceCrashed' },
    '*': { actions: 'relayUp' },
  },
});

export type InstanceHostMachine = typeof instanceHostMachine;
