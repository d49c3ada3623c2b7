// The daemon's side of the agent channel: an attribute request is this node's unless the tool
// named another, reaches the coordinator as the administrator's command, and problems the
// daemon sees itself are told apart (for the tools' exit codes); the cluster view for crm_mon.
import { describe, expect, it } from 'vitest';
import { clusterView, createAgentHandler } from '../../src/attributes/agent-handler.ts';
import type { AdminCommand } from '../../src/config/admin-command.ts';
import type { AdminResult } from '../../src/daemon/control-types.ts';
import { clusterDocument } from '../cli/helpers.ts';
import { realisticView } from '../cli/view-fixture.ts';

function handler(answer: (c: AdminCommand) => AdminResult = () => ({ ok: true, message: 'done' })) {
  const sent: AdminCommand[] = [];
  const doc = clusterDocument();
  const h = createAgentHandler({ self: 'n1', view: () => null, doc: () => doc, handle: async (c) => { sent.push(c); return answer(c); } });
  return { h, sent };
}

describe('the agent handler', () => {
  it('should set this node\'s attribute unless the tool named a node, and never give crm_config a node', async () => {
    const { h, sent } = handler();
    expect(await h.handle({ type: 'attribute.update', section: 'status', name: 'pingd', value: '1' })).toEqual({ ok: true });
    expect(await h.handle({ type: 'attribute.update', section: 'nodes', node: 'n2', name: 'x', value: null })).toEqual({ ok: true });
    expect(await h.handle({ type: 'attribute.update', section: 'crm_config', node: 'n2', name: 'redis_REPL_INFO', value: 'n1' })).toEqual({ ok: true });
    expect(sent).toEqual([
      { type: 'attribute.update', section: 'status', node: 'n1', name: 'pingd', value: '1' },
      { type: 'attribute.update', section: 'nodes', node: 'n2', name: 'x', value: null },
      { type: 'attribute.update', section: 'crm_config', name: 'redis_REPL_INFO', value: 'n1' },
    ]);
  });

  it('should tell an unknown node, a refused name, an unset value and an unreachable coordinator apart', async () => {
    const { h, sent } = handler((c) => (c.type === 'attribute.query' ? { ok: true, message: 'not set' } : { ok: false, error: 'there is no coordinator right now' }));
    expect(await h.handle({ type: 'attribute.update', section: 'status', node: 'n9', name: 'pingd', value: '1' })).toMatchObject({ ok: false, failure: 'no-such' });
    expect(await h.handle({ type: 'attribute.update', section: 'status', name: 'standby', value: 'on' })).toMatchObject({ ok: false, failure: 'refused' });
    expect(await h.handle({ type: 'attribute.update', section: 'crm_config', name: 'no-quorum-policy', value: 'ignore' })).toMatchObject({ ok: false, failure: 'refused' });
    expect(sent).toEqual([]);
    expect(await h.handle({ type: 'attribute.query', section: 'status', name: 'pingd' })).toEqual({ ok: false, failure: 'no-such', error: 'not set' });
    expect(await h.handle({ type: 'attribute.update', section: 'status', name: 'pingd', value: '1' })).toMatchObject({ ok: false, failure: 'unavailable' });
  });

  it('should answer a query with the value', async () => {
    const { h } = handler(() => ({ ok: true, message: 'pingd=1000', text: '1000' }));
    expect(await h.handle({ type: 'attribute.query', section: 'status', name: 'pingd' })).toEqual({ ok: true, value: '1000' });
  });

  it('should name an anonymous clone\'s instances by the child\'s id, with node ids from the config', () => {
    const config = clusterDocument().config;
    const view = realisticView();
    view.resources = [
      { id: 'ping:0', state: 'started', node: 'n2', instances: [{ node: 'n2', state: 'monitoring', failCount: 0, rc: 0, reason: '' }], parent: 'ping-clone' },
      { id: 'ip', state: 'stop-failed', node: 'n1', instances: [], },
    ];
    const cluster = clusterView('n1', view, config);
    expect(cluster.resources).toEqual([
      { id: 'ping', agent: 'ocf:heartbeat:Dummy', state: 'started', nodes: ['n2'], failed: false, managed: true, parent: 'ping-clone', parentKind: 'clone' },
      { id: 'ip', agent: 'ocf:heartbeat:Dummy', state: 'stop-failed', nodes: ['n1'], failed: true, managed: true },
    ]);
    expect(cluster.nodes.map((n) => [n.name, n.id])).toEqual([['n1', '1'], ['n2', '2'], ['n3', '3']]);
  });
});
