// The complete example (fixtures/complete.yaml) loads into exactly the expected model.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadYamlConfig } from '../../../src/config/yaml/load.ts';
import { INFINITY, type ClusterConfig } from '../../../src/config/model.ts';

const text = readFileSync(new URL('./fixtures/complete.yaml', import.meta.url), 'utf8');

const expected: ClusterConfig = {
  generation: { adminEpoch: 1, epoch: 7, updates: 3 },
  options: {
    fencingEnabled: true, fencingAction: 'off', noQuorumPolicy: 'freeze', symmetricCluster: false,
    startFailureIsFatal: false, defaultResourceStickiness: 50, maintenanceMode: false, stopAllResources: false,
    alwaysFenceFailedNodes: true, other: { 'cluster-name': 'demo', 'my-tuning': '5' },
  },
  nodes: [
    { name: 'node1', attributes: { rack: 'a' }, standby: false, maintenance: false },
    { name: 'node2', attributes: { rack: 'b' }, standby: true, maintenance: false },
    { name: 'node3', attributes: {}, standby: false, maintenance: false },
  ],
  resourceDefaults: { 'resource-stickiness': '100' },
  operationDefaults: { timeout: '20s' },
  resources: [
    {
      kind: 'primitive', id: 'web', class: 'ocf', provider: 'heartbeat', type: 'Dummy',
      params: { state: '/run/vigil/web.state' },
      meta: { 'migration-threshold': '3', 'failure-timeout': '60s', 'target-role': 'Started' },
      operations: [
        { name: 'monitor', intervalMs: 10_000, timeoutMs: 20_000, onFail: 'restart', enabled: true, other: {} },
        { name: 'start', intervalMs: 0, timeoutMs: 60_000, enabled: true, other: {} },
      ],
    },
    {
      kind: 'group', id: 'g1', meta: { 'is-managed': 'true' },
      children: [
        {
          kind: 'primitive', id: 'ip', class: 'ocf', provider: 'heartbeat', type: 'IPaddr2',
          params: { ip: '192.168.1.10', cidr_netmask: '24' }, meta: {},
          operations: [{ name: 'monitor', intervalMs: 30_000, enabled: true, other: {} }],
        },
        { kind: 'primitive', id: 'db', class: 'systemd', type: 'postgresql', params: {}, meta: {}, operations: [] },
      ],
    },
    {
      kind: 'clone', id: 'c1', meta: { 'clone-max': '2', 'clone-node-max': '1', interleave: 'true' },
      child: {
        kind: 'primitive', id: 'ping', class: 'ocf', provider: 'pacemaker', type: 'ping', params: {}, meta: {},
        operations: [{ name: 'monitor', intervalMs: 15_000, enabled: true, other: {} }],
      },
    },
    {
      kind: 'primitive', id: 'fd1', class: 'stonith', type: 'fence_dummy',
      params: { type: 'file', pcmk_host_list: 'node1 node2' }, meta: {},
      operations: [{ name: 'monitor', intervalMs: 60_000, enabled: true, other: {} }],
    },
  ],
  constraints: [
    { kind: 'location', id: 'loc1', resource: 'web', node: 'node1', score: 100 },
    {
      kind: 'location', id: 'loc2', resource: 'g1',
      rules: [
        {
          id: 'loc2-rule-0', score: 50, booleanOp: 'and',
          expressions: [{ kind: 'attribute', attribute: 'rack', operation: 'eq', value: 'a', type: 'string' }],
        },
        {
          id: 'loc2-rule-1', scoreAttribute: 'weight', booleanOp: 'or',
          expressions: [
            { kind: 'attribute', attribute: 'rack', operation: 'defined' },
            { kind: 'date', operation: 'gt', start: 1_672_531_200, raw: {} },
          ],
        },
      ],
    },
    {
      kind: 'order', id: 'o1', first: 'c1', then: 'web', firstAction: 'start', thenAction: 'start',
      orderKind: 'Optional', symmetrical: true,
    },
    { kind: 'colocation', id: 'col1', resource: 'web', with: 'g1', score: -INFINITY },
  ],
  fencingLevels: [{ target: 'node1', index: 1, devices: ['fd1'] }],
};

describe('loadYamlConfig on the complete example', () => {
  it('should read every config section into the model', () => {
    expect(loadYamlConfig(text, 'complete.yaml').config).toEqual(expected);
  });

  it('should keep node flags and observed attributes from the status section', () => {
    const { status } = loadYamlConfig(text, 'complete.yaml');
    expect(status.quorum).toBe(true);
    expect(status.now).toBe(1_700_000_000);
    expect(status.coordinator).toBe('node1');
    expect(status.nodes.map((n) => [n.name, n.online, n.unclean, n.shutdown])).toEqual([
      ['node1', true, false, false], ['node2', true, false, false], ['node3', false, true, false],
    ]);
    expect(status.nodes[1]?.attributes.pingd).toBe('100');
  });

  it('should apply defaults when optional sections are left out', () => {
    const doc = loadYamlConfig('nodes: [n1]\n', 'min.yaml');
    expect(doc.config.generation).toEqual({ adminEpoch: 0, epoch: 0, updates: 0 });
    expect(doc.config.options.fencingEnabled).toBe(true);
    expect(doc.config.options.noQuorumPolicy).toBe('stop');
    expect(doc.status).toEqual({
      nodes: [{ name: 'n1', online: true, unclean: false, shutdown: false, attributes: {} }], history: [], quorum: true,
    });
  });

  it('should accept an empty file as an empty cluster', () => {
    expect(loadYamlConfig('', 'empty.yaml').config.resources).toEqual([]);
  });

  it('should read durations in every unit and bare numbers as seconds', () => {
    const doc = loadYamlConfig([
      'resources:',
      '  - primitive: a',
      '    agent: lsb:a',
      '    operations:',
      '      - { name: monitor, interval: 500ms, timeout: 2min }',
      '      - { name: monitor, interval: 1h, timeout: 30 }',
      '      - { name: start, timeout: 90s }',
    ].join('\n'), 'd.yaml');
    const primitive = doc.config.resources[0];
    expect(primitive?.kind === 'primitive' && primitive.operations.map((o) => [o.intervalMs, o.timeoutMs])).toEqual([
      [500, 120_000], [3_600_000, 30_000], [0, 90_000],
    ]);
  });

  it('should read every score spelling', () => {
    const scores = ['INFINITY', '+INFINITY', '-INFINITY', 'inf', '-inf', '.inf', '-.inf', '0', '-5', '2000000'];
    const yaml = ['nodes: [n1]', 'resources: [ { primitive: a, agent: "lsb:a" } ]', 'constraints:',
      ...scores.map((score, i) => `  - { location: l${i}, resource: a, node: n1, score: ${score} }`)].join('\n');
    const read = loadYamlConfig(yaml, 's.yaml').config.constraints.map((c) => (c.kind === 'location' ? c.score : undefined));
    expect(read).toEqual([INFINITY, INFINITY, -INFINITY, INFINITY, -INFINITY, INFINITY, -INFINITY, 0, -5, INFINITY]);
  });
});
