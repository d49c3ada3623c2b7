// One whole-cluster simulation run, from one seed:
//   warm-up (the cluster forms and starts everything), faults for `durationMs`, heal, a quiet
//   period with no faults (the cluster must converge), then each node's config (`config.held`)
//   and `run.ended`. Returns the ledger for the invariant checker.
//
// The driver runs one simulated instant at a time and lets every promise callback settle
// before the next (daemons are async); nothing here reads real time, so a seed replays exactly.
import { assert } from '../../assert.ts';
import { compareGeneration } from '../../config/generation.ts';
import type { ClusterDocument } from '../../config/model.ts';
import { configEntry } from '../../daemon/ledger-record.ts';
import type { LedgerEntry } from '../../ledger/types.ts';
import type { Logger } from '../../runtime/logger.ts';
import { createPrng } from '../../transport/prng.ts';
import type { TruthViolation } from './agents.ts';
import type { SteppedClock } from './clock.ts';
import { SimCluster } from './cluster.ts';
import { simConfig, simNodeNames } from './config.ts';
import { FaultInjector, planFaults, type FaultOptions, type Planned } from './faults.ts';

export interface SimulationOptions {
  seed: number;
  /** How many nodes (default 3). */
  nodes?: number;
  /** How long faults are injected, after the warm-up (default 30 s of simulated time). */
  durationMs?: number;
  /** Before the first fault (default 8 s). */
  warmupMs?: number;
  /** After healing, with no faults (default 40 s). */
  quietMs?: number;
  /** false: no faults at all. */
  faults?: FaultOptions | false;
  /** Cluster options added to the simulated config (e.g. node-action-limit). */
  options?: Record<string, string>;
  logger?: Logger;
}

export interface SimulationResult {
  seed: number;
  nodes: string[];
  /** The config the cluster ended with (the highest generation an up node holds), with the initial status. */
  doc: ClusterDocument;
  ledger: LedgerEntry[];
  /** Faults really injected. */
  faults: number;
  plan: Planned[];
  /** Single-instance resources really active on two nodes (the harness's own oracle). */
  truthViolations: TruthViolation[];
  /** What really ran on each node at the end. */
  activeAtEnd: Record<string, string[]>;
  /** Unhandled rejections while the run went on (a daemon's async code threw): each is a bug. */
  errors: string[];
  healedAtMs: number;
  endedAtMs: number;
  /** Simulated instants stepped through. */
  steps: number;
}

/** Instants one run may step through; a livelock of zero-delay timers stops here. */
export const SIM_STEPS_MAX = 5_000_000;

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs every timer up to `targetMs`, one instant at a time, letting promises settle in between. */
export async function runTo(clock: SteppedClock, targetMs: number, budget: { steps: number }): Promise<void> {
  for (let next = clock.nextDueMs(); next !== null && next <= targetMs; next = clock.nextDueMs()) {
    assert(++budget.steps < SIM_STEPS_MAX, `more than ${SIM_STEPS_MAX} simulated instants`);
    clock.runUntil(next);
    await settle();
  }
  clock.runUntil(targetMs);
  await settle();
}

export async function runSimulation(opts: SimulationOptions): Promise<SimulationResult> {
  assert(Number.isInteger(opts.seed), `seed must be an integer, got ${opts.seed}`);
  const nodes = simNodeNames(opts.nodes ?? 3);
  const base = simConfig(nodes);
  const doc = { ...base, config: { ...base.config, options: { ...base.config.options, other: { ...base.config.options.other, ...opts.options } } } };
  const prng = createPrng(opts.seed);
  const cluster = new SimCluster({ seed: prng.fork().int(0, 2 ** 31 - 1), doc, logger: opts.logger });
  const warmupMs = opts.warmupMs ?? 8_000;
  const healAtMs = warmupMs + (opts.durationMs ?? 30_000);
  const endAtMs = healAtMs + (opts.quietMs ?? 40_000);
  const plan = opts.faults === false ? [] : planFaults(prng.fork(), nodes, warmupMs, healAtMs, opts.faults);
  const injector = new FaultInjector(cluster);
  injector.schedule(plan);
  const budget = { steps: 0 };
  const errors: string[] = [];
  const onRejection = (error: unknown): void => { errors.push(`at ${cluster.clock.now()} ms: ${error instanceof Error ? error.stack ?? error.message : String(error)}`); };
  process.on('unhandledRejection', onRejection);
  try {
    for (const node of nodes) cluster.start(node);
    await runTo(cluster.clock, healAtMs, budget);
    injector.heal();
    cluster.ledger.record({ kind: 'healed' });
    await runTo(cluster.clock, endAtMs, budget);
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  // The checker judges the end against the config the cluster ended with (administrators' changes included).
  let final = doc.config;
  for (const node of cluster.upNodes()) {
    const daemon = cluster.daemon(node);
    if (!daemon) continue;
    const held = daemon.document().config;
    cluster.ledger.record(configEntry('config.held', node, held));
    if (compareGeneration(held.generation, final.generation) > 0) final = held;
  }
  cluster.ledger.record({ kind: 'run.ended' });
  const activeAtEnd = Object.fromEntries(nodes.map((n) => [n, cluster.world.activeOn(n)]));
  for (const node of nodes) cluster.crash(node); // stops every timer of every daemon
  return {
    seed: opts.seed, nodes, doc: { ...doc, config: final }, ledger: cluster.ledger.entries, faults: injector.injected, plan,
    truthViolations: cluster.world.truthViolations, activeAtEnd, errors, healedAtMs: healAtMs, endedAtMs: endAtMs, steps: budget.steps,
  };
}
