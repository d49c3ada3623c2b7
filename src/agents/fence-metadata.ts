// Reads a fence agent's self-description (`action=metadata`, the same as `<agent> -o metadata`)
// and checks a device's parameters against it, with messages naming the device, the parameter
// and the fix. Parsing and checking are pure; readFenceMetadata runs the agent.
import { parseDurationMs } from './metadata-parse.ts';
import { runFenceAgentWithOutput, type FenceRunOptions } from './fence.ts';
import { PCMK_PARAM_PREFIX } from './fence-input.ts';
import { closestName } from './suggest.ts';
import { asNode, asNodes, attr, parseResourceAgentRoot, shortdescChild, type XmlNode } from './xml-metadata.ts';

export const FENCE_METADATA_TIMEOUT_MS_DEFAULT = 10_000;
export const FENCE_METADATA_OUTPUT_CAP_BYTES = 1024 * 1024;
/** How many known parameter names an "unknown parameter" message lists. */
const KNOWN_LISTED_MAX = 8;

export interface FenceParameter {
  name: string;
  required: boolean;
  /** From <content type=...>: string, boolean, integer, second, select, ...; "string" when absent. */
  type: string;
  default?: string;
  shortdesc?: string;
  deprecated?: boolean;
  /** The older parameter this one replaces (e.g. password obsoletes passwd). */
  obsoletes?: string;
}

export interface FenceActionSpec {
  name: string;
  timeoutMs?: number;
}

export interface FenceMetadata {
  name: string;
  shortdesc?: string;
  parameters: FenceParameter[];
  actions: FenceActionSpec[];
}

const isTrue = (v: string | undefined) => v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase());

/** The English (or first) <shortdesc> child; fence-agents put the agent's own in an attribute. */
function shortdescOf(node: XmlNode): string | undefined {
  return shortdescChild(node) ?? attr(node, 'shortdesc');
}

function parseParameter(node: XmlNode): FenceParameter {
  const content = asNode(node['content']);
  const p: FenceParameter = { name: attr(node, 'name') ?? '', required: isTrue(attr(node, 'required')), type: attr(content, 'type') ?? 'string' };
  const dflt = attr(content, 'default');
  if (dflt !== undefined) p.default = dflt;
  const shortdesc = shortdescOf(node);
  if (shortdesc !== undefined) p.shortdesc = shortdesc;
  if (isTrue(attr(node, 'deprecated'))) p.deprecated = true;
  const obsoletes = attr(node, 'obsoletes');
  if (obsoletes !== undefined && obsoletes !== '') p.obsoletes = obsoletes;
  return p;
}

function parseAction(node: XmlNode): FenceActionSpec {
  const action: FenceActionSpec = { name: attr(node, 'name') ?? '' };
  const timeout = attr(node, 'timeout');
  const ms = timeout === undefined ? undefined : parseDurationMs(timeout);
  if (ms !== undefined) action.timeoutMs = ms;
  return action;
}

/** Parses fence-agent metadata XML; throws an Error saying what is wrong with it. */
export function parseFenceMetadata(xml: string): FenceMetadata {
  const { root, name } = parseResourceAgentRoot(xml, 'metadata');
  const md: FenceMetadata = {
    name,
    parameters: asNodes(asNode(root['parameters'])['parameter']).map(parseParameter).filter((p) => p.name !== ''),
    actions: asNodes(asNode(root['actions'])['action']).map(parseAction).filter((a) => a.name !== ''),
  };
  const shortdesc = shortdescOf(root);
  if (shortdesc !== undefined) md.shortdesc = shortdesc;
  return md;
}

export type FenceMetadataRead = { ok: true; metadata: FenceMetadata } | { ok: false; reason: string };

export interface FenceMetadataOptions extends FenceRunOptions {
  timeoutMs?: number;
  /** Successful reads by agent name; the caller owns it (nothing hidden in module state). */
  cache?: Map<string, FenceMetadata>;
}

/** Runs the agent's metadata action and parses it. Never rejects; a failure names the agent and the cause. */
export async function readFenceMetadata(agent: string, opts: FenceMetadataOptions = {}): Promise<FenceMetadataRead> {
  const cached = opts.cache?.get(agent);
  if (cached !== undefined) return { ok: true, metadata: cached };
  const { result, stdout } = await runFenceAgentWithOutput(
    { device: `(metadata of ${agent})`, agent, action: 'metadata', params: {}, timeoutMs: opts.timeoutMs ?? FENCE_METADATA_TIMEOUT_MS_DEFAULT },
    { ...opts, outputCapBytes: opts.outputCapBytes ?? FENCE_METADATA_OUTPUT_CAP_BYTES },
  );
  if (!result.ok) return { ok: false, reason: `cannot read the metadata of ${agent}: ${result.reason}` };
  try {
    const metadata = parseFenceMetadata(stdout);
    opts.cache?.set(agent, metadata);
    return { ok: true, metadata };
  } catch (err) {
    return { ok: false, reason: `${agent} printed unusable metadata: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export type FenceParamProblemKind = 'missing' | 'unknown' | 'reserved' | 'deprecated';

export interface FenceParamProblem {
  kind: FenceParamProblemKind;
  /** 'deprecated' is a warning; the others stop the device from being used as configured. */
  severity: 'error' | 'warning';
  device: string;
  parameter: string;
  agent: string;
  message: string;
  /** For an unknown or deprecated parameter: the name to use instead. */
  suggestion?: string;
}

/** Required in metadata but filled in by vigil for each request. */
const SUPPLIED_BY_VIGIL = new Set(['action', 'port', 'plug', 'nodename']);

/** Pacemaker-style device options vigil reads (pcmk_<action>_action/_timeout/_retries are patterns). */
export const PCMK_PARAMS: readonly string[] = [
  'pcmk_host_list', 'pcmk_host_map', 'pcmk_host_check', 'pcmk_host_argument',
  'pcmk_delay_base', 'pcmk_delay_max', 'pcmk_action_limit',
];
const PCMK_ACTION_PARAM = /^pcmk_(reboot|off|on|status|monitor|list)_(action|timeout|retries)$/;

function knownList(names: readonly string[]): string {
  const listed = names.slice(0, KNOWN_LISTED_MAX).join(', ');
  return names.length > KNOWN_LISTED_MAX ? `${listed}, ...` : listed;
}

function unknownProblem(device: string, agent: string, name: string, known: readonly string[]): FenceParamProblem {
  const isPcmk = name.startsWith(PCMK_PARAM_PREFIX);
  const candidates = isPcmk ? [...PCMK_PARAMS, 'pcmk_reboot_action', 'pcmk_reboot_timeout', 'pcmk_off_action'] : known;
  const suggestion = closestName(name, candidates);
  const what = isPcmk ? 'a device option vigil knows' : `a parameter of ${agent} (known: ${knownList(known)})`;
  const fix = suggestion === undefined ? 'remove it' : `did you mean '${suggestion}'?`;
  return {
    kind: 'unknown', severity: 'error', device, parameter: name, agent,
    message: `fence device ${device}: '${name}' is not ${what}; ${fix}`,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}

/** Checks a device's params against its agent's metadata. Pure. */
export function checkFenceParams(device: string, agent: string, params: Record<string, string>, md: FenceMetadata): FenceParamProblem[] {
  const problems: FenceParamProblem[] = [];
  const known = md.parameters.map((p) => p.name);
  for (const p of md.parameters) {
    if (!p.required || SUPPLIED_BY_VIGIL.has(p.name) || Object.hasOwn(params, p.name)) continue;
    // Either name of a renamed parameter will do (ip for ipaddr, or the deprecated ipaddr for ip).
    const replacement = md.parameters.find((q) => q.obsoletes === p.name);
    if (replacement !== undefined && Object.hasOwn(params, replacement.name)) continue;
    if (p.obsoletes !== undefined && Object.hasOwn(params, p.obsoletes)) continue;
    problems.push({
      kind: 'missing', severity: 'error', device, parameter: p.name, agent,
      message: `fence device ${device}: required parameter '${p.name}' of ${agent} is not set; add ${p.name}=<${p.shortdesc ?? 'value'}> to its params`,
    });
  }
  for (const name of Object.keys(params)) {
    if (name === 'action' || name === 'nodename') {
      problems.push({
        kind: 'reserved', severity: 'error', device, parameter: name, agent,
        message: `fence device ${device}: '${name}' is set by vigil for each request; remove it${name === 'action' ? ' (pcmk_reboot_action=off turns reboots into power-offs)' : ''}`,
      });
      continue;
    }
    if (PCMK_PARAMS.includes(name) || PCMK_ACTION_PARAM.test(name)) continue;
    const param = md.parameters.find((p) => p.name === name);
    if (param === undefined) {
      problems.push(unknownProblem(device, agent, name, known));
    } else if (param.deprecated === true) {
      const replacement = md.parameters.find((q) => q.obsoletes === name);
      const fix = replacement === undefined ? 'it may go away in a later fence-agents release' : `rename it to '${replacement.name}'`;
      problems.push({
        kind: 'deprecated', severity: 'warning', device, parameter: name, agent,
        message: `fence device ${device}: parameter '${name}' of ${agent} is deprecated; ${fix}`,
        ...(replacement === undefined ? {} : { suggestion: replacement.name }),
      });
    }
  }
  return problems;
}
