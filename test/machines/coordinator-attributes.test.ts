// Node attributes held by the coordinator: a transient attribute set by an administrator (or
// an agent's crm_attribute) is in the replicated status, and a location rule on it moves a
// resource; a permanent one is a config change; repeating a value changes nothing.
import { describe, expect, it } from 'vitest';
import type { AdminCommand } from '../../src/config/admin-command.ts';
import type { ClusterConfig } from '../../src/config/model.ts';
import { INFINITY } from '../../src/config/model.ts';
import { CoordinatorHarness, coordinatorInput, harnessConfig, harnessDocument } from './support/coordinator-harness.ts';

/** rsc prefers n2, then n3, and must not run where pingd is 0 (Pacemaker's ping recipe). */
function pingdConfig(): ClusterConfig {
  const config = harnessConfig();
  config.constraints.push({
    kind: 'location', id: 'rsc-connected', resource: 'rsc',
    rules: [{ id: 'rsc-connected-rule', score: -INFINITY, booleanOp: 'or', expressions: [{ kind: 'attribute', attribute: 'pingd', operation: 'eq', value: '0' }] }],
  });
  return config;
}

describe('coordinator: node attributes', () => {
  it('should move a resource off a node whose transient pingd becomes 0, and back once it is deleted', async () => {
    const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(pingdConfig()) }));
    expect(await h.settle()).toBe('idle');
    expect(h.runningOn('rsc')).toEqual(['n2']);

    await h.send({ type: 'ADMIN.COMMAND', id: 'a1', command: { type: 'attribute.update', section: 'status', node: 'n2', name: 'pingd', value: '0' } });
    expect(h.answers.at(-1)).toEqual({ type: 'coordinator.answer', id: 'a1', ok: true, message: 'pingd=0 on n2 (reboot)' });
    expect(h.context.doc.status.nodes.find((n) => n.name === 'n2')?.attributes['pingd']).toBe('0');
    expect(h.context.doc.config.generation.epoch, 'a transient attribute is not a config change').toBe(0);
    expect(await h.settle()).toBe('idle');
    expect(h.runningOn('rsc')).toEqual(['n3']);

    await h.send({ type: 'ADMIN.COMMAND', id: 'a2', command: { type: 'attribute.update', section: 'status', node: 'n2', name: 'pingd', value: null } });
    expect(await h.settle()).toBe('idle');
    expect(h.runningOn('rsc')).toEqual(['n2']);
  });

  it('should answer a repeated value as unchanged, leaving the document as it was', async () => {
    const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(pingdConfig()) }));
    expect(await h.settle()).toBe('idle');
    const command = { type: 'attribute.update', section: 'status', node: 'n3', name: 'pingd', value: '1000' } as const;
    await h.send({ type: 'ADMIN.COMMAND', id: 'a1', command });
    const doc = h.context.doc;
    await h.send({ type: 'ADMIN.COMMAND', id: 'a2', command });
    expect(h.answers.at(-1)?.message).toBe('pingd=1000 on n3 (reboot): unchanged');
    expect(h.context.doc).toBe(doc);
  });

  it('should keep a permanent attribute in the config, with a new epoch, and a crm_config value in its options', async () => {
    const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(pingdConfig()) }));
    expect(await h.settle()).toBe('idle');
    await h.send({ type: 'ADMIN.COMMAND', id: 'a1', command: { type: 'attribute.update', section: 'nodes', node: 'n1', name: 'site', value: 'east' } });
    expect(h.context.doc.config.nodes.find((n) => n.name === 'n1')?.attributes).toEqual({ site: 'east' });
    expect(h.context.doc.config.generation).toEqual({ adminEpoch: 0, epoch: 1, updates: 0 });
    await h.send({ type: 'ADMIN.COMMAND', id: 'a2', command: { type: 'attribute.update', section: 'crm_config', name: 'redis_REPL_INFO', value: 'n2' } });
    expect(h.context.doc.config.options.other['redis_REPL_INFO']).toBe('n2');
    expect(h.context.doc.config.generation.epoch).toBe(2);
  });

  it('should forget a node\'s transient attributes, not its permanent ones, when it leaves', async () => {
    const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(pingdConfig()) }));
    expect(await h.settle()).toBe('idle');
    await h.send({ type: 'ADMIN.COMMAND', id: 'a1', command: { type: 'attribute.update', section: 'status', node: 'n3', name: 'pingd', value: '1000' } });
    await h.send({ type: 'ADMIN.COMMAND', id: 'a2', command: { type: 'attribute.update', section: 'nodes', node: 'n3', name: 'site', value: 'west' } });
    expect(h.context.doc.status.nodes.find((n) => n.name === 'n3')?.attributes).toEqual({ pingd: '1000' });
    await h.send({ type: 'MEMBER.DOWN', node: 'n3', atMs: 0, departure: 'clean' });
    expect(await h.settle()).toBe('idle');
    expect(h.context.doc.status.nodes.find((n) => n.name === 'n3')?.attributes).toEqual({});
    expect(h.context.doc.config.nodes.find((n) => n.name === 'n3')?.attributes).toEqual({ site: 'west' });
  });

  it('should refuse an unknown node, a node mode and a cluster option, naming what to use instead', async () => {
    const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(pingdConfig()) }));
    expect(await h.settle()).toBe('idle');
    const refused = async (command: AdminCommand) => {
      await h.send({ type: 'ADMIN.COMMAND', id: 'x', command });
      const answer = h.answers.at(-1)!;
      expect(answer.ok).toBe(false);
      return answer.message;
    };
    expect(await refused({ type: 'attribute.update', section: 'status', node: 'n9', name: 'pingd', value: '1' })).toContain("no node 'n9' in the config");
    expect(await refused({ type: 'attribute.update', section: 'nodes', node: 'n1', name: 'standby', value: 'on' })).toContain('vigil node standby');
    expect(await refused({ type: 'attribute.update', section: 'crm_config', name: 'stonith-enabled', value: 'false' })).toContain('vigil config apply');
    expect(await refused({ type: 'attribute.update', section: 'status', node: 'n1', name: '#uname', value: 'x' })).toContain('built in');
    expect(h.context.doc.config.generation.epoch).toBe(0);
  });
});
