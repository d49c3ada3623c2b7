// Drives the real node machine on a SimulatedClock, recording every report and refusal it
// sends its parent (the `report` and `reportRefusal` actions are replaced by recorders).
import { createActor, SimulatedClock, type Actor } from 'xstate';
import { nodeMachine } from '../../../src/machines/node.ts';
import type { NodeEvent, NodeInput, NodeRefusal, NodeReport, NodeStateName } from '../../../src/machines/node-types.ts';
import { refusalOf, reportOf } from '../../../src/machines/node-ops.ts';

export function nodeInput(overrides: Partial<NodeInput> = {}): NodeInput {
  return {
    node: 'node1',
    fencingEnabled: true,
    fencingAction: 'reboot',
    alwaysFenceFailedNodes: false,
    fenceRetryInitialMs: 1_000,
    fenceRetryMaxMs: 60_000,
    mode: 'online',
    ...overrides,
  };
}

export class NodeHarness {
  readonly clock = new SimulatedClock();
  readonly reports: NodeReport[] = [];
  readonly refusals: NodeRefusal[] = [];
  readonly actor: Actor<typeof nodeMachine>;

  constructor(input: NodeInput) {
    const machine = nodeMachine.provide({
      actions: {
        // The real actions' payloads (node-ops.ts), captured instead of sent to a parent.
        report: ({ context }, params) => {
          const p = params as { state: NodeStateName; waiting?: boolean };
          this.reports.push(reportOf(context, p.state, p.waiting ?? false));
        },
        reportRefusal: ({ context, event }, params) => {
          this.refusals.push(refusalOf(context, event.type as NodeRefusal['event'], (params as { state: NodeStateName }).state));
        },
      },
    });
    this.actor = createActor(machine, { input, clock: this.clock, id: `node:${input.node}` });
    this.actor.start();
  }

  /** The state's name; fencing's sub-state too (`fencing.backoff`). */
  get state(): string {
    const v = this.actor.getSnapshot().value;
    return typeof v === 'string' ? v : Object.entries(v).map(([k, s]) => `${k}.${String(s)}`).join('');
  }

  get context() {
    return this.actor.getSnapshot().context;
  }

  get lastReport(): NodeReport | undefined {
    return this.reports.at(-1);
  }

  send(event: NodeEvent): void {
    this.actor.send(event);
  }

  advance(ms: number): void {
    this.clock.increment(ms);
  }
}
