// No parent supervises more than ~1,000 children, whatever the size of the config: the
// coordinator keeps its instances under instance hosts, each one slice of one node's instances
// (a config of 400 primitives once threw "the coordinator supervises at most 1000 instances").
import { describe, expect, it } from 'vitest';
import type { Primitive } from '../../src/config/model.ts';
import { INSTANCES_PER_HOST_MAX } from '../../src/machines/instance-host.ts';
import { CoordinatorHarness, coordinatorInput, harnessConfig, harnessDocument } from './support/coordinator-harness.ts';

const PRIMITIVES = INSTANCES_PER_HOST_MAX + 150;

function dummy(id: string): Primitive {
  return { kind: 'primitive', id, class: 'ocf', provider: 'heartbeat', type: 'Dummy', params: {}, meta: {}, operations: [] };
}

describe('coordinator: instance hosts', () => {
  it(`should probe and start ${PRIMITIVES} primitives on one node with no parent above ${INSTANCES_PER_HOST_MAX} children`, async () => {
    const config = harnessConfig();
    config.nodes = config.nodes.filter((n) => n.name === 'n1');
    config.options.fencingEnabled = false;
    config.constraints = [];
    config.resources = Array.from({ length: PRIMITIVES }, (_, i) => dummy(`d${i}`));
    const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(config), members: ['n1'] }));
    await h.advance(100);
    await h.drain(h.truth(), 3 * PRIMITIVES);
    expect(await h.settle()).toBe('idle');
    expect(h.ops.filter((op) => op.action === 'start')).toHaveLength(PRIMITIVES);
    expect(h.runningOn('d0')).toEqual(['n1']);
    expect(h.runningOn(`d${PRIMITIVES - 1}`)).toEqual(['n1']);

    const snapshot = h.actor.getSnapshot();
    const hosts = Object.keys(snapshot.children).filter((id) => id.startsWith('instances:'));
    expect(hosts.sort()).toEqual(['instances:n1/0', 'instances:n1/1']);
    expect(Object.keys(snapshot.children).length).toBeLessThanOrEqual(INSTANCES_PER_HOST_MAX);
    const sizes = hosts.map((id) => Object.keys((snapshot.children[id]!.getSnapshot() as { children: object }).children).length);
    expect(sizes).toEqual([INSTANCES_PER_HOST_MAX, PRIMITIVES - INSTANCES_PER_HOST_MAX]);
    expect(Object.values(h.context.hosts).reduce((a, b) => a + b, 0)).toBe(PRIMITIVES);
  }, 180_000);

  it('should forget a crashed instance and re-probe it through a fresh actor', async () => {
    const h = new CoordinatorHarness();
    expect(await h.settle()).toBe('idle');
    const before = h.context.instances['rsc@n2'];
    expect(before?.host).toBe('instances:n2/0');
    // As its host does with a crashed instance: stopped there, then reported up.
    h.actor.getSnapshot().children['instances:n2/0']!.send({ type: 'INSTANCES.STOP', id: 'resource:rsc@n2' });
    await h.send({ type: 'INSTANCES.FAILED', id: 'resource:rsc@n2', error: new Error('boom') });
    expect(h.context.instances['rsc@n2']).toBeUndefined();
    expect(h.logs.some((l) => l.level === 'error' && l.message.includes('resource:rsc@n2 crashed'))).toBe(true);
    const probesBefore = h.ops.filter((op) => op.resource === 'rsc' && op.node === 'n2' && op.action === 'monitor').length;
    expect(await h.settle()).toBe('idle');
    expect(h.ops.filter((op) => op.resource === 'rsc' && op.node === 'n2' && op.action === 'monitor').length).toBe(probesBefore + 1);
    expect(h.runningOn('rsc')).toEqual(['n2']);
  });
});
