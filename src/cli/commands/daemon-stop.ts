// `vigil daemon stop [--leave-resources] [--node NAME] [--config FILE]`: asks one daemon to
// stop (called by the `daemon` command). Only the named node's daemon gets it, never another:
// default, the first configured node whose address is on this host. --leave-resources keeps
// its resources running for a transparent upgrade (the next daemon re-probes them).
import { hostname, networkInterfaces } from 'node:os';
import type { CliContext } from '../main.ts';
import { adminDeps, parseArgs, runAdmin, usageError, type AdminDeps } from '../control-client.ts';
import type { ClusterTarget } from '../config-path.ts';

const NAME = 'vigil daemon stop';
export const DAEMON_STOP_USAGE = [
  'usage: vigil daemon stop [--leave-resources] [--node NAME] [--config FILE]',
  '',
  'Stops the daemon of node NAME (default: the node whose address is on this host).',
  'Its resources are stopped or moved first, unless --leave-resources keeps them running',
  '(for an upgrade: the next daemon re-probes them).',
].join('\n');

export interface DaemonStopDeps extends AdminDeps {
  /** This host's addresses and names (loopback ones are always local). */
  localHosts: () => string[];
}

const LOOPBACK = ['localhost', '::1'];

function defaultLocalHosts(): string[] {
  const fromInterfaces = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
  return [hostname(), ...fromInterfaces];
}

/** Whether `host` names this machine: loopback, one of its interface addresses, or its name. */
export function isLocalHost(host: string, localHosts: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return LOOPBACK.includes(h) || h.startsWith('127.') || h === '::ffff:127.0.0.1' || localHosts.some((l) => l.toLowerCase() === h);
}

function pickNode(target: ClusterTarget, node: string | undefined, localHosts: readonly string[]): ClusterTarget['addresses'] | string {
  const known = target.addresses.map((a) => a.name).join(', ');
  if (node !== undefined) {
    const address = target.addresses.find((a) => a.name === node);
    return address ? [address] : `--node ${node}: no node of that name with an address in ${target.configPath} (known: ${known})`;
  }
  const local = target.addresses.find((a) => isLocalHost(a.host, localHosts));
  return local ? [local] : `no configured node has an address on this host (nodes: ${known}); name the daemon to stop with --node NAME`;
}

export async function runDaemonStop(args: string[], io: CliContext, overrides: Partial<DaemonStopDeps> = {}): Promise<number> {
  const parsed = parseArgs(args, { values: ['--config', '--node'], flags: ['--leave-resources'] });
  if (typeof parsed === 'string') return usageError(io, NAME, parsed, DAEMON_STOP_USAGE);
  if (parsed.positionals.length > 0) return usageError(io, NAME, `unexpected argument '${parsed.positionals[0]}' (name the node with --node NAME)`, DAEMON_STOP_USAGE);
  const deps: DaemonStopDeps = { ...adminDeps(overrides), localHosts: overrides.localHosts ?? defaultLocalHosts };
  const node = parsed.values.get('--node');
  return runAdmin(io, deps, {
    name: NAME,
    configArg: parsed.values.get('--config'),
    command: { type: 'daemon.stop', leaveResources: parsed.flags.has('--leave-resources') },
    pick: (target) => pickNode(target, node, deps.localHosts()),
    usage: DAEMON_STOP_USAGE,
  });
}
