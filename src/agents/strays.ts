// Agents a previous run of this daemon left behind. Agents run in their own process groups, so
// a daemon that is killed leaves its operations in flight running; one that finished after the
// next daemon had probed would leave a resource running that nobody knows of (chaos seed 660: a
// start outlived its daemon and ran db beside its copy elsewhere). Every agent carries its
// daemon's owner tag in its environment; a daemon starting kills whatever still carries its
// tag before it answers anything, so its probes see what is left.
import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The environment variable that names an agent's daemon. */
export const AGENT_OWNER_ENV = 'VIGIL_AGENT_OWNER';

/** One daemon's tag: its node and its state directory (several daemons may share a machine). */
export function agentOwnerTag(stateDir: string, node: string): string {
  return `${node}@${resolve(stateDir)}`;
}

export interface StrayOptions {
  /** Default /proc. */
  procRoot?: string;
  /** Default process.kill. */
  kill?: (pid: number, signal: NodeJS.Signals) => void;
}

/** The pids whose environment carries `tag` (processes that vanish meanwhile are skipped). */
export async function findStrays(tag: string, opts: StrayOptions = {}): Promise<number[]> {
  const root = opts.procRoot ?? '/proc';
  const wanted = `${AGENT_OWNER_ENV}=${tag}`;
  const pids = (await readdir(root).catch(() => [] as string[])).filter((n) => /^\d+$/.test(n)).map(Number);
  const found: number[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const environ = await readFile(`${root}/${pid}/environ`, 'latin1').catch(() => '');
    if (environ.split('\0').includes(wanted)) found.push(pid);
  }
  return found.sort((a, b) => a - b);
}

/** SIGKILLs every process carrying `tag`; returns their pids. Never throws. */
export async function killStrays(tag: string, opts: StrayOptions = {}): Promise<number[]> {
  const kill = opts.kill ?? ((pid: number, signal: NodeJS.Signals) => process.kill(pid, signal));
  const pids = await findStrays(tag, opts);
  for (const pid of pids) {
    try {
      kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  return pids;
}
