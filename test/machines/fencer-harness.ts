// Drives the real fencer inside a recording parent that plays the coordinator: it records
// every request and level report the fencer sends up, and the test answers as the devices
// would (a FENCE.RESULT routed back to the fencer). No clock: the fencer has no timers.
import { createActor, createMachine, type Actor, type AnyActorRef, type EventObject, type SnapshotFrom } from 'xstate';
import { fencerMachine } from '../../src/machines/fencer.ts';
import { deviceRequestIdOf, fencerIdOf } from '../../src/machines/fencer-ops.ts';
import type { FenceResultReport } from '../../src/machines/fence-types.ts';
import type { FencerDeviceRequest, FencerInput, FencerLevelReport, FencerOutput } from '../../src/machines/fencer-types.ts';

export function fencerInput(overrides: Partial<FencerInput> = {}): FencerInput {
  return {
    target: 'node1', action: 'reboot', requestId: 'op1',
    levels: [{ index: 1, devices: ['ipmi'] }, { index: 2, devices: ['psu-a', 'psu-b'] }],
    ...overrides,
  };
}

export class FencerHarness {
  readonly sent: EventObject[] = [];
  output: FencerOutput | null = null;
  readonly parent: Actor<ReturnType<typeof createMachine>>;
  private lastSnapshot: SnapshotFrom<typeof fencerMachine> | undefined;

  constructor(readonly input: FencerInput) {
    const parent = createMachine({
      invoke: { id: 'fencer', src: fencerMachine, input, onDone: { actions: ({ event }) => { this.output = event.output as FencerOutput; } } },
      on: { '*': { actions: ({ event }) => { this.sent.push(event); } } },
    });
    // The fencer leaves its parent's children when it ends: its snapshots are kept from inspection.
    this.parent = createActor(parent, {
      id: 'coordinator',
      inspect: (e) => {
        if (e.type === '@xstate.snapshot' && (e.actorRef as AnyActorRef).id === 'fencer') this.lastSnapshot = e.snapshot as SnapshotFrom<typeof fencerMachine>;
      },
    });
    this.parent.start();
  }

  get snapshot(): SnapshotFrom<typeof fencerMachine> {
    if (!this.lastSnapshot) throw new Error('the fencer never ran');
    return this.lastSnapshot;
  }

  get requests(): FencerDeviceRequest[] {
    return this.sent.filter((e): e is FencerDeviceRequest => e.type === 'FENCE.REQUEST');
  }

  get levelReports(): FencerLevelReport[] {
    return this.sent.filter((e): e is FencerLevelReport => e.type === 'FENCER.LEVEL');
  }

  /** Deliver a device's answer, as the parent routes it (to a fencer that ended: dropped). */
  send(result: FenceResultReport): void {
    const fencer = this.parent.getSnapshot().children['fencer'] as AnyActorRef | undefined;
    fencer?.send(result);
  }

  /** A device's answer to what it was asked at `level` (its action: the level's, see levelAction). */
  answer(device: string, level: number, ok: boolean, over: Partial<FenceResultReport> = {}): void {
    const asked = this.requests.find((r) => r.device === device && r.level === level);
    this.send(resultFor(this.input, device, level, ok, { action: asked?.action ?? this.input.action, ...over }));
  }
}

export function resultFor(input: FencerInput, device: string, level: number, ok: boolean, over: Partial<FenceResultReport> = {}): FenceResultReport {
  return {
    type: 'FENCE.RESULT', device, target: input.target, action: input.action,
    requestIds: [deviceRequestIdOf(input.requestId, level, device)], requesters: [fencerIdOf(input.requestId)],
    ok, reason: ok ? `${device} fenced ${input.target}` : `${device} failed`, attempts: 1, deviceState: 'started', ...over,
  };
}
