// What the coordinator cannot supervise is refused up front by the one runtime acceptance
// (validate, config apply, daemons), never found by a crash: node actors, fencers and one
// instance host per node and 1,000 instances are its children, at most 1,000 of them.
import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../../src/config/defaults.ts';
import type { ClusterConfig, Primitive } from '../../src/config/model.ts';
import { instancesPerNodeMax, runnableProblems } from '../../src/config/runnable.ts';

const dummy = (id: string): Primitive => ({ kind: 'primitive', id, class: 'ocf', provider: 'heartbeat', type: 'Dummy', params: {}, meta: {}, operations: [] });

function cluster(nodes: number, primitives: number): ClusterConfig {
  const config = emptyConfig();
  config.nodes = Array.from({ length: nodes }, (_, i) => ({ name: `n${i + 1}`, attributes: {}, standby: false, maintenance: false }));
  config.resources = Array.from({ length: primitives }, (_, i) => dummy(`d${i}`));
  return config;
}

describe('supervision limits', () => {
  it('should count every primitive once per node, an anonymous clone once, a unique clone clone-max times', () => {
    const config = cluster(3, 2);
    config.resources.push({ kind: 'clone', id: 'anon', meta: {}, child: dummy('a') });
    config.resources.push({ kind: 'clone', id: 'uniq', meta: { 'globally-unique': 'true', 'clone-max': '5' }, child: dummy('u') });
    config.resources.push({ kind: 'group', id: 'g', meta: {}, children: [dummy('g1'), dummy('g2')] });
    expect(instancesPerNodeMax(config)).toBe(2 + 1 + 5 + 2);
  });

  it('should accept 10,000 primitives on 16 nodes and refuse 20,000 on 64, naming the limit', () => {
    expect(runnableProblems(cluster(16, 10_000), { file: 'big.yaml' })).toEqual([]);
    const problems = runnableProblems(cluster(64, 20_000), { file: 'huge.yaml' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'huge.yaml', path: 'resources' });
    expect(problems[0]!.message).toContain('more than its 1000');
    expect(problems[0]!.fix).toContain('use at most 13000 primitives');
  });
});
