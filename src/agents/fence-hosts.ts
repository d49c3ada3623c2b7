// Whether a fence device can fence a given node, by pcmk_host_check: from its parameters
// (static-list), by asking the device for its ports (dynamic-list), by asking the status of
// the node's port (status), or by assumption (none). The pure parts live in fence-hosts-parse.ts.
import { createFenceRunner, runFenceAgentWithOutput, type FenceRunOptions, type FenceRunner } from './fence.ts';
import { parseDurationMs } from './metadata-parse.ts';
import { listIncludes, parseListOutput, portFor, sameHost, staticTargets } from './fence-hosts-parse.ts';

export type { HostCheckMode, ListedPort, StaticTargets } from './fence-hosts-parse.ts';
export {
  HOST_CHECK_MODES, hostArgument, hostCheckMode, listIncludes, parseHostList, parseHostMap, parseListOutput, portFor, staticTargets,
} from './fence-hosts-parse.ts';

export const HOST_QUERY_TIMEOUT_MS_DEFAULT = 20_000;

export interface FenceDevice {
  id: string;
  /** The agent's executable name, e.g. fence_ipmilan. */
  agent: string;
  params: Record<string, string>;
}

export interface CanFenceOptions extends FenceRunOptions {
  /** For the list or status query; default pcmk_list_timeout / pcmk_status_timeout, else 20 s. */
  timeoutMs?: number;
  /** Runs status queries; defaults to real processes with the options above. */
  runner?: FenceRunner;
  /** Runs list queries and returns their stdout; defaults to real processes. */
  listPorts?: (device: FenceDevice, timeoutMs: number) => Promise<{ ok: boolean; stdout: string; reason: string }>;
}

export interface CanFence {
  can: boolean;
  /** How that was decided, naming the device, the mode and what was asked. */
  how: string;
}

function queryTimeoutMs(device: FenceDevice, action: 'list' | 'status', opts: CanFenceOptions): number {
  if (opts.timeoutMs !== undefined) return opts.timeoutMs;
  const raw = device.params[`pcmk_${action}_timeout`];
  const configuredMs = raw === undefined ? undefined : parseDurationMs(raw);
  return configuredMs !== undefined && configuredMs > 0 ? configuredMs : HOST_QUERY_TIMEOUT_MS_DEFAULT;
}

async function defaultListPorts(device: FenceDevice, timeoutMs: number, opts: FenceRunOptions): Promise<{ ok: boolean; stdout: string; reason: string }> {
  const { result, stdout } = await runFenceAgentWithOutput({ device: device.id, agent: device.agent, action: 'list', params: device.params, timeoutMs }, opts);
  return { ok: result.ok, stdout, reason: result.reason };
}

async function askList(device: FenceDevice, target: string, opts: CanFenceOptions): Promise<CanFence> {
  const timeoutMs = queryTimeoutMs(device, 'list', opts);
  const listed = await (opts.listPorts ?? ((d, t) => defaultListPorts(d, t, opts)))(device, timeoutMs);
  const where = `fence device ${device.id} (dynamic-list)`;
  if (!listed.ok) return { can: false, how: `${where}: its list action failed, so it is not trusted with ${target}: ${listed.reason}` };
  const ports = parseListOutput(listed.stdout);
  const port = portFor(device.params, target);
  if (listIncludes(ports, target, port)) return { can: true, how: `${where}: its list action names ${port === target ? target : `port ${port} of ${target}`}` };
  const shown = ports.slice(0, 8).map((p) => p.port).join(', ');
  return { can: false, how: `${where}: its list action does not name ${target}${port === target ? '' : ` or port ${port}`} (it lists ${ports.length} port(s)${shown === '' ? '' : `: ${shown}`}); set pcmk_host_map if ports are not node names` };
}

async function askStatus(device: FenceDevice, target: string, opts: CanFenceOptions): Promise<CanFence> {
  const runner = opts.runner ?? createFenceRunner(opts);
  const r = await runner.run({ device: device.id, agent: device.agent, action: 'status', target, params: device.params, timeoutMs: queryTimeoutMs(device, 'status', opts) });
  const where = `fence device ${device.id} (status)`;
  if (r.ok) return { can: true, how: `${where}: the status of ${target}'s port answered ${r.powerState ?? 'unknown'}` };
  return { can: false, how: `${where}: the status of ${target}'s port did not answer on or off: ${r.reason}` };
}

/**
 * Whether `device` can fence `target`, and how that was decided. Never rejects: a device that
 * cannot be asked cannot fence (the caller tries the next device or level).
 */
export async function canFence(device: FenceDevice, target: string, opts: CanFenceOptions = {}): Promise<CanFence> {
  const targets = staticTargets(device.params);
  const problems = targets.problems.length === 0 ? '' : ` (${targets.problems.join('; ')})`;
  try {
    switch (targets.mode) {
      case 'none':
        return { can: true, how: `fence device ${device.id}: pcmk_host_check=none, so it is assumed to fence any node${problems}` };
      case 'static-list': {
        const can = targets.hosts.some((h) => sameHost(h, target));
        const known = targets.hosts.length === 0 ? 'none' : targets.hosts.join(', ');
        return { can, how: `fence device ${device.id} (static-list): ${target} is ${can ? '' : 'not '}in pcmk_host_list/pcmk_host_map (${known})${problems}` };
      }
      case 'dynamic-list':
        return await askList(device, target, opts);
      case 'status':
        return await askStatus(device, target, opts);
    }
  } catch (err) {
    return { can: false, how: `fence device ${device.id}: vigil could not check whether it fences ${target}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
