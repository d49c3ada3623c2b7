// Which nodes a fence device says it can fence, read from its Pacemaker-style parameters
// (pcmk_host_list, pcmk_host_map, pcmk_host_check, pcmk_host_argument) and from the output
// of its agent's `list` action. Pure: fence-hosts.ts asks the device itself.

export type HostCheckMode = 'static-list' | 'dynamic-list' | 'status' | 'none';
export const HOST_CHECK_MODES: readonly HostCheckMode[] = ['static-list', 'dynamic-list', 'status', 'none'];

/** The parameter through which the agent is told the port (plug) to act on, unless configured. */
export const HOST_ARGUMENT_DEFAULT = 'port';
/** Names fence-agents accept for the port; one already set in the device's params is not overridden. */
export const PORT_PARAM_NAMES: readonly string[] = ['port', 'plug'];

export interface StaticTargets {
  mode: HostCheckMode;
  /** Nodes named by pcmk_host_list, then those of pcmk_host_map not already listed. */
  hosts: string[];
  /** node → port (plug) from pcmk_host_map; a node not in it uses its own name as port. */
  portOf: Record<string, string>;
  /** Problems with the parameters, each naming the parameter and the fix. */
  problems: string[];
}

/** "n1 n2,n3;n4" → ["n1", "n2", "n3", "n4"]; duplicates dropped, order kept. */
export function parseHostList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((h) => h !== ''))];
}

/**
 * "node1:port1;node2:port2" or "node1=port1,node2=port2" → { node1: port1, node2: port2 }.
 * Entries are separated by ';', whitespace or ','; a ','-part without ':' or '=' continues the
 * previous entry's port, so "node2:2,3" gives node2 the ports "2,3" (fence-agents' plug separator).
 */
export function parseHostMap(text: string): { map: Record<string, string>; problems: string[] } {
  const map: Record<string, string> = {};
  const problems: string[] = [];
  let last: string | undefined;
  for (const chunk of text.split(/[;\s]+/).filter((c) => c !== '')) {
    last = undefined; // a port never continues across ';' or whitespace
    for (const part of chunk.split(',')) {
      if (part === '') continue;
      const at = part.search(/[:=]/);
      if (at < 0) {
        if (last !== undefined) map[last] = `${map[last] ?? ''},${part}`;
        else problems.push(`pcmk_host_map entry '${part}' has no port; write it as ${part}:PORT (or ${part}=PORT)`);
        continue;
      }
      const node = part.slice(0, at).trim();
      const port = part.slice(at + 1).trim();
      if (node === '' || port === '') {
        problems.push(`pcmk_host_map entry '${part}' needs both a node and a port, as NODE:PORT`);
        last = undefined;
        continue;
      }
      if (Object.hasOwn(map, node)) problems.push(`pcmk_host_map names node '${node}' twice; the last port (${port}) is used`);
      map[node] = port;
      last = node;
    }
  }
  return { map, problems };
}

/** pcmk_host_check, or its default: static-list when a list or map is set, else dynamic-list. */
export function hostCheckMode(params: Record<string, string>): { mode: HostCheckMode; problem?: string } {
  const hasStatic = (params['pcmk_host_list'] ?? '').trim() !== '' || (params['pcmk_host_map'] ?? '').trim() !== '';
  const fallback: HostCheckMode = hasStatic ? 'static-list' : 'dynamic-list';
  const raw = params['pcmk_host_check'];
  if (raw === undefined || raw.trim() === '') return { mode: fallback };
  const mode = HOST_CHECK_MODES.find((m) => m === raw.trim().toLowerCase());
  if (mode === undefined) {
    return { mode: fallback, problem: `pcmk_host_check='${raw}' is not one of ${HOST_CHECK_MODES.join(', ')}; using ${fallback}` };
  }
  if (mode === 'static-list' && !hasStatic) {
    return { mode, problem: 'pcmk_host_check=static-list but neither pcmk_host_list nor pcmk_host_map is set; add pcmk_host_list=NODE... or use dynamic-list' };
  }
  return { mode };
}

/** The nodes a device's parameters name, and the port of each. Pure. */
export function staticTargets(params: Record<string, string>): StaticTargets {
  const { mode, problem } = hostCheckMode(params);
  const { map, problems } = parseHostMap(params['pcmk_host_map'] ?? '');
  const hosts = parseHostList(params['pcmk_host_list'] ?? '');
  for (const node of Object.keys(map)) if (!hosts.includes(node)) hosts.push(node);
  return { mode, hosts, portOf: map, problems: problem === undefined ? problems : [problem, ...problems] };
}

/** Host names compare without case, as DNS does. */
export function sameHost(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The port (plug) that stands for `target` on this device: from pcmk_host_map, else the node's name. */
export function portFor(params: Record<string, string>, target: string): string {
  const { map } = parseHostMap(params['pcmk_host_map'] ?? '');
  if (Object.hasOwn(map, target)) return map[target] ?? target;
  const node = Object.keys(map).find((n) => sameHost(n, target));
  return node === undefined ? target : (map[node] ?? target);
}

/** The stdin key carrying the port, or null when pcmk_host_argument=none. */
export function hostArgument(params: Record<string, string>): string | null {
  const raw = (params['pcmk_host_argument'] ?? '').trim();
  if (raw === '') return HOST_ARGUMENT_DEFAULT;
  return raw.toLowerCase() === 'none' ? null : raw;
}

export interface ListedPort {
  port: string;
  alias?: string;
}

/**
 * Parses `list` output: one `port,alias` (or `port,alias,status` for list-status) per line.
 * Lines fence-agents print instead of ports ("N/A", "NOTICE: ...") and blank lines are skipped.
 */
export function parseListOutput(stdout: string, separator = ','): ListedPort[] {
  const ports: ListedPort[] = [];
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    if (line === '' || line === 'N/A' || /^(NOTICE|WARNING|ERROR|Failed)\b/i.test(line)) continue;
    const [port = '', alias = ''] = line.split(separator).map((f) => f.trim());
    if (port === '') continue;
    ports.push(alias === '' ? { port } : { port, alias });
  }
  return ports;
}

/** Whether a listed port or alias is `target` or the port mapped to it. */
export function listIncludes(ports: readonly ListedPort[], target: string, port: string): boolean {
  return ports.some((p) => sameHost(p.port, target) || p.port === port || (p.alias !== undefined && sameHost(p.alias, target)));
}
