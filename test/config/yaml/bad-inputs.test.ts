// Bad input is refused with a problem that names the line, the path and the fix.
import { describe, expect, it } from 'vitest';
import { ConfigError, type Problem } from '../../../src/config/errors.ts';
import { loadYamlConfig } from '../../../src/config/yaml/load.ts';
import { problemsOf as problemsOfFile } from './problems.ts';

const problemsOf = (yaml: string): Problem[] => problemsOfFile(yaml, 'bad.yaml');

const base = [
  'nodes: [node1, node2]',
  'resources:',
  '  - primitive: web',
  '    agent: ocf:heartbeat:Dummy',
  '    operations:',
  '      - { name: monitor, interval: 10s }',
  '  - fence-device: fd1',
  '    agent: fence_dummy',
].join('\n');

/** Lines 1-8 are `base`; extra lines start at line 9. */
function withBase(...lines: string[]): string {
  return [base, ...lines].join('\n');
}

interface Case { name: string; yaml: string; path: string; line: number; fix: string; message?: string }

const cases: Case[] = [
  {
    name: 'a duration that is a word',
    yaml: withBase('  - primitive: db', '    agent: ocf:heartbeat:Dummy', '    operations:', '      - { name: monitor, interval: ten }'),
    path: 'resources[2].operations[0].interval', line: 12, fix: 'write interval: 10s', message: 'found "ten"',
  },
  {
    name: 'a misspelled operation key',
    yaml: withBase('  - primitive: db', '    agent: ocf:heartbeat:Dummy', '    operations:', '      - { name: monitor, interval: 5s, timout: 20s }'),
    path: 'resources[2].operations[0].timout', line: 12, fix: 'rename it to timeout',
  },
  {
    name: 'a misspelled top-level key',
    yaml: 'nodes: [n1]\nresource: []\n', path: 'resource', line: 2, fix: 'rename it to resources',
  },
  {
    name: 'stonith-enabled misspelled',
    yaml: 'options:\n  stonith-enabld: false\n', path: 'options.stonith-enabld', line: 2, fix: 'rename it to stonith-enabled',
  },
  {
    name: 'no-quorum-policy not one of its values',
    yaml: 'options:\n  no-quorum-policy: maybe\n', path: 'options.no-quorum-policy', line: 2, fix: 'write no-quorum-policy: stop',
  },
  {
    name: 'node-action-limit not a whole number',
    yaml: 'options:\n  node-action-limit: lots\n', path: 'options.node-action-limit', line: 2, fix: 'write a whole number such as 8, or 0 for twice the CPU cores',
  },
  {
    name: 'a boolean written as yes',
    yaml: 'nodes:\n  - name: n1\n    standby: yes\n', path: 'nodes[0].standby', line: 3, fix: 'write standby: true',
  },
  {
    name: 'an agent without its class',
    yaml: withBase('  - primitive: db', '    agent: Dummy'), path: 'resources[2].agent', line: 10, fix: 'write agent: ocf:heartbeat:Dummy',
  },
  {
    name: 'a primitive without an agent',
    yaml: withBase('  - primitive: db'), path: 'resources[2]', line: 9, fix: 'add agent: ocf:heartbeat:Dummy',
  },
  {
    name: 'a misspelled meta attribute',
    yaml: withBase('  - primitive: db', '    agent: ocf:heartbeat:Dummy', '    meta: { migration-treshold: 3 }'),
    path: 'resources[2].meta.migration-treshold', line: 11, fix: 'rename it to migration-threshold',
  },
  {
    name: 'a bad migration-threshold',
    yaml: withBase('  - primitive: db', '    agent: ocf:heartbeat:Dummy', '    meta: { migration-threshold: lots }'),
    path: 'resources[2].meta.migration-threshold', line: 11, fix: 'write migration-threshold: 3',
  },
  {
    name: 'a bad target-role',
    yaml: withBase('  - primitive: db', '    agent: ocf:heartbeat:Dummy', '    meta:', '      target-role: started'),
    path: 'resources[2].meta.target-role', line: 12, fix: 'write target-role: Started',
  },
  {
    name: 'an unknown operation name',
    yaml: withBase('  - primitive: db', '    agent: ocf:heartbeat:Dummy', '    operations: [ { name: monitr, interval: 5s } ]'),
    path: 'resources[2].operations[0].name', line: 11, fix: 'write name: monitor',
  },
  {
    name: 'a bad on-fail',
    yaml: withBase('  - primitive: db', '    agent: ocf:heartbeat:Dummy', '    operations: [ { name: monitor, interval: 5s, on-fail: reboot } ]'),
    path: 'resources[2].operations[0].on-fail', line: 11, fix: 'write on-fail: ignore',
  },
  {
    name: 'a duplicate resource id',
    yaml: withBase('  - primitive: web', '    agent: ocf:heartbeat:Dummy'), path: 'resources[2].primitive', line: 9, fix: 'give each one a different name',
  },
  {
    name: 'a group holding a clone',
    yaml: withBase('  - group: g', '    resources:', '      - clone: c', '        resource: { primitive: x, agent: "lsb:x" }'),
    path: 'resources[2].resources[0]', line: 11, fix: 'move clone c out of group g',
  },
  {
    name: 'a resource entry without a kind',
    yaml: withBase('  - name: db', '    agent: ocf:heartbeat:Dummy'), path: 'resources[2]', line: 9, fix: 'start the entry with exactly one of primitive: NAME',
  },
  {
    name: 'a location naming an unknown resource',
    yaml: withBase('constraints:', '  - { location: l1, resource: wbe, node: node1, score: 10 }'),
    path: 'constraints[0].resource', line: 10, fix: 'did you mean web? write resource: web',
  },
  {
    name: 'a location naming an unknown node',
    yaml: withBase('constraints:', '  - location: l1', '    resource: web', '    node: node9', '    score: 10'),
    path: 'constraints[0].node', line: 12, fix: 'did you mean node1? write node: node1',
  },
  {
    name: 'a location with a bad score',
    yaml: withBase('constraints:', '  - location: l1', '    resource: web', '    node: node1', '    score: lots'),
    path: 'constraints[0].score', line: 13, fix: 'write score: INFINITY',
  },
  {
    name: 'a location with neither node nor rules',
    yaml: withBase('constraints:', '  - location: l1', '    resource: web'),
    path: 'constraints[0]', line: 10, fix: 'add node: node1 and score: INFINITY',
  },
  {
    name: 'an order of a resource after itself',
    yaml: withBase('constraints:', '  - { order: o1, first: web, then: web }'),
    path: 'constraints[0].then', line: 10, fix: 'name two different resources in first and then',
  },
  {
    name: 'a colocation without a score',
    yaml: withBase('constraints:', '  - { colocation: c1, resource: web, with: fd1 }'),
    path: 'constraints[0]', line: 10, fix: 'add score: INFINITY',
  },
  {
    name: 'a constraint naming a cloned member',
    yaml: withBase('  - clone: c1', '    resource: { primitive: p, agent: "lsb:p" }', 'constraints:', '  - { location: l1, resource: p, node: node1, score: 1 }'),
    path: 'constraints[0].resource', line: 12, fix: 'write resource: c1',
  },
  {
    name: 'a fencing level with a device that is not a fence device',
    yaml: withBase('fencing-levels:', '  - { target: node1, index: 1, devices: [fd1, web] }'),
    path: 'fencing-levels[0].devices[1]', line: 10, fix: 'use one of fd1', message: 'not a fence device',
  },
  {
    name: 'a fencing level for an unknown node',
    yaml: withBase('fencing-levels:', '  - { target: server9, index: 1, devices: [fd1] }'),
    path: 'fencing-levels[0].target', line: 10, fix: 'name one of the configured nodes: node1, node2',
  },
  {
    name: 'a rule expression without a value',
    yaml: withBase('constraints:', '  - location: l1', '    resource: web', '    rules:', '      - score: 5',
      '        expressions: [ { attribute: rack, operation: eq } ]'),
    path: 'constraints[0].rules[0].expressions[0]', line: 14, fix: 'add value:',
  },
  {
    name: 'a status node that is not configured',
    yaml: withBase('status:', '  nodes:', '    node3: online'), path: 'status.nodes.node3', line: 11, fix: 'add - name: node3 to nodes:',
  },
  {
    name: 'a status resource that is not configured',
    yaml: withBase('status:', '  resources:', '    wbe: { node1: started }'), path: 'status.resources.wbe', line: 11, fix: 'did you mean web?',
  },
  {
    name: 'a bad resource state',
    yaml: withBase('status:', '  resources:', '    web:', '      node1: running'),
    path: 'status.resources.web.node1', line: 12, fix: 'write node1: started',
  },
  {
    name: 'a failed state for a resource without a monitor',
    yaml: withBase('status:', '  resources:', '    fd1: { node1: failed }'), path: 'status.resources.fd1.node1', line: 11, fix: 'add a monitor to fd1',
  },
  {
    name: 'a negative fail-count',
    yaml: withBase('status:', '  resources:', '    web: { node1: { state: started, fail-count: -1 } }'),
    path: 'status.resources.web.node1.fail-count', line: 11, fix: 'write fail-count: 1', message: 'found -1',
  },
  {
    name: 'a bad time',
    yaml: withBase('status:', '  now: yesterday'), path: 'status.now', line: 10, fix: 'write now: 1700000000',
  },
  {
    name: 'a generation that is negative',
    yaml: 'generation: { epoch: -1 }\n', path: 'generation.epoch', line: 1, fix: 'write epoch: 1',
  },
  {
    name: 'a YAML syntax error',
    yaml: 'nodes: [node1\nresources: []\n', path: '', line: 2, fix: 'correct the YAML syntax',
  },
  {
    name: 'a duplicate key',
    yaml: 'nodes: [n1]\nnodes: [n2]\n', path: 'nodes', line: 2, fix: 'keep one nodes: line',
  },
];

describe('loadYamlConfig refuses bad input', () => {
  it('should have at least 20 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('should report $name at $path, line $line', ({ yaml, path, line, fix, message }) => {
    const problems = problemsOf(yaml);
    const problem = problems.find((p) => p.path === path);
    expect(problem, `problems: ${JSON.stringify(problems, null, 1)}`).toBeDefined();
    expect(problem?.file).toBe('bad.yaml');
    expect(problem?.line).toBe(line);
    expect(problem?.fix).toContain(fix);
    if (message !== undefined) expect(problem?.message).toContain(message);
  });

  it('should collect every problem in the file, in line order, before refusing it', () => {
    const problems = problemsOf([
      'options: { no-quorum-policy: maybe }',
      'nodes: [n1]',
      'resources:',
      '  - { primitive: a, agent: Dummy }',
      '  - { primitive: b, agent: "lsb:b", operations: [ { name: monitor, interval: ten } ] }',
      'constraints:',
      '  - { order: o1, first: a, then: zz }',
    ].join('\n'));
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [1, 'options.no-quorum-policy'],
      [4, 'resources[0].agent'],
      [5, 'resources[1].operations[0].interval'],
      [7, 'constraints[0].first'],
      [7, 'constraints[0].then'],
    ]);
  });

  it('should format a problem as file:line:column path: message — fix: …', () => {
    try {
      loadYamlConfig(withBase('  - primitive: db', '    agent: ocf:heartbeat:Dummy', '    operations:', '      - { name: monitor, interval: ten }'), 'demo.yaml');
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).format()).toBe(
        'demo.yaml:12:36 resources[2].operations[0].interval: expected a duration such as 10s, 500ms or 2m, found "ten" — fix: write interval: 10s');
    }
  });
});
