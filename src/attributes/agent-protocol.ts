// What vigil's Pacemaker tools (tools/pacemaker/, run by agents) may ask their node's daemon
// over the agent channel (agent-channel.ts), and the answers. Reading is broad; the only
// change an agent can make is to attributes: that is the whole of this protocol, checked
// exactly on arrival. One JSON line each way: {"token", "request"} in, AgentResponse out.
import { boolean, literal, object, string, type Schema } from '../transport/schema.ts';
import { attributeCommandSchemas } from './command-schemas.ts';
import type { AttributeSection, NodeAttributeView } from './types.ts';

export type AgentRequest =
  | { type: 'attribute.update'; section: AttributeSection; node?: string; name: string; value: string | null }
  | { type: 'attribute.query'; section: AttributeSection; node?: string; name: string }
  /** The cluster as crm_node, crm_mon and crm_resource --locate show it. */
  | { type: 'cluster' }
  /** One parameter (or with meta, meta attribute) of a resource as configured: crm_resource -g. */
  | { type: 'resource.parameter'; resource: string; name: string; meta: boolean };

/** Why a request failed, which the tools turn into Pacemaker's exit codes ('disconnected': no daemon answered, the tools' own). */
export type AgentFailure = 'no-such' | 'refused' | 'invalid' | 'unavailable' | 'disconnected';

export type AgentResponse =
  | { ok: true; value?: string; cluster?: AgentClusterView }
  | { ok: false; failure: AgentFailure; error: string };

export interface AgentNode {
  name: string;
  /** Pacemaker's node id: the config's id, else the node's position from 1. */
  id: string;
  /** Connected to the coordinator (crm_node -l says member, else lost). */
  member: boolean;
  state: string;
  attributes: NodeAttributeView[];
}

export interface AgentResource {
  id: string;
  /** ocf:heartbeat:Dummy, stonith:fence_dummy... */
  agent: string;
  /** Its clone or group, if any. */
  parent?: string;
  parentKind?: 'clone' | 'group';
  state: string;
  /** Where it runs. */
  nodes: string[];
  failed: boolean;
  managed: boolean;
}

export interface AgentClusterView {
  /** This daemon's node. */
  self: string;
  /** null while no coordinator has been heard. */
  coordinator: string | null;
  quorum: boolean;
  nodes: AgentNode[];
  resources: AgentResource[];
}

/** Largest request line accepted (an attribute value is at most a few KiB). */
export const AGENT_REQUEST_BYTES_MAX = 64 * 1024;

const name = string({ minLength: 1, maxLength: 1024 });
const attributes = attributeCommandSchemas(name);
const REQUEST_SCHEMAS: Record<AgentRequest['type'], Schema<unknown>> = {
  'attribute.update': attributes['attribute.update'],
  'attribute.query': attributes['attribute.query'],
  'cluster': object({ type: literal('cluster') }),
  'resource.parameter': object({ type: literal('resource.parameter'), resource: name, name, meta: boolean() }),
};

/** The first problem with a request from a tool, as "path: what", or undefined. */
export function checkAgentRequest(value: unknown): string | undefined {
  const type = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['type'] : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(REQUEST_SCHEMAS, type)) return `request.type: expected one of ${Object.keys(REQUEST_SCHEMAS).join(', ')}`;
  return REQUEST_SCHEMAS[type as AgentRequest['type']].check(value, 'request');
}
