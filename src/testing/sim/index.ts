// The whole-cluster deterministic simulation: N production daemons on one simulated clock and
// network, a seeded fault schedule, and the ledger the invariant checker reads.
export { runSimulation, type SimulationOptions, type SimulationResult } from './run.ts';
export { FAULT_KINDS, type FaultKind, type FaultOptions } from './faults.ts';
export { simConfig, simConfigText, simNodeNames } from './config.ts';
