// A fleet of resource actors for the actor benchmark: ceil(N / 1,000) supervisors, each a
// root actor of its own (its own XState system), all sharing one SimulatedClock, with an
// instant fake agent. Each supervisor stands for one node and holds at most 1,000 instances.
import { createActor, fromPromise, SimulatedClock, type Actor } from 'xstate';
import { assert } from '../../src/assert.ts';
import { resourceMachine } from '../../src/machines/resource.ts';
import { defaultResourceInput } from '../../src/machines/resource-input.ts';
import type { ResourceInput, ResourceStateName, StampedResult } from '../../src/machines/resource-types.ts';
import { allInstances, SUPERVISOR_CHILDREN_MAX, supervisorMachine } from '../../src/machines/supervisor.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';

export const MONITOR_INTERVAL_MS = 10_000;
/** OCF_NOT_RUNNING: what every probe answers, so probed instances settle in `stopped`. */
const RC_NOT_RUNNING = 7;
/** A bound on every wait: far above the few event-loop turns an instant agent needs. */
const WAIT_TURNS_MAX = 100_000;

export type Supervisor = Actor<typeof supervisorMachine>;

/** What the fake agent was asked to do, by kind. */
export interface AgentCalls {
  probe: number;
  start: number;
  monitor: number;
  other: number;
}

export interface Fleet {
  size: number;
  clock: SimulatedClock;
  supervisors: Supervisor[];
  calls: AgentCalls;
}

/** The supervisor machine with an agent that answers at once: rc 7 for probes, 0 otherwise. */
function instantMachine(clock: SimulatedClock, calls: AgentCalls) {
  const runAgent = fromPromise<StampedResult, AgentOperation>(({ input: op }) => {
    const isProbe = op.action === 'monitor' && op.intervalMs === 0;
    if (isProbe) calls.probe += 1;
    else if (op.action === 'start') calls.start += 1;
    else if (op.action === 'monitor') calls.monitor += 1;
    else calls.other += 1;
    return Promise.resolve({
      rc: isProbe ? RC_NOT_RUNNING : 0, timedOut: false, signal: null, durationMs: 0, outputTail: '', endedAtMs: clock.now(),
    });
  });
  // The agent is the resource machine's edge: provide it there, then hand the provided
  // resource machine to the supervisor as its child logic.
  const resource = resourceMachine.provide({ actors: { runAgent } });
  return supervisorMachine.provide({ actors: { resource } });
}

/** Create and start every supervisor (which spawns its children from its input). */
export function spawnFleet(size: number): Fleet {
  assert(Number.isInteger(size) && size > 0, `fleet size must be a positive integer, got ${size}`);
  const clock = new SimulatedClock();
  const calls: AgentCalls = { probe: 0, start: 0, monitor: 0, other: 0 };
  const machine = instantMachine(clock, calls);
  const supervisors: Supervisor[] = [];
  const count = Math.ceil(size / SUPERVISOR_CHILDREN_MAX);
  for (let s = 0; s < count; s++) {
    const node = `node${s}`;
    const resources: ResourceInput[] = [];
    const end = Math.min(size, (s + 1) * SUPERVISOR_CHILDREN_MAX);
    for (let i = s * SUPERVISOR_CHILDREN_MAX; i < end; i++) resources.push(defaultResourceInput(`rsc${i}`, node, { monitor: { intervalMs: MONITOR_INTERVAL_MS, timeoutMs: 20_000 } }));
    const actor = createActor(machine, { input: { node, resources }, clock, id: `supervisor:${node}` });
    actor.start();
    supervisors.push(actor);
  }
  return { size, clock, supervisors, calls };
}

/** How many instances, across all supervisors, last reported `state`. */
export function countReported(fleet: Fleet, state: ResourceStateName): number {
  let n = 0;
  for (const sup of fleet.supervisors) {
    for (const bucket of Object.values(sup.getSnapshot().context.instances)) for (const view of Object.values(bucket)) if (view.state === state) n += 1;
  }
  return n;
}

/**
 * Yield to the event loop until every instance has last reported `state` (the instant agent
 * resolves in microtasks, so this takes a few turns, never a sleep). Throws past the bound.
 */
export async function waitForAll(fleet: Fleet, state: ResourceStateName, extra: () => boolean = () => true): Promise<number> {
  for (let turns = 0; turns < WAIT_TURNS_MAX; turns++) {
    if (countReported(fleet, state) === fleet.size && extra()) return turns;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`after ${WAIT_TURNS_MAX} event-loop turns only ${countReported(fleet, state)} of ${fleet.size} instances report ${state}`);
}

export function broadcast(fleet: Fleet, type: 'RESOURCE.PROBE' | 'RESOURCE.START'): void {
  for (const sup of fleet.supervisors) sup.send({ type: 'SUPERVISOR.BROADCAST', command: { type } });
}

/** Problems found in the end state: empty when every actor is `started` with no failures. */
export function checkStarted(fleet: Fleet, monitorRounds: number): string[] {
  const problems: string[] = [];
  let seen = 0;
  for (const sup of fleet.supervisors) {
    const snap = sup.getSnapshot();
    if (snap.status !== 'active') problems.push(`${sup.id} is ${snap.status}`);
    if (snap.context.restarts > 0) problems.push(`${sup.id} restarted ${snap.context.restarts} children`);
    for (const [resource, view] of Object.entries(allInstances(snap.context))) {
      seen += 1;
      if (view.state !== 'started') problems.push(`${resource} reports ${view.state}`);
      if (view.failure !== null) problems.push(`${resource} failed: ${view.failure.reason}`);
    }
    // The children themselves, not only what they reported.
    for (const child of Object.values(snap.children)) {
      const value = (child?.getSnapshot() as { value?: { lifecycle?: unknown } } | undefined)?.value;
      if (value?.lifecycle !== 'started') problems.push(`${child?.id} is in ${JSON.stringify(value)}`);
    }
  }
  const { calls, size } = fleet;
  if (seen !== size) problems.push(`${seen} instances reported, expected ${size}`);
  const want = { probe: size, start: size, monitor: size * monitorRounds, other: 0 };
  for (const k of Object.keys(want) as (keyof AgentCalls)[]) {
    if (calls[k] !== want[k]) problems.push(`agent ran ${calls[k]} ${k} operations, expected ${want[k]}`);
  }
  return problems.slice(0, 20);
}

export function stopFleet(fleet: Fleet): void {
  for (const sup of fleet.supervisors) sup.stop();
}
