// Parses an OCF agent's meta-data XML into plain data: its parameters, its actions with their
// advised timeouts, and what it can do (migrate, reload-agent, promote). Pure: no I/O.
import { parseDurationMs } from '../config/scalars.ts';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

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

type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set(['parameter', 'action', 'shortdesc']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (tagName) => ARRAY_TAGS.has(tagName),
});

function asNode(value: unknown): XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : {};
}

function asNodes(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.map(asNode) : value === undefined ? [] : [asNode(value)];
}

function attr(node: XmlNode, name: string): string | undefined {
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on', 'y'].includes(value.trim().toLowerCase());
}

/** The English (or first) short description; an element without attributes parses as a string. */
function shortdescOf(node: XmlNode): string | undefined {
  const raw = node['shortdesc'];
  const descs = (Array.isArray(raw) ? raw : []).map((d: unknown) =>
    typeof d === 'string' ? { text: d, lang: 'en' } : { text: asNode(d)['#text'], lang: attr(asNode(d), 'lang') ?? 'en' });
  const chosen = descs.find((d) => d.lang === 'en') ?? descs[0];
  return typeof chosen?.text === 'string' && chosen.text !== '' ? chosen.text : undefined;
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
  const shortdesc = shortdescOf(node);
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
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new Error(`meta-data is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  }
  const root = asNode(asNode(parser.parse(xml))['resource-agent']);
  const name = attr(root, 'name');
  if (name === undefined) throw new Error('meta-data has no <resource-agent name="..."> element');
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
  const shortdesc = shortdescOf(root);
  if (shortdesc !== undefined) md.shortdesc = shortdesc;
  return md;
}

export { parseDurationMs };
