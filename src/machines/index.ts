// Every statechart of vigil, for the diagrams (npm run visualize) and the status page.
import type { AnyStateMachine } from 'xstate';
import { coordinatorMachine } from './coordinator.ts';
import { fenceMachine } from './fence.ts';
import { fencerMachine } from './fencer.ts';
import { nodeMachine } from './node.ts';
import { resourceMachine } from './resource.ts';
import { supervisorMachine } from './supervisor.ts';

export interface MachineEntry {
  name: string;
  description: string;
  machine: AnyStateMachine;
}

export const MACHINES: MachineEntry[] = [
  { name: 'resource', description: 'The lifecycle of one resource instance on one node: probe, start, monitor, stop, failures and on-fail recovery.', machine: resourceMachine },
  { name: 'node', description: 'One cluster node as the coordinator sees it: joining, member modes, clean shutdown, and unclean until fenced (retried forever) or confirmed down.', machine: nodeMachine },
  { name: 'fence', description: 'One fence device: its stonith resource lifecycle (the resource machine, reused) plus a queue of fencing requests, merged, retried and answered.', machine: fenceMachine },
  { name: 'fencer', description: 'One fencing operation of one node through the fencing topology: every device of a level must succeed; a failed level moves on to the next; fenced at the first level that succeeds, failed after the last.', machine: fencerMachine },
  { name: 'coordinator', description: 'The elected coordinator: spawns and supervises the node, resource, fence and fencer actors, schedules after a burst of changes, and runs each transition in dependency order.', machine: coordinatorMachine },
  { name: 'supervisor', description: 'A parent of up to ~1,000 resource instances: spawns them, forwards requests, records their reports and restarts a child that crashes.', machine: supervisorMachine },
];
