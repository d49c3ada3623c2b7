// Drives the real resource machine with a fake agent whose operations the test completes by
// hand, on a SimulatedClock. Records every operation, every report, and the most operations
// that were ever running at once (must stay 1: one operation at a time per instance).
import { createActor, fromPromise, SimulatedClock, type Actor } from 'xstate';
import { resourceMachine } from '../../../src/machines/resource.ts';
import { defaultResourceInput } from '../../../src/machines/resource-input.ts';
import type { ResourceInput, ResourceReport, StampedResult } from '../../../src/machines/resource-types.ts';
import type { AgentOperation } from '../../../src/ocf/operation.ts';

/** The instance most tests start from: rsc1 on node1. */
export function baseInput(overrides: Partial<ResourceInput> = {}): ResourceInput {
  return defaultResourceInput('rsc1', 'node1', overrides);
}

export interface Completion {
  rc?: number;
  timedOut?: boolean;
  signal?: string | null;
}

export class ResourceHarness {
  readonly clock = new SimulatedClock();
  readonly ops: AgentOperation[] = [];
  readonly reports: ResourceReport[] = [];
  maxConcurrentOps = 0;
  private pending: { op: AgentOperation; resolve: (r: StampedResult) => void }[] = [];
  readonly actor: Actor<typeof resourceMachine>;

  constructor(input: ResourceInput) {
    const machine = resourceMachine.provide({
      actors: {
        runAgent: fromPromise<StampedResult, AgentOperation>(({ input: op }) => new Promise((resolve) => {
          this.ops.push(op);
          this.pending.push({ op, resolve });
          this.maxConcurrentOps = Math.max(this.maxConcurrentOps, this.pending.length);
        })),
      },
      actions: {
        report: ({ context }, params) => {
          this.reports.push({
            type: 'RESOURCE.REPORT', resource: context.resource, node: context.node, state: params.state,
            rc: context.lastRc, reason: context.lastReason, failure: context.lastFailure, degraded: context.degraded,
          });
        },
      },
    });
    this.actor = createActor(machine, { input, clock: this.clock, id: `resource:${input.resource}@${input.node}` });
    this.actor.start();
  }

  /** The lifecycle state's name (for `cleanup`, its child too). */
  get state(): string {
    const value = this.actor.getSnapshot().value as { lifecycle: string | Record<string, string> };
    const lc = value.lifecycle;
    return typeof lc === 'string' ? lc : Object.entries(lc).map(([k, v]) => `${k}.${v}`).join('');
  }

  get context() {
    return this.actor.getSnapshot().context;
  }

  get pendingOp(): AgentOperation | undefined {
    return this.pending[0]?.op;
  }

  send(event: Parameters<Actor<typeof resourceMachine>['send']>[0]): Promise<void> {
    this.actor.send(event);
    return flush();
  }

  /** Complete the one running operation. */
  async complete(c: Completion = {}): Promise<AgentOperation> {
    const p = this.pending.shift();
    if (!p) throw new Error(`no operation is running (state ${this.state})`);
    p.resolve({
      rc: c.rc ?? 0, timedOut: c.timedOut ?? false, signal: c.signal ?? null,
      durationMs: 5, outputTail: '', endedAtMs: this.clock.now(),
    });
    await flush();
    return p.op;
  }

  async advance(ms: number): Promise<void> {
    this.clock.increment(ms);
    await flush();
  }

  /** Fence the node: operations still pending die with it. */
  async fence(): Promise<void> {
    this.pending = [];
    await this.send({ type: 'NODE.FENCED' });
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
