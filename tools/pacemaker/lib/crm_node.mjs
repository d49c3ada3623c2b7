// crm_node, read-only: this node's name (-n) and id (-i), the nodes (-l), the partition's
// members (-p) and quorum (-q). Removing a node (-R) is an administrator's change: refused.
import { getopt } from './getopt.mjs';
import { EX, failed, usage } from './exit-codes.mjs';

const TOOL = 'crm_node';

const SPEC = [
  { name: 'name', short: 'n', long: ['name'] },
  { name: 'name-for-id', short: 'N', long: ['name-for-id'], value: 'required' },
  { name: 'cluster-id', short: 'i', long: ['cluster-id'] },
  { name: 'list', short: 'l', long: ['list'] },
  { name: 'partition', short: 'p', long: ['partition'] },
  { name: 'quorum', short: 'q', long: ['quorum'] },
  { name: 'remove', short: 'R', long: ['remove'], value: 'required' },
  { name: 'force', short: 'f', long: ['force'] },
  { name: 'verbose', short: 'V', long: ['verbose'] },
  { name: 'version', short: '$', long: ['version'] },
  { name: 'help', short: 'h', long: ['help', 'help-all'] },
];

const COMMANDS = ['name', 'name-for-id', 'cluster-id', 'list', 'partition', 'quorum', 'remove'];

export async function crmNode(argv, io) {
  const parsed = getopt(argv, SPEC);
  if (!parsed.ok) return usage(io, TOOL, parsed.error);
  const o = parsed.options;
  if (o.has('help')) {
    io.out('Usage:\n  crm_node [OPTION?]\n\ntool for displaying low-level node information (vigil): -n name, -i id, -l list, -p partition, -q quorum');
    return EX.OK;
  }
  if (o.has('version')) {
    io.out('Pacemaker 2.1.5 (vigil)');
    return EX.OK;
  }
  const command = parsed.order.filter((n) => COMMANDS.includes(n)).at(-1);
  if (command === undefined) return usage(io, TOOL, 'Must specify a command (-n, -i, -l, -p or -q)');
  if (command === 'remove') {
    io.err(`${TOOL}: removing a node is an administrator's change, not an agent's (edit the config's nodes)`);
    return EX.INSUFFICIENT_PRIV;
  }
  // The one answer that needs no daemon: agents ask it at every operation.
  if (command === 'name' && io.env.VIGIL_LOCAL_NODE) {
    io.out(io.env.VIGIL_LOCAL_NODE);
    return EX.OK;
  }
  const answer = await io.ask({ type: 'cluster' });
  if (!answer.ok) return failed(io, TOOL, answer);
  const cluster = answer.cluster;
  const self = cluster.nodes.find((n) => n.name === cluster.self);
  switch (command) {
    case 'name': io.out(cluster.self); return EX.OK;
    case 'cluster-id': io.out(self?.id ?? '0'); return EX.OK;
    case 'name-for-id': {
      const node = cluster.nodes.find((n) => n.id === o.get('name-for-id'));
      if (node === undefined) {
        io.err(`${TOOL}: Could not find node with ID ${o.get('name-for-id')}`);
        return EX.NOSUCH;
      }
      io.out(node.name);
      return EX.OK;
    }
    case 'list':
      for (const n of cluster.nodes) io.out(`${n.id} ${n.name} ${n.member ? 'member' : 'lost'}`);
      return EX.OK;
    case 'partition':
      io.out(cluster.nodes.filter((n) => n.member).map((n) => n.name).join(' '));
      return EX.OK;
    default:
      io.out(cluster.quorum ? '1' : '0');
      return EX.OK;
  }
}
