// Finds the executable of an OCF agent ($OCF_ROOT/resource.d/PROVIDER/TYPE) and, when it
// cannot be run, says why and how to fix it (which Debian package ships it, likely typos).
import { constants as fsConstants } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentRef } from '../ocf/operation.ts';
import { closestName } from './suggest.ts';

/** Debian packages that ship each OCF provider's agents. */
export const PROVIDER_PACKAGES: Record<string, string> = {
  heartbeat: 'resource-agents',
  pacemaker: 'pacemaker-resource-agents',
  ceph: 'ceph-resource-agents',
  linbit: 'drbd-utils',
};

export type AgentFile =
  | { ok: true; file: string }
  | { ok: false; reason: string };

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

export function agentName(agent: AgentRef): string {
  return agent.provider === undefined ? `${agent.class}:${agent.type}` : `${agent.class}:${agent.provider}:${agent.type}`;
}

export function agentFilePath(agent: AgentRef, ocfRoot: string): string {
  return join(ocfRoot, 'resource.d', agent.provider ?? '', agent.type);
}

/** A sentence naming the Debian package to install for this agent. */
export function packageHint(agent: AgentRef): string {
  const pkg = agent.provider === undefined ? undefined : PROVIDER_PACKAGES[agent.provider];
  return pkg === undefined
    ? `no Debian package is known for provider '${agent.provider ?? ''}'; install the agent from its vendor`
    : `it is normally provided by the Debian package ${pkg} (apt-get install ${pkg})`;
}

function refProblem(agent: AgentRef): string | null {
  const name = agentName(agent);
  if (agent.class !== 'ocf') return `${name} is of class ${agent.class}; the OCF runner runs only class ocf`;
  if (agent.provider === undefined) return `${name} has no provider; write it as ocf:PROVIDER:TYPE (e.g. ocf:heartbeat:${agent.type})`;
  if (!SAFE_NAME.test(agent.provider)) return `${name}: '${agent.provider}' is not a valid provider name`;
  if (!SAFE_NAME.test(agent.type)) return `${name}: '${agent.type}' is not a valid agent type name`;
  return null;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
}

async function missingReason(agent: AgentRef, file: string, ocfRoot: string): Promise<string> {
  const provider = agent.provider ?? '';
  const types = await listDir(join(ocfRoot, 'resource.d', provider));
  const providers = types.length > 0 ? [] : await listDir(join(ocfRoot, 'resource.d'));
  const guessType = closestName(agent.type, types);
  const guessProvider = closestName(provider, providers);
  let hint = '';
  if (guessType !== undefined) hint = `; did you mean ocf:${provider}:${guessType}?`;
  else if (guessProvider !== undefined) hint = `; did you mean ocf:${guessProvider}:${agent.type}?`;
  return `agent ${agentName(agent)} is not installed: ${file} does not exist; ${packageHint(agent)}${hint}`;
}

/** Checks that the agent's file exists and is executable; never throws. */
export async function locateAgentFile(agent: AgentRef, ocfRoot: string): Promise<AgentFile> {
  const problem = refProblem(agent);
  if (problem !== null) return { ok: false, reason: problem };
  const file = agentFilePath(agent, ocfRoot);
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: await missingReason(agent, file, ocfRoot) };
    return { ok: false, reason: `agent ${agentName(agent)}: cannot read ${file} (${code ?? String(err)})` };
  }
  if (!info.isFile()) return { ok: false, reason: `agent ${agentName(agent)}: ${file} is not a regular file` };
  const execBits = fsConstants.S_IXUSR | fsConstants.S_IXGRP | fsConstants.S_IXOTH;
  if ((info.mode & execBits) === 0) {
    return { ok: false, reason: `agent ${agentName(agent)}: ${file} is not executable; fix with chmod +x ${file}, or reinstall the package (${packageHint(agent)})` };
  }
  return { ok: true, file };
}
