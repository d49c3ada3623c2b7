// The daemon's answers on the agent channel: attribute changes and queries become the
// administrator's attribute commands (so they reach the coordinator the same way, for this
// node unless the tool named another); cluster and resource questions are answered from what
// this daemon knows. Problems the daemon can see itself are told apart, for the tools' exit codes.
import type { AdminCommand } from '../config/admin-command.ts';
import { findResource } from '../config/edit-lookup.ts';
import type { ClusterConfig, ClusterDocument, Resource } from '../config/model.ts';
import type { AdminResult } from '../daemon/control-types.ts';
import type { ClusterView } from '../daemon/view-types.ts';
import type { AgentChannelHandler } from './agent-channel.ts';
import type { AgentClusterView, AgentRequest, AgentResource, AgentResponse } from './agent-protocol.ts';
import { attributeProblem, updateProblem } from './node-attributes.ts';

export interface AgentHandlerContext {
  self: string;
  /** An administrator's command, as the control channel would run it. */
  handle(command: AdminCommand): Promise<AdminResult>;
  view(): ClusterView | null;
  doc(): ClusterDocument;
}

const FAILED_STATES = new Set(['stop-failed', 'monitor-failed', 'blocked']);

export function createAgentHandler(ctx: AgentHandlerContext): AgentChannelHandler {
  return {
    async handle(request: AgentRequest): Promise<AgentResponse> {
      switch (request.type) {
        case 'attribute.update': case 'attribute.query': return attribute(ctx, request);
        case 'cluster': {
          const view = ctx.view();
          return { ok: true, cluster: clusterView(ctx.self, view, ctx.doc().config) };
        }
        case 'resource.parameter': return resourceParameter(ctx.doc().config, request);
      }
    },
  };
}

async function attribute(ctx: AgentHandlerContext, request: Extract<AgentRequest, { type: 'attribute.update' | 'attribute.query' }>): Promise<AgentResponse> {
  const command: AdminCommand = request.section === 'crm_config' ? { ...request, node: undefined } : { ...request, node: request.node ?? ctx.self };
  if (command.node === undefined) delete command.node;
  const config = ctx.doc().config;
  const value = command.type === 'attribute.update' ? command.value : undefined;
  const problem = attributeProblem(config, command, value);
  if (problem !== undefined) return { ok: false, failure: command.node !== undefined && !config.nodes.some((n) => n.name === command.node) ? 'no-such' : 'invalid', error: problem };
  const refused = command.type === 'attribute.update' ? updateProblem(command) : undefined;
  if (refused !== undefined) return { ok: false, failure: 'refused', error: refused };
  const result = await ctx.handle(command);
  if (!result.ok) return { ok: false, failure: 'unavailable', error: result.error };
  if (command.type === 'attribute.query' && result.text === undefined) return { ok: false, failure: 'no-such', error: result.message };
  return result.text === undefined ? { ok: true } : { ok: true, value: result.text };
}

function agentName(r: Resource): string {
  if (r.kind !== 'primitive') return '';
  return r.provider === undefined ? `${r.class}:${r.type}` : `${r.class}:${r.provider}:${r.type}`;
}

/** The cluster for crm_node and crm_mon: nodes with their ids, resources with where they run. */
export function clusterView(self: string, view: ClusterView | null, config: ClusterConfig): AgentClusterView {
  const nodes = config.nodes.map((n, i) => {
    const seen = view?.nodes.find((v) => v.name === n.name);
    return { name: n.name, id: n.id ?? String(i + 1), member: seen?.member ?? n.name === self, state: seen?.state ?? 'offline', attributes: seen?.attributes ?? [] };
  });
  const resources: AgentResource[] = (view?.resources ?? []).map((r) => {
    const base = r.id.replace(/:\d+$/, '');
    const found = findResource(config.resources, base);
    const parent = found?.ancestors.at(-1);
    // An anonymous clone's instances go by the child's own id, as crm_mon shows them and as
    // their agents know themselves (OCF_RESOURCE_INSTANCE).
    const anonymous = parent?.kind === 'clone' && parent.meta['globally-unique'] !== 'true';
    return {
      id: anonymous ? base : r.id, agent: found ? agentName(found.resource) : '', state: r.state, nodes: r.node === null ? [] : [r.node], failed: FAILED_STATES.has(r.state),
      managed: found?.resource.meta['is-managed'] !== 'false',
      ...(parent && parent.kind !== 'primitive' ? { parent: parent.id, parentKind: parent.kind } : {}),
    };
  });
  return { self, coordinator: view?.coordinator ?? null, quorum: view?.quorum ?? false, nodes, resources };
}

function resourceParameter(config: ClusterConfig, request: Extract<AgentRequest, { type: 'resource.parameter' }>): AgentResponse {
  const id = request.resource.replace(/:\d+$/, '');
  const found = findResource(config.resources, id);
  if (found === undefined) return { ok: false, failure: 'no-such', error: `Resource '${request.resource}' not found` };
  const r = found.resource;
  if (!request.meta && r.kind === 'primitive' && r.class === 'stonith') return { ok: false, failure: 'refused', error: 'the parameters of fence devices are not shown to agents' };
  const source = request.meta ? r.meta : r.kind === 'primitive' ? r.params : {};
  const value = source[request.name];
  return value === undefined ? { ok: false, failure: 'no-such', error: `Attribute '${request.name}' not found for '${request.resource}'` } : { ok: true, value };
}
