// Every statechart of vigil, for the diagrams (npm run visualize) and the status page.
import type { AnyStateMachine } from 'xstate';
import { resourceMachine } from './resource.ts';
import { supervisorMachine } from './supervisor.ts';

export interface MachineEntry {
  name: string;
  description: string;
  machine: AnyStateMachine;
}

export const MACHINES: MachineEntry[] = [
  { name: 'resource', description: 'The lifecycle of one resource instance on one node: probe, start, monitor, stop, failures and on-fail recovery.', machine: resourceMachine },
  { name: 'supervisor', description: 'A parent of up to ~1,000 resource instances: spawns them, forwards requests, records their reports and restarts a child that crashes.', machine: supervisorMachine },
];
