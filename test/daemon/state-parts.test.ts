// Replication of any config the validator accepts (issue 14, item 2). Before: a replicated
// state over the mesh's 1 MiB threw `message of kind 'state' exceeds 1048576 bytes` on every
// replication, and the coordinator crash-looped.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ClusterConfig, ClusterDocument, Primitive, ResourceHistory } from '../../src/config/model.ts';
import { runnableProblems } from '../../src/config/runnable.ts';
import { configTextTooLarge, CONFIG_TEXT_BYTES_MAX } from '../../src/daemon/config-apply.ts';
import { configDigest } from '../../src/daemon/ledger-record.ts';
import { stateSchema } from '../../src/daemon/protocol-kinds.ts';
import type { StateBody, StatePartBody } from '../../src/daemon/protocol.ts';
import { STATE_PART_CHARS, StateAssembler, splitState } from '../../src/daemon/state-parts.ts';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { loadYamlConfig } from '../../src/config/yaml/load.ts';
import { SimCluster } from '../../src/testing/sim/cluster.ts';
import { simConfig, simConfigText, simNodeNames } from '../../src/testing/sim/config.ts';
import { runTo } from '../../src/testing/sim/run.ts';
import { makeMessage } from '../../src/transport/codec.ts';
import { MESSAGE_BYTES_MAX } from '../../src/transport/constants.ts';
import { simCluster } from './helpers.ts';

const NODES = simNodeNames(3);

function dummy(id: string): Primitive {
  return {
    kind: 'primitive', id, class: 'ocf', provider: 'heartbeat', type: 'Dummy', params: { state: `/run/${id}.state` }, meta: {},
    operations: [{ name: 'monitor', intervalMs: 10_000, timeoutMs: 20_000, enabled: true, other: {} }],
  };
}

/** The sim cluster's document with `count` more primitives, each probed on every node. */
function bigDocument(count: number): ClusterDocument {
  const doc = simConfig(NODES);
  const extra = Array.from({ length: count }, (_, i) => dummy(`r${i}`));
  const history: ResourceHistory[] = extra.flatMap((p) => NODES.map((node) => ({
    resource: p.id, node, class: 'ocf' as const, provider: 'heartbeat', type: 'Dummy',
    operations: [{ operation: 'monitor', intervalMs: 0, rc: 7, status: 'done' as const, callId: 1, id: `${p.id}_last_0` }],
  })));
  return { config: { ...doc.config, resources: [...doc.config.resources, ...extra] }, status: { ...doc.status, history } };
}

function viewOf(doc: ClusterDocument): ClusterView {
  return {
    cluster: 'sim', generation: doc.config.generation, coordinator: 'node1', epoch: 3, quorum: true, updatedAtMs: 0,
    nodes: NODES.map((name) => ({ name, state: 'online', mode: 'online', member: true, reason: '', recoveryBlocked: null })),
    resources: [], failures: [], fencing: [], transition: null,
  };
}

describe('replicated state in parts', () => {
  it('should carry a 10,000-primitive document through the real codec, in any order, and check it whole', () => {
    const doc = bigDocument(10_000);
    const body: StateBody = { epoch: 3, coordinator: 'node1', doc, view: viewOf(doc) };
    const json = JSON.stringify(body);
    expect(json.length).toBeGreaterThan(4 * MESSAGE_BYTES_MAX);
    const parts = splitState('3:1', json);
    expect(parts.length).toBe(Math.ceil(json.length / STATE_PART_CHARS));
    const { net, t, clock } = simCluster(NODES);
    const got: StatePartBody[] = [];
    t('node2').onMessage((_from, msg) => { if (msg.kind === 'state-part') got.push(msg.body); });
    // Every part passes the codec's own size check on both sides.
    for (const part of parts) t('node1').send('node2', makeMessage('node1', 'state-part', part, 3));
    clock.advance(100);
    expect(got.length).toBe(parts.length);
    expect(net).toBeDefined();

    const assembler = new StateAssembler(stateSchema);
    const reversed = [...got].reverse();
    const results = reversed.map((part) => assembler.add('node1', part));
    expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true);
    const whole = results.at(-1) as StateBody;
    expect(configDigest(whole.doc.config)).toBe(configDigest(doc.config));
    expect(whole.doc.status.history.length).toBe(30_000);
  }, 60_000);

  it('should drop an incomplete state when a newer one starts, and a reassembled state that is not valid', () => {
    const doc = bigDocument(3_000);
    const body: StateBody = { epoch: 3, coordinator: 'node1', doc, view: viewOf(doc) };
    const assembler = new StateAssembler(stateSchema);
    const first = splitState('3:1', JSON.stringify(body));
    expect(first.length).toBeGreaterThan(1);
    for (const part of first.slice(1)) expect(assembler.add('node1', part)).toBeUndefined();
    const second = splitState('3:2', JSON.stringify(body));
    const outcomes = second.map((part) => assembler.add('node1', part));
    expect((outcomes.at(-1) as StateBody).epoch).toBe(3);
    // Missing its config: the schema a whole `state` message gets refuses it too.
    const broken = splitState('3:3', JSON.stringify({ ...body, doc: { status: doc.status } }));
    const last = broken.map((part) => assembler.add('node1', part)).at(-1);
    expect(last).toEqual({ dropped: 'state.doc.config: missing' });
    expect(assembler.add('node1', { id: '3:4', index: 5, count: 2, text: '' })).toMatchObject({ dropped: expect.stringContaining('out of bounds') });
  });
});

describe('the sizes the cluster accepts agree', () => {
  it('should accept a 10,000-primitive config on 3 nodes and refuse one whose state could not be replicated', () => {
    const doc = bigDocument(10_000);
    expect(runnableProblems(doc.config, { file: 'big.yaml' })).toEqual([]);
    const many: ClusterConfig = {
      ...doc.config,
      nodes: Array.from({ length: 64 }, (_, i) => ({ name: `n${i}`, attributes: {}, standby: false, maintenance: false, address: { host: '10.0.0.1', port: 7401 + 2 * i } })),
      resources: Array.from({ length: 3_000 }, (_, i) => dummy(`r${i}`)),
    };
    const [problem] = runnableProblems(many, { file: 'huge.yaml' });
    expect(problem?.message).toMatch(/^192000 resource instances \(3000 per node on 64 nodes\).* more than the \d+ the cluster replicates$/);
  });

  it('should measure a config text as it is sent: escaped newlines count', () => {
    const line = 'a\n';
    const text = line.repeat(Math.floor((CONFIG_TEXT_BYTES_MAX - 10) / line.length));
    expect(Buffer.byteLength(text)).toBeLessThan(CONFIG_TEXT_BYTES_MAX);
    expect(configTextTooLarge('c.yaml', text)).toMatch(/^c\.yaml: \d+ bytes as sent, more than a config the cluster can carry/);
    expect(configTextTooLarge('c.yaml', 'a'.repeat(1000))).toBeUndefined();
  });
});

describe('a simulated cluster with a config larger than one message', () => {
  it('should replicate it to every node and keep it through a coordinator change', async () => {
    // Five primitives' parameters of 100,000 euro signs each: 300 kB each in UTF-8, so the
    // document is well over the 1 MiB a message carries, in fewer characters than that.
    const big = '\u20ac'.repeat(100_000);
    // A primitive with parameters of its own (the sim's c and db) gets the blob among them.
    const text = simConfigText(NODES).replace(/( *)agent: ocf:heartbeat:Dummy\n(\1params: \{ )?/g, (_all, indent: string, own?: string) =>
      `${indent}agent: ocf:heartbeat:Dummy\n${indent}params: { blob: "${big}"${own === undefined ? ' }\n' : ', '}`);
    const doc = loadYamlConfig(text, 'big.yaml');
    expect(JSON.stringify(doc).length).toBeLessThan(MESSAGE_BYTES_MAX);
    expect(Buffer.byteLength(JSON.stringify(doc))).toBeGreaterThan(MESSAGE_BYTES_MAX);
    const cluster = new SimCluster({ seed: 3, doc: { ...doc, config: { ...doc.config, generation: { adminEpoch: 0, epoch: 5, updates: 0 } } }, logger: pino({ level: 'silent' }) });
    const budget = { steps: 0 };
    for (const node of NODES) cluster.start(node);
    await runTo(cluster.clock, 12_000, budget);
    const coordinatorOf = () => NODES.find((n) => cluster.daemon(n)?.status().coordinator);
    const first = coordinatorOf()!;
    expect(first).toBeDefined();
    for (const node of NODES) expect(cluster.daemon(node)!.status().view?.coordinator).toBe(first);
    const digest = configDigest(cluster.daemon(first)!.document().config);
    for (const node of NODES) expect(configDigest(cluster.daemon(node)!.document().config)).toBe(digest);

    cluster.crash(first);
    await runTo(cluster.clock, cluster.clock.now() + 15_000, budget);
    const second = coordinatorOf();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    for (const node of NODES.filter((n) => n !== first)) {
      expect(configDigest(cluster.daemon(node)!.document().config)).toBe(digest);
      expect(cluster.daemon(node)!.status().view?.coordinator).toBe(second);
    }
    for (const node of NODES) cluster.crash(node);
  }, 120_000);
});
