// Parses an OCF agent's meta-data XML into plain data: its parameters, its actions with their
// advised timeouts, and what it can do (migrate, reload-agent, promote). Pure: no I/O.
import { parseDurationMs } from '../config/scalars.ts';
import { asNode, asNodes, attr, parseResourceAgentRoot, shortdescChild, type XmlNode } from './xml-metadata.ts';

export interface AgentParameter {
  name: string;
  required: boolean;
  /** unique="1", or a member of a unique-group (OCF 1.1). */
  unique: boolean;
  reloadable: boolean;
  /** From <content type=...>; "string" when absent. */
  type: string;
  default?: string;
  shortdesc?: string;
  deprecated: boolean;
}

export interface AgentActionSpec {
  name: string;
  timeoutMs?: number;
  intervalMs?: number;
  depth?: number;
  role?: string;
}

export interface AgentCapabilities {
  /** Has both migrate_to and migrate_from. */
  migrate: boolean;
  reloadAgent: boolean;
  /** Has both promote and demote. */
  promotable: boolean;
}

export interface AgentMetadata {
  /** The name the agent gives itself (<resource-agent name=...>). */
  name: string;
  /** The agent's own version (<resource-agent version=...>). */
  version?: string;
  /** The OCF standard version the agent follows (<version>). */
  ocfVersion?: string;
  shortdesc?: string;
  parameters: AgentParameter[];
  actions: AgentActionSpec[];
  capabilities: AgentCapabilities;
  /** Attributes that could not be read (e.g. a timeout of "soon"); the rest is still usable. */
  warnings: string[];
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on', 'y'].includes(value.trim().toLowerCase());
}

function parseParameter(node: XmlNode): AgentParameter {
  const content = asNode(node['content']);
  const param: AgentParameter = {
    name: attr(node, 'name') ?? '',
    required: isTrue(attr(node, 'required')),
    unique: isTrue(attr(node, 'unique')) || attr(node, 'unique-group') !== undefined,
    reloadable: isTrue(attr(node, 'reloadable')),
    type: attr(content, 'type') ?? 'string',
    deprecated: isTrue(attr(node, 'deprecated')) || node['deprecated'] !== undefined,
  };
  const dflt = attr(content, 'default');
  if (dflt !== undefined) param.default = dflt;
  const shortdesc = shortdescChild(node);
  if (shortdesc !== undefined) param.shortdesc = shortdesc;
  return param;
}

function parseAction(node: XmlNode, warnings: string[]): AgentActionSpec {
  const action: AgentActionSpec = { name: attr(node, 'name') ?? '' };
  for (const key of ['timeout', 'interval'] as const) {
    const raw = attr(node, key);
    if (raw === undefined) continue;
    const ms = parseDurationMs(raw);
    if (ms === undefined) warnings.push(`action ${action.name}: ${key}="${raw}" is not a duration (use e.g. 20s, 500ms, 1m)`);
    else if (key === 'timeout') action.timeoutMs = ms;
    else action.intervalMs = ms;
  }
  const depth = attr(node, 'depth');
  if (depth !== undefined && /^\d+$/.test(depth.trim())) action.depth = Number(depth);
  const role = attr(node, 'role');
  if (role !== undefined) action.role = role;
  return action;
}

/** Parses meta-data XML; throws an Error whose message says what is wrong with it. */
export function parseAgentMetadata(xml: string): AgentMetadata {
  const { root, name } = parseResourceAgentRoot(xml, 'meta-data');
  const warnings: string[] = [];
  const parameters = asNodes(asNode(root['parameters'])['parameter']).map(parseParameter).filter((p) => p.name !== '');
  const actions = asNodes(asNode(root['actions'])['action']).map((a) => parseAction(a, warnings)).filter((a) => a.name !== '');
  const has = (n: string) => actions.some((a) => a.name === n);
  const md: AgentMetadata = {
    name,
    parameters,
    actions,
    capabilities: { migrate: has('migrate_to') && has('migrate_from'), reloadAgent: has('reload-agent'), promotable: has('promote') && has('demote') },
    warnings,
  };
  const version = attr(root, 'version');
  if (version !== undefined) md.version = version;
  const ocfVersion = root['version'];
  if (typeof ocfVersion === 'string' && ocfVersion !== '') md.ocfVersion = ocfVersion;
  const shortdesc = shortdescChild(root);
  if (shortdesc !== undefined) md.shortdesc = shortdesc;
  return md;
}

export { parseDurationMs };
