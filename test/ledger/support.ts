// Builders for hand-written ledgers and cluster documents.
import { defaultOptions, emptyConfig } from '../../src/config/defaults.ts';
import type { ClusterDocument, Constraint, Meta, Primitive, Resource } from '../../src/config/model.ts';
import type { CheckContext } from '../../src/testing/ledger-checker/index.ts';
import type { LedgerBody, LedgerEntry, OpCompleted } from '../../src/ledger/types.ts';

export function prim(id: string, meta: Meta = {}, cls: Primitive['class'] = 'ocf'): Primitive {
  return { kind: 'primitive', id, class: cls, provider: cls === 'ocf' ? 'heartbeat' : undefined, type: cls === 'stonith' ? 'fence_dummy' : 'Dummy', params: {}, meta, operations: [] };
}

export interface DocOptions {
  nodes?: number;
  resources?: Resource[];
  constraints?: Constraint[];
  options?: Partial<ClusterDocument['config']['options']>;
  standby?: string[];
  maintenance?: string[];
}

export function makeDoc(o: DocOptions = {}): ClusterDocument {
  const names = Array.from({ length: o.nodes ?? 3 }, (_, i) => `n${i + 1}`);
  const config = {
    ...emptyConfig(),
    options: { ...defaultOptions(), ...o.options },
    nodes: names.map((name) => ({ name, attributes: {}, standby: o.standby?.includes(name) ?? false, maintenance: o.maintenance?.includes(name) ?? false })),
    resources: o.resources ?? [prim('rsc1')],
    constraints: o.constraints ?? [],
  };
  return { config, status: { nodes: [], history: [], quorum: true } };
}

export function makeCtx(o: DocOptions = {}, extra: Partial<CheckContext> = {}): CheckContext {
  return { doc: makeDoc(o), quorumStopBoundMs: 1000, quietPeriodMs: 5000, ...extra };
}

type Outcome = OpCompleted['outcome'];

/** Appends entries with increasing seq; time moves by `stepMs` per entry unless set with at(). */
export class Ledger {
  readonly entries: LedgerEntry[] = [];
  private nowMs = 0;
  private calls = 0;
  epoch = 1;

  constructor(private readonly stepMs = 10) {}

  at(ms: number): this {
    this.nowMs = ms;
    return this;
  }

  /** Moves time on by `ms`. */
  wait(ms: number): this {
    this.nowMs += ms;
    return this;
  }

  add(body: LedgerBody): number {
    const seq = this.entries.length + 1;
    this.entries.push({ ...body, seq, atMs: this.nowMs } as LedgerEntry);
    this.nowMs += this.stepMs;
    return seq;
  }

  invoke(node: string, instance: string, op: string, o: { probe?: boolean; epoch?: number } = {}): string {
    const callId = `${node}#${++this.calls}`;
    this.add({ kind: 'op.invoked', node, instance, op, epoch: o.epoch ?? this.epoch, callId, ...(o.probe ? { probe: true } : {}) });
    return callId;
  }

  complete(callId: string, outcome: Outcome = 'ok', rc?: number): number {
    const inv = this.entries.find((e) => e.kind === 'op.invoked' && e.callId === callId);
    if (inv === undefined || inv.kind !== 'op.invoked') throw new Error(`no call ${callId}`);
    const code = rc ?? (outcome === 'ok' ? 0 : 1);
    const active = !(outcome === 'ok' && (inv.op === 'stop' || code === 7));
    return this.add({ kind: 'op.completed', node: inv.node, instance: inv.instance, op: inv.op, epoch: inv.epoch, callId, rc: code, outcome, active, ...(inv.probe ? { probe: true } : {}) });
  }

  /** Invokes and completes one op. */
  op(node: string, instance: string, op: string, outcome: Outcome = 'ok', rc?: number, o: { probe?: boolean; epoch?: number } = {}): this {
    this.complete(this.invoke(node, instance, op, o), outcome, rc);
    return this;
  }

  start(node: string, instance: string, outcome: Outcome = 'ok'): this { return this.op(node, instance, 'start', outcome); }
  stop(node: string, instance: string, outcome: Outcome = 'ok'): this { return this.op(node, instance, 'stop', outcome); }
  probe(node: string, instance: string, rc: number): this { return this.op(node, instance, 'monitor', rc === 0 || rc === 7 ? 'ok' : 'failed', rc, { probe: true }); }

  fence(target: string, ok = true, manual = false): this {
    this.add({ kind: 'fence.requested', target, by: 'n1', epoch: this.epoch, action: 'reboot' });
    this.add({ kind: 'fence.completed', target, by: 'n1', epoch: this.epoch, ok, ...(manual ? { manual: true } : {}) });
    return this;
  }

  fault(fault: string, nodes?: string[], more: { sides?: string[][]; resource?: string } = {}): this {
    this.add({ kind: 'fault', fault, ...(nodes ? { nodes } : {}), ...more });
    return this;
  }

  coordinator(node: string, epoch: number, members: string[]): this {
    this.epoch = epoch;
    this.add({ kind: 'coordinator.up', node, epoch, members });
    return this;
  }

  down(node: string, epoch: number): this {
    this.add({ kind: 'coordinator.down', node, epoch });
    return this;
  }

  healed(): this {
    this.add({ kind: 'healed' });
    return this;
  }

  held(node: string, generation: string, digest: string): this {
    this.add({ kind: 'config.held', node, generation, digest });
    return this;
  }

  acked(node: string, generation: string, digest: string): this {
    this.add({ kind: 'config.acknowledged', node, generation, digest });
    return this;
  }

  ended(): this {
    this.add({ kind: 'run.ended' });
    return this;
  }

  /** The seq of the last entry. */
  get last(): number {
    return this.entries.length;
  }
}

export function names(violations: { invariant: string }[]): string[] {
  return violations.map((v) => v.invariant);
}
