// node standby / online / maintenance as the node's flags in the config: standby moves its
// resources away, maintenance leaves them unmanaged, online clears both.
import { checkNode } from './edit-lookup.ts';
import type { EditOutcome } from './edit-types.ts';
import type { ClusterConfig, NodeConfig } from './model.ts';

export type NodeMode = 'standby' | 'online' | 'maintenance';

const FLAGS: Record<NodeMode, (node: NodeConfig) => Pick<NodeConfig, 'standby' | 'maintenance'>> = {
  standby: (n) => ({ standby: true, maintenance: n.maintenance }),
  maintenance: (n) => ({ standby: n.standby, maintenance: true }),
  online: () => ({ standby: false, maintenance: false }),
};

const DONE: Record<NodeMode, string> = {
  standby: 'is in standby: its resources move to other nodes',
  maintenance: 'is in maintenance: the cluster leaves its resources as they are',
  online: 'is online: standby and maintenance cleared',
};

const ALREADY: Record<NodeMode, string> = { standby: 'is already in standby', maintenance: 'is already in maintenance', online: 'is already online' };

export function editNodeMode(config: ClusterConfig, name: string, mode: NodeMode): EditOutcome {
  const problem = checkNode(config, name);
  if (problem) return { ok: false, error: problem };
  const node = config.nodes.find((n) => n.name === name)!;
  const flags = FLAGS[mode](node);
  if (flags.standby === node.standby && flags.maintenance === node.maintenance) {
    return { ok: true, config, changed: false, message: `${name} ${ALREADY[mode]}` };
  }
  const nodes = config.nodes.map((n) => (n.name === name ? { ...n, ...flags } : n));
  return { ok: true, config: { ...config, nodes }, changed: true, message: `${name} ${DONE[mode]}` };
}
