// attrd_updater, as agents call it (ocf:pacemaker:ping, attribute, HealthSMART...): transient
// node attributes (-n -U/-v/-B -D -Q -N -A). Values are written at once: vigil does not model
// dampening (-d is accepted, -Y and -R change nothing), nor private attributes (-p: an ordinary one).
import { getopt } from './getopt.mjs';
import { EX, failed, unsupported, usage } from './exit-codes.mjs';

const TOOL = 'attrd_updater';

const SPEC = [
  { name: 'name', short: 'n', long: ['name'], value: 'required' },
  { name: 'update', short: 'U', long: ['update'], value: 'required' },
  { name: 'update', short: 'v', long: [], value: 'required' },
  { name: 'update-both', short: 'B', long: ['update-both'], value: 'required' },
  { name: 'update-delay', short: 'Y', long: ['update-delay'] },
  { name: 'query', short: 'Q', long: ['query'] },
  { name: 'delete', short: 'D', long: ['delete'] },
  { name: 'refresh', short: 'R', long: ['refresh'] },
  { name: 'delay', short: 'd', long: ['delay'], value: 'required' },
  { name: 'set', short: 's', long: ['set'], value: 'required' },
  { name: 'node', short: 'N', long: ['node'], value: 'required' },
  { name: 'all', short: 'A', long: ['all'] },
  { name: 'lifetime', short: 'l', long: ['lifetime'], value: 'required' },
  { name: 'private', short: 'p', long: ['private'] },
  { name: 'quiet', short: 'q', long: ['quiet'] },
  { name: 'verbose', short: 'V', long: ['verbose'] },
  { name: 'version', short: '$', long: ['version'] },
  { name: 'help', short: 'h', long: ['help', 'help-all'] },
  { name: 'output-as', long: ['output-as'], value: 'required' },
];

const HELP = `Usage:
  attrd_updater -n <attribute> <command> [options]

query and update Pacemaker node attributes (vigil)

  -n, --name=NAME          the attribute
  -U, --update=VALUE       set its value (-B with -d: the same; vigil writes at once)
  -D, --delete             delete it
  -Q, --query              show its value (-A: on every node)
  -N, --node=NODE          on NODE instead of this node
  -d, --delay=SECONDS      accepted; vigil does not dampen`;

const COMMANDS = ['update', 'update-both', 'update-delay', 'query', 'delete', 'refresh'];

/** Pacemaker's query line: `name="pingd" host="node1" value="1000"`. */
export function attrdLine(name, host, value) {
  return `name="${name}" host="${host}" value="${value}"`;
}

export async function attrdUpdater(argv, io) {
  const parsed = getopt(argv, SPEC);
  if (!parsed.ok) return usage(io, TOOL, parsed.error);
  const o = parsed.options;
  if (o.has('help')) {
    io.out(HELP);
    return EX.OK;
  }
  if (o.has('version')) {
    io.out('Pacemaker 2.1.5 (vigil)');
    return EX.OK;
  }
  if (o.has('output-as') && o.get('output-as') !== 'text') return unsupported(io, TOOL, `--output-as=${o.get('output-as')}`);
  const command = parsed.order.filter((n) => COMMANDS.includes(n)).at(-1);
  if (command === undefined) return usage(io, TOOL, 'Must specify a command (-U, -B, -Y, -Q, -D or -R)');
  if ((command === 'update-both' || command === 'update-delay') && !o.has('delay')) return usage(io, TOOL, `--${command} requires -d/--delay`);
  if (command === 'refresh' || command === 'update-delay') return EX.OK;
  const name = o.get('name');
  if (typeof name !== 'string' || name === '') return usage(io, TOOL, '-n/--name is required');
  const node = o.get('node') ?? io.env.VIGIL_LOCAL_NODE;
  const target = { section: 'status', name, ...(node === undefined ? {} : { node }) };
  if (command === 'query') return o.has('all') ? queryAll(io, name) : queryOne(io, target);
  const value = command === 'delete' ? null : o.get(command);
  const answer = await io.ask({ type: 'attribute.update', ...target, value });
  return answer.ok ? EX.OK : failed(io, TOOL, answer);
}

async function queryOne(io, target) {
  const answer = await io.ask({ type: 'attribute.query', ...target });
  if (answer.ok) {
    io.out(attrdLine(target.name, target.node ?? io.env.VIGIL_LOCAL_NODE ?? '', answer.value ?? ''));
    return EX.OK;
  }
  if (answer.failure !== 'no-such') return failed(io, TOOL, answer);
  io.err(`${TOOL}: Could not query value of ${target.name}: attribute does not exist`);
  return EX.NOSUCH;
}

async function queryAll(io, name) {
  const answer = await io.ask({ type: 'cluster' });
  if (!answer.ok) return failed(io, TOOL, answer);
  let found = 0;
  for (const node of answer.cluster.nodes) {
    const attribute = node.attributes.find((a) => a.name === name && a.lifetime === 'reboot');
    if (attribute === undefined) continue;
    found += 1;
    io.out(attrdLine(name, node.name, attribute.value));
  }
  if (found > 0) return EX.OK;
  io.err(`${TOOL}: Could not query value of ${name}: attribute does not exist`);
  return EX.NOSUCH;
}
