// writeYamlConfig produces the format loadYamlConfig reads: load(write(x)) deep-equals x.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultOptions } from '../../../src/config/defaults.ts';
import {
  INFINITY, type ClusterConfig, type ClusterDocument, type Constraint, type NodeConfig, type OperationConfig,
  type Primitive, type Resource,
} from '../../../src/config/model.ts';
import { loadYamlConfig } from '../../../src/config/yaml/load.ts';
import { writeYamlConfig } from '../../../src/config/yaml/write.ts';

const complete = readFileSync(new URL('./fixtures/complete.yaml', import.meta.url), 'utf8');

function roundTrip(doc: ClusterDocument): ClusterDocument {
  return loadYamlConfig(writeYamlConfig(doc), 'written.yaml');
}

// Raw values that tempt a writer to change them: numbers with leading zeros, YAML keywords, blanks.
const rawValue = fc.oneof(
  fc.constantFrom('010', '1e3', 'true', 'yes', 'null', '~', '', ' padded ', '-0', '3', '-7', '10s', 'a: b', '#x', 'ünï'),
  fc.string({ maxLength: 8 }),
);
const rawMap = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), rawValue, { maxKeys: 3 });
const score = fc.oneof(fc.constantFrom(INFINITY, -INFINITY, 0), fc.integer({ min: -999_999, max: 999_999 }));

const metaValues: Record<string, fc.Arbitrary<string>> = {
  'target-role': fc.constantFrom('Started', 'Stopped'),
  'migration-threshold': fc.constantFrom('3', 'INFINITY', '0'),
  'failure-timeout': fc.constantFrom('60s', '60', '2min'),
  'is-managed': fc.constantFrom('true', 'false', 'no'),
  'resource-stickiness': fc.constantFrom('100', '-INFINITY'),
  'custom-thing': rawValue,
};
type Raw = Record<string, string>;
const meta = fc.record(metaValues, { requiredKeys: [] }) as fc.Arbitrary<Raw>;

const operation: fc.Arbitrary<OperationConfig> = fc.record({
  name: fc.constantFrom('monitor', 'start', 'stop', 'migrate_to'),
  intervalMs: fc.constantFrom(0, 500, 1500, 10_000, 60_000, 3_600_000),
  enabled: fc.boolean(),
  other: fc.record({ 'start-delay': fc.constantFrom('5s'), 'my-op-attr': rawValue }, { requiredKeys: [] }) as fc.Arbitrary<Raw>,
  timeoutMs: fc.constantFrom(20_000, 90_000, 250),
  onFail: fc.constantFrom('restart', 'block', 'fence' as const),
  role: fc.constantFrom('Started', 'Unpromoted'),
}, { requiredKeys: ['name', 'intervalMs', 'enabled', 'other'] });

function primitive(id: string): fc.Arbitrary<Primitive> {
  const agent = fc.constantFrom(
    { class: 'ocf' as const, provider: 'heartbeat', type: 'Dummy' },
    { class: 'stonith' as const, type: 'fence_dummy' },
    { class: 'systemd' as const, type: 'nginx@1' },
    { class: 'lsb' as const, type: 'foo' },
  );
  const ops = fc.uniqueArray(operation, { maxLength: 3, selector: (op) => `${op.name}_${op.intervalMs}_${op.role ?? ''}` });
  return fc.tuple(agent, rawMap(['state', 'ip', 'pcmk_host_list']), meta, ops)
    .map(([a, params, m, operations]) => ({ kind: 'primitive' as const, id, ...a, params, meta: m, operations }));
}

function resource(id: string): fc.Arbitrary<Resource> {
  const group = fc.tuple(meta, primitive(`${id}-a`), primitive(`${id}-b`))
    .map(([m, a, b]) => ({ kind: 'group' as const, id, meta: m, children: [a, b] }));
  const clone = fc.tuple(fc.record({ 'clone-max': fc.constantFrom('2'), interleave: fc.constantFrom('true') }, { requiredKeys: [] }) as fc.Arbitrary<Raw>,
    fc.oneof(primitive(`${id}-p`), group.map((g) => ({ ...g, id: `${id}-g`, children: g.children.map((c) => ({ ...c, id: `${c.id}-g` })) }))))
    .map(([m, child]) => ({ kind: 'clone' as const, id, meta: m, child }));
  return fc.oneof(primitive(id), group, clone);
}

const nodeNames = ['n1', 'n2', 'n3'];
const node = (name: string): fc.Arbitrary<NodeConfig> => fc.record({
  name: fc.constant(name), attributes: rawMap(['rack', 'zone']), standby: fc.boolean(), maintenance: fc.boolean(), id: fc.constantFrom('1', '2'),
}, { requiredKeys: ['name', 'attributes', 'standby', 'maintenance'] });

function constraint(i: number, ids: string[]): fc.Arbitrary<Constraint> {
  const id = `c${i}`;
  const two = fc.uniqueArray(fc.constantFrom(...ids), { minLength: 2, maxLength: 2 });
  return fc.oneof(
    fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...nodeNames), score)
      .map(([r, n, s]) => ({ kind: 'location' as const, id, resource: r, node: n, score: s })),
    fc.tuple(fc.constantFrom(...ids), score).map(([r, s]) => ({
      kind: 'location' as const, id, resource: r,
      rules: [{ id: `${id}-rule-0`, score: s, booleanOp: 'or' as const, expressions: [
        { kind: 'attribute' as const, attribute: 'rack', operation: 'eq' as const, value: 'a' },
        { id: 'custom-nested', booleanOp: 'and' as const, expressions: [{ kind: 'attribute' as const, attribute: 'zone', operation: 'defined' as const }] },
      ] }],
    })),
    fc.tuple(two, fc.constantFrom('start', 'stop' as const), fc.constantFrom('start', 'promote' as const),
      fc.constantFrom('Mandatory', 'Optional', 'Serialize' as const), fc.boolean())
      .map(([[first, then], firstAction, thenAction, orderKind, symmetrical]) => ({
        kind: 'order' as const, id, first: first ?? '', then: then ?? '', firstAction, thenAction, orderKind, symmetrical,
      })),
    fc.tuple(two, score).map(([[a, b], s]) => ({ kind: 'colocation' as const, id, resource: a ?? '', with: b ?? '', score: s })),
  );
}

const config: fc.Arbitrary<ClusterConfig> = fc.integer({ min: 2, max: 4 }).chain((count) => {
  const ids = Array.from({ length: count }, (_, i) => `r${i}`);
  return fc.record({
    generation: fc.record({ adminEpoch: fc.nat(5), epoch: fc.nat(1000), updates: fc.nat(1000) }),
    options: fc.record({
      fencingEnabled: fc.boolean(), fencingAction: fc.constantFrom('reboot', 'off' as const),
      noQuorumPolicy: fc.constantFrom('stop', 'ignore', 'freeze', 'demote', 'suicide' as const),
      symmetricCluster: fc.boolean(), startFailureIsFatal: fc.boolean(), defaultResourceStickiness: score,
      maintenanceMode: fc.boolean(), stopAllResources: fc.boolean(), alwaysFenceFailedNodes: fc.boolean(),
      other: fc.record({ 'cluster-name': rawValue, 'weird key': rawValue }, { requiredKeys: [] }) as fc.Arbitrary<Raw>,
    }),
    nodes: fc.tuple(...nodeNames.map(node)),
    resourceDefaults: meta,
    operationDefaults: fc.record({ timeout: fc.constantFrom('20s', '30'), 'record-pending': fc.constantFrom('true') }, { requiredKeys: [] }) as fc.Arbitrary<Raw>,
    resources: fc.tuple(...ids.map(resource)),
    constraints: fc.tuple(...[0, 1, 2].map((i) => constraint(i, ids))),
    fencingLevels: fc.constant([] as ClusterConfig['fencingLevels']),
  });
});

describe('writeYamlConfig', () => {
  it('should write the complete example so that it loads back to the same document', () => {
    const doc = loadYamlConfig(complete, 'complete.yaml');
    expect(roundTrip(doc)).toEqual(doc);
  });

  it('should round-trip generated configs exactly', () => {
    fc.assert(fc.property(config, (cfg) => {
      const status = { nodes: cfg.nodes.map((n) => ({ name: n.name, online: true, unclean: false, shutdown: false, attributes: {} })), history: [], quorum: true };
      expect(roundTrip({ config: cfg, status }).config).toEqual(cfg);
    }), { numRuns: 100, seed: 20_240_601 });
  });

  it('should leave default options and an empty status out', () => {
    const doc = loadYamlConfig('nodes: [n1]\n', 'min.yaml');
    expect(writeYamlConfig(doc)).toBe('generation: { admin-epoch: 0, epoch: 0, updates: 0 }\nnodes: [ n1 ]\n');
    expect(defaultOptions()).toEqual(doc.config.options);
  });

  it('should write a history with no compact form as a comment, not as a wrong state', () => {
    const doc = loadYamlConfig('nodes: [n1]\nresources: [ { primitive: a, agent: "lsb:a" } ]\n', 'x.yaml');
    doc.status.history.push({
      resource: 'a', node: 'n1', class: 'lsb', type: 'a',
      operations: [{ operation: 'migrate_to', intervalMs: 0, rc: 0, status: 'done', callId: 4 }],
    });
    const text = writeYamlConfig(doc);
    expect(text).toContain('# status of a on n1 not written: its history has no compact form');
    expect(loadYamlConfig(text, 'x.yaml').status.history).toEqual([]);
  });

  it('should recognise the histories a CIB holds, with Pacemaker\'s duplicate last-failure record', () => {
    const doc = loadYamlConfig('nodes: [n1]\nresources:\n  - primitive: a\n    agent: "lsb:a"\n    operations: [ { name: monitor, interval: 10s } ]\n', 'x.yaml');
    doc.status.history.push({
      resource: 'a', node: 'n1', class: 'lsb', type: 'a',
      operations: [
        { id: 'a_last_0', operation: 'start', intervalMs: 0, rc: 0, status: 'done', callId: 5 },
        { id: 'a_monitor_10000', operation: 'monitor', intervalMs: 10_000, rc: 7, status: 'done', callId: 6, lastRcChange: 1_700_000_100 },
        { id: 'a_last_failure_0', operation: 'monitor', intervalMs: 10_000, rc: 7, status: 'done', callId: 6, lastRcChange: 1_700_000_100 },
      ],
    });
    doc.status.failCounts = [{ resource: 'a', node: 'n1', operation: 'monitor', intervalMs: 10_000, count: 3, lastFailureS: 1_700_000_100 }];
    const again = roundTrip(doc);
    expect(again.status.history[0]?.operations.map((op) => [op.operation, op.intervalMs, op.rc])).toEqual([['start', 0, 0], ['monitor', 10_000, 7]]);
    expect(again.status.failCounts).toEqual(doc.status.failCounts);
  });
});
