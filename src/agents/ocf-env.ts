// The environment an OCF agent sees: exactly the variables the OCF standard defines for this
// operation, and nothing of the daemon's own environment (no HOME, no secrets); under a daemon,
// also the way to vigil's Pacemaker tools (agentToolsEnv). Pure.
import { fileURLToPath } from 'node:url';
import type { AgentOperation } from '../ocf/operation.ts';

export const OCF_ROOT_DEFAULT = '/usr/lib/ocf';
export const AGENT_PATH_DEFAULT = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The one instance parameter passed under its own name, not as OCF_RESKEY_<name>: the depth of
 * a monitor, which agents read as $OCF_CHECK_LEVEL.
 */
export const CHECK_LEVEL_PARAM = 'OCF_CHECK_LEVEL';

/** Meta attributes taken from the operation itself; a same-named entry in op.meta is ignored. */
const OPERATION_META = ['timeout', 'interval', 'name', 'on_node'] as const;

export interface OcfEnvOptions {
  ocfRoot: string;
  path: string;
}

/**
 * vigil's own crm_attribute, attrd_updater, crm_node... (tools/pacemaker/bin): first on every
 * agent's PATH, and its HA_SBIN_DIR, since Debian's agents call `${HA_SBIN_DIR}/crm_attribute`
 * (ocf-shellfuncs defaults it to /usr/sbin, where Pacemaker's own tools would need its daemons).
 */
export const PACEMAKER_TOOLS_DIR = fileURLToPath(new URL('../../tools/pacemaker/bin', import.meta.url));

/** The CRM feature set of the Pacemaker whose tools vigil's imitate. */
export const CRM_FEATURE_SET = '3.16.2';

/** The PATH and variables that give an agent vigil's Pacemaker tools, talking to its daemon through `channelEnv`. */
export function agentToolsEnv(channelEnv: Record<string, string>, path = AGENT_PATH_DEFAULT, toolsDir = PACEMAKER_TOOLS_DIR): { path: string; env: Record<string, string> } {
  // The tools are Node programs: the daemon's own node runs them, wherever it is installed.
  // Pacemaker tells agents its CRM feature set; from it they pick crm_attribute --promotion
  // and crm_mon --output-as=xml, which these tools provide (Pacemaker 2.1.5's set).
  return {
    path: `${toolsDir}:${path}`,
    env: { ...channelEnv, HA_SBIN_DIR: toolsDir, VIGIL_NODE_BIN: process.execPath, OCF_RESKEY_crm_feature_set: CRM_FEATURE_SET },
  };
}

/** Why a name or value cannot be put in an environment, or null when it can. */
export function envProblem(name: string, value: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
    return `'${name}' is not a valid name (use letters, digits and _; start with a letter)`;
  }
  if (value.includes('\0')) return `the value of '${name}' contains a NUL byte`;
  return null;
}

export function metaEnvName(name: string): string {
  return `OCF_RESKEY_CRM_meta_${name.replace(/-/g, '_')}`;
}

export function buildOcfEnv(op: AgentOperation, opts: OcfEnvOptions): Record<string, string> {
  const env: Record<string, string> = {
    PATH: opts.path,
    OCF_ROOT: opts.ocfRoot,
    OCF_RA_VERSION_MAJOR: '1',
    OCF_RA_VERSION_MINOR: '1',
    OCF_RESOURCE_INSTANCE: op.resource,
    OCF_RESOURCE_TYPE: op.agent.type,
    OCF_RESOURCE_PROVIDER: op.agent.provider ?? '',
  };
  for (const [name, value] of Object.entries(op.params)) {
    env[name === CHECK_LEVEL_PARAM ? name : `OCF_RESKEY_${name}`] = value;
  }
  const ownMeta = new Set<string>(OPERATION_META);
  for (const [name, value] of Object.entries(op.meta)) {
    const key = name.replace(/-/g, '_');
    if (!ownMeta.has(key)) env[metaEnvName(name)] = value;
  }
  env[metaEnvName('timeout')] = String(op.timeoutMs);
  env[metaEnvName('interval')] = String(op.intervalMs);
  env[metaEnvName('name')] = op.action;
  env[metaEnvName('on_node')] = op.node;
  return env;
}

/** The first parameter or meta attribute that cannot be passed, as a sentence, or null. */
export function operationEnvProblem(op: AgentOperation): string | null {
  for (const [name, value] of Object.entries(op.params)) {
    const problem = envProblem(name, value);
    if (problem) return `parameter ${problem}`;
  }
  for (const [name, value] of Object.entries(op.meta)) {
    const problem = envProblem(name, value);
    if (problem) return `meta attribute ${problem}`;
  }
  for (const [what, value] of [['resource id', op.resource], ['node name', op.node]] as const) {
    if (value.includes('\0')) return `the ${what} contains a NUL byte`;
  }
  return null;
}
