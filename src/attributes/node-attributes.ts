// Reading and changing node attributes and crm_config values in the cluster document. Pure:
// the coordinator applies these to its replicated document; daemons answer queries with them.
// A change that changes nothing returns the very same object, so callers can skip replication.
import type { ClusterConfig, ClusterDocument, ClusterOptions, NodeStatus } from '../config/model.ts';
import { BOOLEAN_OPTIONS, PACEMAKER_PROPERTIES } from '../config/yaml/options.ts';
import { checkNode } from '../config/edit-lookup.ts';
import { UNFENCED_ATTRIBUTE } from '../scheduler/unfencing.ts';
import {
  ATTRIBUTE_NAME_LENGTH_MAX, ATTRIBUTE_VALUE_LENGTH_MAX, type AttributeLifetime, type AttributeTarget, type NodeAttributeView,
} from './types.ts';

/** Transient attributes vigil shows elsewhere (`vigil status` lists them as failures). */
const FAILURE_ATTRIBUTE = /^(?:fail-count|last-failure)-/;

/** Node modes have their own commands; an attribute of that name would be a second, silent switch. */
const MODE_ATTRIBUTES: Readonly<Record<string, string>> = {
  standby: 'vigil node standby NODE / vigil node online NODE',
  maintenance: 'vigil node maintenance NODE / vigil node online NODE',
};

/** What the cluster itself gives every node for rules (#health-* are ordinary attributes agents set). */
const BUILT_IN: ReadonlySet<string> = new Set(['#uname', '#id', '#kind', '#is_dc', '#cluster-name', '#site-name', '#role']);

/** YAML option keys and Pacemaker property names of the cluster options vigil reads. */
const CLUSTER_OPTION_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(BOOLEAN_OPTIONS), 'fencing-action', 'no-quorum-policy', 'default-resource-stickiness',
  'stonith-enabled', 'stonith-action', ...PACEMAKER_PROPERTIES,
]);

/** Why `target` (and the value, for an update) cannot be used, or undefined. */
export function attributeProblem(config: ClusterConfig, target: AttributeTarget, value?: string | null): string | undefined {
  const { name } = target;
  if (name.length === 0 || name.length > ATTRIBUTE_NAME_LENGTH_MAX) return `attribute name must have 1 to ${ATTRIBUTE_NAME_LENGTH_MAX} characters`;
  if (/[\x00-\x1f\x7f]/.test(name)) return `attribute name '${name}' contains a control character`;
  if (BUILT_IN.has(name)) return `attribute '${name}' is built in (${[...BUILT_IN].join(', ')}) and cannot be set`;
  if (typeof value === 'string') {
    if (value.length > ATTRIBUTE_VALUE_LENGTH_MAX) return `the value of '${name}' is longer than ${ATTRIBUTE_VALUE_LENGTH_MAX} characters`;
    if (value.includes('\0')) return `the value of '${name}' contains a NUL byte`;
  }
  if (target.section === 'crm_config') return undefined;
  if (target.node === undefined) return `the ${target.section} attribute '${name}' needs a node`;
  return checkNode(config, target.node);
}

/** Why an update of `target` is refused (beyond attributeProblem): what vigil reads as settings. */
export function updateProblem(target: AttributeTarget): string | undefined {
  if (target.section === 'status' && target.name === UNFENCED_ATTRIBUTE) {
    return `'${UNFENCED_ATTRIBUTE}' is set by the cluster when it unfences a node (and cleared when the node is fenced or leaves): setting it by hand would let a node touch shared storage it may be cut off from`;
  }
  const mode = MODE_ATTRIBUTES[target.name];
  if (target.section !== 'crm_config' && mode !== undefined) return `'${target.name}' is a node mode in vigil, not an attribute: use ${mode}`;
  if (target.section === 'crm_config' && CLUSTER_OPTION_NAMES.has(target.name)) {
    return `'${target.name}' is a cluster option: change it in the config's options (vigil config show > FILE; edit; vigil config apply FILE)`;
  }
  return undefined;
}

/** The string Pacemaker would show for the options vigil keeps typed. */
function typedOption(options: ClusterOptions, name: string): string | undefined {
  switch (name) {
    case 'stonith-enabled': case 'fencing-enabled': return String(options.fencingEnabled);
    case 'stonith-action': case 'fencing-action': return options.fencingAction;
    case 'no-quorum-policy': return options.noQuorumPolicy;
    case 'default-resource-stickiness': return String(options.defaultResourceStickiness);
    default: {
      const flag = BOOLEAN_OPTIONS[name];
      return flag === undefined ? undefined : String(options[flag]);
    }
  }
}

/** The attribute's value, or undefined when it is not set. */
export function readAttribute(doc: ClusterDocument, target: AttributeTarget): string | undefined {
  const { name, node } = target;
  switch (target.section) {
    case 'crm_config': return typedOption(doc.config.options, name) ?? doc.config.options.other[name];
    case 'nodes': return doc.config.nodes.find((n) => n.name === node)?.attributes[name];
    case 'status': return doc.status.nodes.find((n) => n.name === node)?.attributes[name];
  }
}

function withEntry(attributes: Record<string, string>, name: string, value: string | null): Record<string, string> {
  const { [name]: _was, ...rest } = attributes;
  return value === null ? rest : { ...rest, [name]: value };
}

/** Sets (or with null deletes) a transient attribute of `node`. */
export function setTransientAttribute(doc: ClusterDocument, node: string, name: string, value: string | null): ClusterDocument {
  const entry: NodeStatus = doc.status.nodes.find((n) => n.name === node) ?? { name: node, online: false, unclean: false, shutdown: false, attributes: {} };
  if ((entry.attributes[name] ?? null) === value) return doc;
  const next = { ...entry, attributes: withEntry(entry.attributes, name, value) };
  const nodes = [...doc.status.nodes.filter((n) => n.name !== node), next].sort((a, b) => a.name.localeCompare(b.name));
  return { ...doc, status: { ...doc.status, nodes } };
}

/** Sets (or deletes) a permanent attribute of `node` in the config; the caller bumps the generation. */
export function setPermanentAttribute(config: ClusterConfig, node: string, name: string, value: string | null): ClusterConfig {
  const entry = config.nodes.find((n) => n.name === node);
  if (entry === undefined || (entry.attributes[name] ?? null) === value) return config;
  return { ...config, nodes: config.nodes.map((n) => (n.name === node ? { ...n, attributes: withEntry(n.attributes, name, value) } : n)) };
}

/** Sets (or deletes) a crm_config value vigil does not interpret; the caller bumps the generation. */
export function setClusterValue(config: ClusterConfig, name: string, value: string | null): ClusterConfig {
  if ((config.options.other[name] ?? null) === value) return config;
  return { ...config, options: { ...config.options, other: withEntry(config.options.other, name, value) } };
}

/** Every transient attribute of `node` forgotten (it left, or was fenced), fail-counts included. */
export function withoutTransientAttributes(doc: ClusterDocument, node: string): ClusterDocument {
  const entry = doc.status.nodes.find((n) => n.name === node);
  if (entry === undefined || Object.keys(entry.attributes).length === 0) return doc;
  return { ...doc, status: { ...doc.status, nodes: doc.status.nodes.map((n) => (n === entry ? { ...n, attributes: {} } : n)) } };
}

/** A node's attributes for `vigil status`: permanent and transient, by name (fail-counts are shown as failures). */
export function nodeAttributeViews(doc: ClusterDocument, node: string): NodeAttributeView[] {
  const out: NodeAttributeView[] = [];
  const add = (attributes: Record<string, string> | undefined, lifetime: AttributeLifetime) => {
    for (const [name, value] of Object.entries(attributes ?? {})) if (!FAILURE_ATTRIBUTE.test(name)) out.push({ name, value, lifetime });
  };
  add(doc.config.nodes.find((n) => n.name === node)?.attributes, 'forever');
  add(doc.status.nodes.find((n) => n.name === node)?.attributes, 'reboot');
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.lifetime.localeCompare(b.lifetime));
}
