// Test helpers for the executor and remote operations: a simulated cluster on the daemon
// registry, a fake agent runner whose operations the test completes by hand, an epoch check
// like the election's, and pumping the simulated clock while promises settle.
import type { FenceRequest, FenceResult, FenceRunner } from '../../src/agents/fence.ts';
import type { AgentRunner } from '../../src/agents/ocf-runner.ts';
import { createDaemonRegistry } from '../../src/daemon/protocol-kinds.ts';
import type { FenceAttemptInput } from '../../src/machines/fence-types.ts';
import type { Authorization } from '../../src/election/types.ts';
import type { AgentOperation, AgentResult } from '../../src/ocf/operation.ts';
import { SimClock } from '../../src/transport/sim-clock.ts';
import { SimNetwork } from '../../src/transport/sim-network.ts';
import type { SimTransport } from '../../src/transport/sim-transport.ts';
import type { Message } from '../../src/transport/types.ts';
import { memoryLogger, type LogLine } from '../transport/helpers.ts';

export { memoryLogger, type LogLine };

export const HEARTBEAT = { intervalMs: 100, timeoutMs: 350 } as const;

export function operation(overrides: Partial<AgentOperation> = {}): AgentOperation {
  return {
    resource: 'r1', agent: { class: 'ocf', provider: 'heartbeat', type: 'Dummy' }, action: 'start',
    intervalMs: 0, timeoutMs: 1_000, params: {}, meta: {}, node: 'node2', ...overrides,
  };
}

export function fenceAttempt(overrides: Partial<FenceAttemptInput> = {}): FenceAttemptInput {
  return { device: 'ipmi', node: 'node2', agent: 'fence_dummy', params: { type: 'file' }, target: 'node3', action: 'off', timeoutMs: 1_000, ...overrides };
}

export function agentResult(rc: number, overrides: Partial<AgentResult> = {}): AgentResult {
  return { rc, timedOut: false, signal: null, durationMs: 5, outputTail: '', ...overrides };
}

/** An in-memory cluster on the simulated network with the daemon's message kinds; every link up. */
export function simCluster(nodes: string[] = ['node1', 'node2', 'node3']) {
  const clock = new SimClock();
  const { logger, lines } = memoryLogger();
  const net = new SimNetwork({ nodes, clock, seed: 7, heartbeat: HEARTBEAT, registry: createDaemonRegistry(), logger });
  const transports = new Map(nodes.map((n) => [n, net.transport(n)]));
  clock.advance(HEARTBEAT.intervalMs * 2);
  const t = (name: string): SimTransport => {
    const found = transports.get(name);
    if (found === undefined) throw new Error(`no node ${name}`);
    return found;
  };
  return { clock, net, logger, lines, t };
}

/** Every message `name` receives, in order. */
export function inbox(transport: SimTransport): Message[] {
  const got: Message[] = [];
  transport.onMessage((_from, msg) => got.push(msg));
  return got;
}

/** Lets pending promise callbacks run (several rounds of the macrotask queue). */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Advances the simulated clock by `ms` in steps of `stepMs`, letting promises settle between steps. */
export async function run(clock: SimClock, ms: number, stepMs = 1): Promise<void> {
  for (let doneMs = 0; doneMs < ms; doneMs += stepMs) {
    await flush(1);
    clock.advance(Math.min(stepMs, ms - doneMs));
  }
  await flush();
}

/** Pumps the simulated clock (1 ms per real tick) until `promise` settles: for real agent processes. */
export async function pump<T>(clock: SimClock, promise: Promise<T>, realTimeoutMs = 20_000): Promise<T> {
  let done = false;
  const watched = promise.finally(() => { done = true; });
  const startedAtMs = Date.now();
  while (!done) {
    if (Date.now() - startedAtMs > realTimeoutMs) throw new Error(`still waiting after ${realTimeoutMs} ms of real time`);
    await new Promise((resolve) => setTimeout(resolve, 1));
    clock.advance(1);
  }
  return watched;
}

/** An authority like the election's for a node that follows whoever commands it: older epochs refused, newer adopted. */
export function epochCheck(initial: number) {
  const state = { epoch: initial, calls: [] as { epoch: number; from: string }[] };
  const check = (epoch: number, from: string): Authorization => {
    state.calls.push({ epoch, from });
    if (epoch < state.epoch) return { accepted: false, epoch: state.epoch, reason: 'stale-epoch' };
    state.epoch = epoch;
    return { accepted: true, epoch: state.epoch };
  };
  return { state, authority: { check, whenAuthorized: async (epoch: number, from: string) => check(epoch, from) } };
}

interface Call { op: AgentOperation; resolve(result: unknown): void; reject(error: unknown): void }

/** An AgentRunner whose operations stay running until the test finishes them. */
export class FakeRunner implements AgentRunner {
  readonly calls: Call[] = [];
  /** When set, every operation finishes at once with this (or its function's) result. */
  auto: ((op: AgentOperation) => unknown) | undefined;

  run(op: AgentOperation): Promise<AgentResult> {
    return new Promise((resolve, reject) => {
      if (this.auto) return resolve(this.auto(op) as AgentResult);
      this.calls.push({ op, resolve: resolve as (r: unknown) => void, reject });
    });
  }

  /** Finishes the oldest running operation on `resource` (any when omitted). */
  finish(result: unknown, resource?: string): AgentOperation {
    const index = this.calls.findIndex((c) => resource === undefined || c.op.resource === resource);
    if (index < 0) throw new Error(`no running operation${resource ? ` on ${resource}` : ''}`);
    const [call] = this.calls.splice(index, 1);
    call!.resolve(result);
    return call!.op;
  }

  running(): string[] {
    return this.calls.map((c) => `${c.op.action}:${c.op.resource}`);
  }
}

export class FakeFenceRunner implements FenceRunner {
  readonly requests: FenceRequest[] = [];
  answer: (req: FenceRequest) => Promise<FenceResult> = async (req) => ({ ok: true, rc: 0, timedOut: false, signal: null, durationMs: 1, outputTail: 'x', reason: `fence device ${req.device}: done` });

  run(req: FenceRequest): Promise<FenceResult> {
    this.requests.push(req);
    return this.answer(req);
  }
}
