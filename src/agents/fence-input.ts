// What a fence agent is given: its executable, found in the system's sbin/bin directories, and
// the `key=value` lines of its stdin. fence-agents read every parameter from stdin when run
// without arguments, so nothing (least of all a password) ever appears on a command line.
import { constants as fsConstants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HOST_ARGUMENT_DEFAULT, PORT_PARAM_NAMES, hostArgument, portFor } from './fence-hosts-parse.ts';
import { isSecretParam } from './fence-redact.ts';
import { assert } from '../assert.ts';
import { closestName } from './suggest.ts';

export type FenceAgentAction = 'reboot' | 'off' | 'on' | 'status' | 'monitor' | 'list' | 'metadata';
export const FENCE_AGENT_ACTIONS: readonly FenceAgentAction[] = ['reboot', 'off', 'on', 'status', 'monitor', 'list', 'metadata'];

export interface FenceRequest {
  /** The fence device (stonith resource) id, for messages. */
  device: string;
  /** The agent's executable name, e.g. fence_dummy. */
  agent: string;
  action: FenceAgentAction;
  /** The node to act on; absent for device-wide actions (monitor, list, metadata). */
  target?: string;
  /** The device's own parameters; pcmk_* ones are vigil's and never reach the agent. */
  params: Record<string, string>;
  timeoutMs: number;
}

export const FENCE_AGENT_DIRS_DEFAULT: readonly string[] = ['/usr/sbin', '/usr/bin', '/sbin'];
export const FENCE_AGENT_NAME = /^fence_[A-Za-z0-9_]+$/;
/** Parameters that only vigil (as Pacemaker) reads. */
export const PCMK_PARAM_PREFIX = 'pcmk_';
/** Keys vigil writes itself from the request; the device's own values for them are ignored. */
const REQUEST_KEYS = new Set(['action', 'nodename']);
const PARAM_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export type Located = { ok: true; file: string } | { ok: false; reason: string };

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function installedAgents(dirs: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const dir of dirs) {
    try {
      for (const n of await readdir(dir)) if (FENCE_AGENT_NAME.test(n)) names.add(n);
    } catch {
      // a missing directory has no agents
    }
  }
  return [...names].sort();
}

/** The first executable `dir/agent`; otherwise a reason naming the dirs, the package and a likely typo. */
export async function locateFenceAgent(device: string, agent: string, dirs: readonly string[] = FENCE_AGENT_DIRS_DEFAULT): Promise<Located> {
  if (!FENCE_AGENT_NAME.test(agent)) {
    return { ok: false, reason: `fence device ${device}: '${agent}' is not a fence agent name (it must match fence_[A-Za-z0-9_]+, e.g. fence_ipmilan)` };
  }
  for (const dir of dirs) {
    const file = join(dir, agent);
    if (await isExecutable(file)) return { ok: true, file };
  }
  const guess = closestName(agent, await installedAgents(dirs));
  const hint = guess === undefined ? 'install it (Debian: apt-get install fence-agents)' : `did you mean ${guess}? Otherwise install it (Debian: apt-get install fence-agents)`;
  return { ok: false, reason: `fence device ${device}: agent ${agent} is not installed (no executable ${agent} in ${dirs.join(', ')}); ${hint}` };
}

function lineProblem(device: string, key: string, value: string): string | null {
  if (!PARAM_NAME.test(key)) return `fence device ${device}: parameter name '${key}' is not valid (use letters, digits, _ and -)`;
  const shown = isSecretParam(key) ? 'its value' : `its value '${value}'`;
  if (/[\r\n\0]/.test(value)) return `fence device ${device}: parameter '${key}': ${shown} contains a line break or NUL, which the agent's stdin protocol cannot carry; remove it`;
  return null;
}

/** The port line for a request with a target, unless pcmk_host_argument=none or the device sets the port itself. */
function portLine(req: FenceRequest): [string, string] | null {
  if (req.target === undefined) return null;
  const key = hostArgument(req.params);
  if (key === null || Object.hasOwn(req.params, key)) return null;
  if (key === HOST_ARGUMENT_DEFAULT && PORT_PARAM_NAMES.some((n) => Object.hasOwn(req.params, n))) return null;
  return [key, portFor(req.params, req.target)];
}

/**
 * The agent's stdin: action, nodename and the port first, then the device's parameters except
 * pcmk_* ones, one `key=value` per line. A value that cannot be written is a problem, not a line.
 */
export function buildFenceStdin(req: FenceRequest): { ok: true; text: string } | { ok: false; reason: string } {
  assert(FENCE_AGENT_ACTIONS.includes(req.action), `fence request for ${req.device}: unknown action '${String(req.action)}'`);
  const lines: [string, string][] = [['action', req.action]];
  if (req.target !== undefined) lines.push(['nodename', req.target]);
  const port = portLine(req);
  if (port !== null) lines.push(port);
  for (const [key, value] of Object.entries(req.params)) {
    if (key.startsWith(PCMK_PARAM_PREFIX) || REQUEST_KEYS.has(key)) continue;
    lines.push([key, value]);
  }
  for (const [key, value] of lines) {
    const problem = lineProblem(req.device, key, value);
    if (problem !== null) return { ok: false, reason: problem };
  }
  return { ok: true, text: lines.map(([k, v]) => `${k}=${v}\n`).join('') };
}
