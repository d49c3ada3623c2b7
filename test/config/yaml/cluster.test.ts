// The `cluster:` section and node addresses: defaults, paths resolved against the config
// file's folder, the heartbeat rule, address checks, and the writer's round trip.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/config/errors.ts';
import { loadYamlConfig } from '../../../src/config/yaml/load.ts';
import { writeYamlConfig } from '../../../src/config/yaml/write.ts';
import { problemsOf as problemsOfFile } from './problems.ts';

const FILE = '/etc/vigil/cluster.yaml';

const problemsOf = (yaml: string): Problem[] => problemsOfFile(yaml, FILE);

const NODES = [
  'nodes:',
  '  - { name: node1, address: "10.0.0.1:7401" }',
  '  - { name: node2, address: { host: 10.0.0.2, port: 7401 } }',
  '  - { name: node3, address: "[fd00::3]:7401" }',
].join('\n');

describe('the cluster section', () => {
  it('should read every field, resolving relative paths against the config file\'s folder', () => {
    const yaml = [
      'cluster:',
      '  name: prod',
      '  key-file: keys/cluster.key',
      '  heartbeat: { interval: 200ms, timeout: 1s }',
      '  election-tick: 50ms',
      '  state-dir: /var/lib/vigil',
      NODES,
    ].join('\n');
    const { config } = loadYamlConfig(yaml, FILE);
    expect(config.cluster).toEqual({
      name: 'prod', keyFile: '/etc/vigil/keys/cluster.key', heartbeatIntervalMs: 200, heartbeatTimeoutMs: 1000,
      electionTickMs: 50, stateDir: '/var/lib/vigil', twoNode: false,
    });
    expect(config.nodes.map((n) => n.address)).toEqual([
      { host: '10.0.0.1', port: 7401 }, { host: '10.0.0.2', port: 7401 }, { host: 'fd00::3', port: 7401 },
    ]);
  });

  it('should default the heartbeat, the election tick and the state folder next to the config file', () => {
    const { config } = loadYamlConfig(`cluster: { name: c, key-file: /k }\n${NODES}`, FILE);
    expect(config.cluster).toEqual({
      name: 'c', keyFile: '/k', heartbeatIntervalMs: 500, heartbeatTimeoutMs: 2000, electionTickMs: 100, stateDir: '/etc/vigil/state', twoNode: false,
    });
  });

  it('should resolve a relative state-dir and key-file against a relative config path', () => {
    const { config } = loadYamlConfig(`cluster: { name: c, key-file: ../k, state-dir: run/state }\n${NODES}`, 'conf/cluster.yaml');
    expect(config.cluster?.keyFile).toBe(join(process.cwd(), 'k'));
    expect(config.cluster?.stateDir).toBe(join(process.cwd(), 'conf', 'run', 'state'));
  });

  it('should take the default interval when only the timeout is given, and check the rule against it', () => {
    const ok = loadYamlConfig(`cluster: { name: c, key-file: k, heartbeat: { timeout: 3s } }\n${NODES}`, FILE);
    expect(ok.config.cluster?.heartbeatIntervalMs).toBe(500);
    expect(ok.config.cluster?.heartbeatTimeoutMs).toBe(3000);
    const [problem] = problemsOf(`cluster: { name: c, key-file: k, heartbeat: { timeout: 1s } }\n${NODES}`);
    expect(problem).toMatchObject({ path: 'cluster.heartbeat.timeout', line: 1 });
  });

  it('should refuse a heartbeat timeout of two intervals or less, naming the field and the fix', () => {
    const yaml = ['cluster:', '  name: c', '  key-file: k', '  heartbeat:', '    interval: 500ms', '    timeout: 1s', NODES].join('\n');
    const problems = problemsOf(yaml);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: FILE, line: 6, path: 'cluster.heartbeat.timeout' });
    expect(problems[0]!.message).toContain('more than twice the interval (500ms)');
    expect(problems[0]!.fix).toBe('raise timeout above 1000ms (e.g. timeout: 2s) or lower the interval');
  });

  it('should refuse a zero interval, a missing name and key-file, and a misspelt key', () => {
    const problems = problemsOf(['cluster:', '  heartbeat: { interval: 0 }', '  election-tik: 10ms', NODES].join('\n'));
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['cluster', 2], ['cluster', 2], ['cluster.heartbeat.interval', 2], ['cluster.election-tik', 3],
    ]);
    expect(problems[0]!.fix).toBe('add name: demo');
    expect(problems[1]!.fix).toContain('key-file: cluster.key');
    expect(problems[3]!.message).toContain('did you mean "election-tick"?');
  });

  it('should take two-node for a pair with fencing, and refuse it for three nodes or without fencing', () => {
    const pair = ['nodes:', '  - { name: a, address: "10.0.0.1:7401" }', '  - { name: b, address: "10.0.0.2:7401" }'].join('\n');
    const base = ['cluster:', '  name: c', '  key-file: k', '  two-node: true'];
    expect(loadYamlConfig([...base, 'options: { fencing-enabled: true }', pair].join('\n'), FILE).config.cluster!.twoNode).toBe(true);
    const three = problemsOf([...base, 'options: { fencing-enabled: true }', NODES].join('\n'));
    expect(three.map((p) => [p.path, p.message, p.fix])).toEqual([['cluster.two-node', 'two-node is for a cluster of exactly two nodes; this one has 3',
      'remove two-node (a cluster of three or more keeps quorum by majority)']]);
    const unfenced = problemsOf([...base, 'options: { fencing-enabled: false }', pair].join('\n'));
    expect(unfenced.map((p) => p.path)).toEqual(['cluster.two-node']);
    expect(unfenced[0]!.fix).toContain('fencing-enabled: true');
  });

  it('should be left out of the config when absent', () => {
    const { config } = loadYamlConfig('nodes: [node1]\n', FILE);
    expect(config).not.toHaveProperty('cluster');
  });
});

describe('node addresses', () => {
  const cluster = 'cluster: { name: c, key-file: k }';

  it('should require an address on every node when there is a cluster section, naming the node and the fix', () => {
    const problems = problemsOf([cluster, 'nodes:', '  - { name: node1, address: "127.0.0.1:7401" }', '  - node2'].join('\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, path: 'nodes[1]' });
    expect(problems[0]!.message).toBe('node node2 has no address; with a cluster: section every node needs one');
    expect(problems[0]!.fix).toContain('- { name: node2, address: HOST:7403 }');
  });

  it('should refuse two nodes on one address', () => {
    const problems = problemsOf([cluster, 'nodes:', '  - { name: a, address: "h:7401" }', '  - { name: b, address: "h:7401" }'].join('\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, path: 'nodes[1].address' });
    expect(problems[0]!.message).toBe('node b has the same address as node a (h:7401)');
    expect(problems[0]!.fix).toBe('give each node on one host ports at least 2 apart, e.g. address: h:7403');
  });

  it('should refuse ports 1 apart on one host (the control channel is port + 1), but not on two hosts', () => {
    const problems = problemsOf([cluster, 'nodes:', '  - { name: a, address: "h:7401" }', '  - { name: b, address: "h:7402" }'].join('\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain("node b's port 7402 is next to node a's port 7401 on h; each daemon also listens on its port + 1");
    const { config } = loadYamlConfig([cluster, 'nodes:', '  - { name: a, address: "h1:7401" }', '  - { name: b, address: "h2:7402" }'].join('\n'), FILE);
    expect(config.nodes.map((n) => n.address?.port)).toEqual([7401, 7402]);
  });

  it('should refuse malformed addresses once each, with or without a cluster section', () => {
    const nodes = ['nodes:', '  - { name: a, address: "h" }', '  - { name: b, address: { host: h, port: 65535 } }', '  - { name: c, address: { port: 1 } }'];
    for (const yaml of [nodes.join('\n'), [cluster, ...nodes].join('\n')]) {
      const problems = problemsOf(yaml);
      expect(problems.map((p) => p.path)).toEqual(['nodes[0].address', 'nodes[1].address.port', 'nodes[2].address']);
      expect(problems[0]!.fix).toBe('write address: 192.168.1.11:7401 (or address: { host: 192.168.1.11, port: 7401 })');
      expect(problems[1]!.message).toContain('out of range');
      expect(problems[2]!.fix).toBe('add host: 192.168.1.11');
    }
  });

  it('should keep addresses optional and unchecked without a cluster section', () => {
    const { config } = loadYamlConfig('nodes:\n  - { name: a, address: "h:7401" }\n  - { name: b, address: "h:7401" }\n  - c\n', FILE);
    expect(config.nodes.map((n) => n.address)).toEqual([{ host: 'h', port: 7401 }, { host: 'h', port: 7401 }, undefined]);
  });
});

describe('writing the cluster section', () => {
  it('should round-trip the section and every address form, from any file name', () => {
    const yaml = `cluster: { name: prod, key-file: cluster.key, heartbeat: { interval: 200ms, timeout: 1s }, election-tick: 50ms }\n${NODES}`;
    const doc = loadYamlConfig(yaml, FILE);
    const written = writeYamlConfig(doc);
    expect(written).toContain('address: "[fd00::3]:7401"');
    expect(written).toContain('key-file: /etc/vigil/cluster.key');
    expect(loadYamlConfig(written, '/elsewhere/copy.yaml').config).toEqual(doc.config);
  });

  it('should leave out default timings but keep the state folder', () => {
    const doc = loadYamlConfig(`cluster: { name: c, key-file: k }\n${NODES}`, FILE);
    const written = writeYamlConfig(doc);
    expect(written).not.toContain('heartbeat');
    expect(written).not.toContain('election-tick');
    expect(written).toContain('state-dir: /etc/vigil/state');
    expect(loadYamlConfig(written, 'x.yaml').config).toEqual(doc.config);
  });
});
