// A tiny builder for hand-made cluster documents (config + status) used by scenario tests.
import type { ClusterDocument, OperationConfig, OperationRecord, Primitive, ResourceAction } from '../../src/config/model.ts';
import { emptyConfig } from '../../src/config/defaults.ts';

export interface PrimitiveOptions {
  meta?: Record<string, string>;
  params?: Record<string, string>;
  ops?: Partial<OperationConfig>[];
  class?: Primitive['class'];
}

export class ClusterBuilder {
  readonly doc: ClusterDocument;
  private callId = 10;

  constructor(nodes: string[]) {
    const config = emptyConfig();
    config.options.fencingEnabled = false;
    config.nodes = nodes.map((name) => ({ name, attributes: {}, standby: false, maintenance: false }));
    this.doc = {
      config,
      status: { nodes: nodes.map((name) => ({ name, online: true, unclean: false, shutdown: false, attributes: {} })), history: [], quorum: true },
    };
  }

  option(apply: (o: ClusterDocument['config']['options']) => void): this {
    apply(this.doc.config.options);
    return this;
  }

  primitive(id: string, opts: PrimitiveOptions = {}): this {
    this.doc.config.resources.push(makePrimitive(id, opts));
    return this;
  }

  group(id: string, members: string[], meta: Record<string, string> = {}): this {
    this.doc.config.resources.push({ kind: 'group', id, meta, children: members.map((m) => makePrimitive(m, {})) });
    return this;
  }

  location(resource: string, node: string, score: number): this {
    this.doc.config.constraints.push({ kind: 'location', id: `loc-${resource}-${node}`, resource, node, score });
    return this;
  }

  colocation(resource: string, withRsc: string, score: number): this {
    this.doc.config.constraints.push({ kind: 'colocation', id: `col-${resource}-${withRsc}`, resource, with: withRsc, score });
    return this;
  }

  order(first: string, then: string, opts: { kind?: 'Mandatory' | 'Optional' | 'Serialize'; symmetrical?: boolean; firstAction?: ResourceAction; thenAction?: ResourceAction } = {}): this {
    this.doc.config.constraints.push({
      kind: 'order', id: `ord-${first}-${then}`, first, then, firstAction: opts.firstAction ?? 'start', thenAction: opts.thenAction ?? 'start',
      orderKind: opts.kind ?? 'Mandatory', symmetrical: opts.symmetrical ?? true,
    });
    return this;
  }

  /** Records an operation in the history of `resource` on `node`. */
  op(resource: string, node: string, rec: Partial<OperationRecord> & { operation: string }): this {
    let h = this.doc.status.history.find((x) => x.resource === resource && x.node === node);
    if (!h) {
      h = { resource, node, class: 'ocf', provider: 'heartbeat', type: 'Dummy', operations: [] };
      this.doc.status.history.push(h);
    }
    h.operations.push({ intervalMs: 0, rc: 0, status: 'done', callId: this.callId++, ...rec });
    return this;
  }

  running(resource: string, node: string): this {
    return this.op(resource, node, { operation: 'start' });
  }

  probedStopped(resource: string, node: string): this {
    return this.op(resource, node, { operation: 'monitor', rc: 7 });
  }

  failedMonitor(resource: string, node: string, rc = 1): this {
    return this.running(resource, node).op(resource, node, { operation: 'monitor', intervalMs: 10000, rc, status: 'error', lastRcChange: 1000 });
  }

  failCount(resource: string, node: string, count: number | 'INFINITY', op = 'monitor_10000', lastFailureS = 1000): this {
    const m = /^(.+)_(\d+)$/.exec(op)!;
    (this.doc.status.failCounts ??= []).push({
      resource, node, operation: m[1]!, intervalMs: Number(m[2]), count: count === 'INFINITY' ? 1_000_000 : count, lastFailureS,
    });
    return this;
  }

  node(name: string, change: Partial<{ online: boolean; unclean: boolean; standby: boolean; maintenance: boolean; attributes: Record<string, string> }>): this {
    const s = this.doc.status.nodes.find((x) => x.name === name)!;
    const c = this.doc.config.nodes.find((x) => x.name === name)!;
    if (change.online !== undefined) s.online = change.online;
    if (change.unclean !== undefined) s.unclean = change.unclean;
    if (change.standby !== undefined) c.standby = change.standby;
    if (change.maintenance !== undefined) c.maintenance = change.maintenance;
    if (change.attributes) Object.assign(c.attributes, change.attributes);
    return this;
  }

  quorum(q: boolean, policy?: ClusterDocument['config']['options']['noQuorumPolicy']): this {
    this.doc.status.quorum = q;
    if (policy) this.doc.config.options.noQuorumPolicy = policy;
    return this;
  }
}

function makePrimitive(id: string, opts: PrimitiveOptions): Primitive {
  return {
    kind: 'primitive', id, class: opts.class ?? 'ocf', provider: opts.class === 'stonith' ? undefined : 'heartbeat',
    type: opts.class === 'stonith' ? 'fence_dummy' : 'Dummy', params: opts.params ?? {}, meta: opts.meta ?? {},
    operations: (opts.ops ?? []).map((o) => ({ name: o.name ?? 'monitor', intervalMs: o.intervalMs ?? 10000, enabled: true, other: {}, ...o })),
  };
}

export function cluster(...nodes: string[]): ClusterBuilder {
  return new ClusterBuilder(nodes);
}
