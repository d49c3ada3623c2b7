// crm_attribute, as Debian's agents call it: node attributes (-N -n -v -l reboot|forever -G -D
// -q), promotion scores (--promotion, and crm_master through it) and cluster-wide values
// (--type crm_config). Same options, output and exit codes as Pacemaker 2.1's for those uses.
import { getopt } from './getopt.mjs';
import { EX, failed, unsupported, usage } from './exit-codes.mjs';

const TOOL = 'crm_attribute';

const SPEC = [
  { name: 'name', short: 'n', long: ['name'], value: 'required' },
  { name: 'update', short: 'v', long: ['update', 'attr-value'], value: 'required' },
  { name: 'delete', short: 'D', long: ['delete', 'delete-attr'] },
  { name: 'query', short: 'G', long: ['query', 'get-value'] },
  { name: 'quiet', short: 'q', long: ['quiet'] },
  { name: 'quiet', short: 'Q', long: [] },
  { name: 'node', short: 'N', long: ['node'], value: 'required' },
  { name: 'node', short: 'U', long: ['uname'], value: 'required' },
  { name: 'lifetime', short: 'l', long: ['lifetime'], value: 'required' },
  { name: 'type', short: 't', long: ['type'], value: 'required' },
  { name: 'promotion', short: 'p', long: ['promotion'], value: 'optional' },
  { name: 'default', short: 'd', long: ['default'], value: 'required' },
  { name: 'utilization', short: 'z', long: ['utilization'] },
  { name: 'set-name', short: 's', long: ['set-name'], value: 'required' },
  { name: 'id', short: 'i', long: ['id', 'attr-id'], value: 'required' },
  { name: 'pattern', short: 'P', long: ['pattern'], value: 'required' },
  { name: 'verbose', short: 'V', long: ['verbose'] },
  { name: 'version', short: '$', long: ['version'] },
  { name: 'help', short: 'h', long: ['help', 'help-all'] },
  { name: 'output-as', long: ['output-as'], value: 'required' },
];

const HELP = `Usage:
  crm_attribute [OPTION?]

crm_attribute - query and update Pacemaker cluster options and node attributes (vigil)

  -n, --name=NAME            the attribute or option
  -G, --query                query its value (the default command)
  -v, --update=VALUE         update its value
  -D, --delete               delete it
  -N, --node=NODE            a node attribute of NODE (default: this node, with -l or -p)
  -l, --lifetime=LIFETIME    reboot (transient) or forever (permanent)
  -t, --type=SECTION         crm_config, nodes or status
  -p, --promotion[=RESOURCE] the promotion score of RESOURCE (default OCF_RESOURCE_INSTANCE)
  -d, --default=VALUE        shown when a query finds no value
  -q, --quiet                print only the value`;

const SECTIONS = { crm_config: 'crm_config', nodes: 'nodes', status: 'status' };

/**
 * What to do, or why not: { command, section, node?, name, value?, quiet, fallback? } | { exit }.
 * @returns {{ command: 'query' | 'update' | 'delete', section: string, node?: string, name: string, value?: string, quiet: boolean, fallback?: string } | { exit: number }}
 */
export function parseCrmAttribute(argv, env, io) {
  const parsed = getopt(argv, SPEC);
  if (!parsed.ok) return { exit: usage(io, TOOL, parsed.error) };
  const o = parsed.options;
  if (o.has('help')) {
    io.out(HELP);
    return { exit: EX.OK };
  }
  if (o.has('version')) {
    io.out('Pacemaker 2.1.5 (vigil)');
    return { exit: EX.OK };
  }
  if (o.has('pattern')) return { exit: unsupported(io, TOOL, '-P/--pattern') };
  if (o.has('utilization')) return { exit: unsupported(io, TOOL, '-z/--utilization (vigil keeps no utilization attributes)') };
  if (o.has('output-as') && o.get('output-as') !== 'text') return { exit: unsupported(io, TOOL, `--output-as=${o.get('output-as')}`) };
  let name = o.get('name');
  let lifetime = o.get('lifetime');
  if (o.has('promotion')) {
    const resource = o.get('promotion') === true ? env.OCF_RESOURCE_INSTANCE : o.get('promotion');
    if (!resource) return { exit: usage(io, TOOL, 'Promotion score updates require a resource ID (--promotion=RESOURCE, or OCF_RESOURCE_INSTANCE)') };
    name = `master-${resource}`;
    lifetime ??= 'reboot';
  }
  if (typeof name !== 'string' || name === '') return { exit: usage(io, TOOL, 'Error: must specify attribute name (-n)') };
  if (lifetime !== undefined && lifetime !== 'reboot' && lifetime !== 'forever') return { exit: usage(io, TOOL, `Invalid lifetime '${lifetime}': use reboot or forever`) };
  const type = o.get('type');
  let section;
  if (type !== undefined) {
    section = SECTIONS[type];
    if (section === undefined) return { exit: unsupported(io, TOOL, `--type ${type}`) };
    if (section === 'nodes' && lifetime === 'reboot') section = 'status';
  } else if (lifetime !== undefined) section = lifetime === 'reboot' ? 'status' : 'nodes';
  else section = o.has('node') ? 'nodes' : 'crm_config';
  const commands = parsed.order.filter((n) => n === 'update' || n === 'delete' || n === 'query');
  const command = commands.at(-1) ?? 'query';
  const out = { command, section, name, quiet: o.has('quiet') };
  if (section !== 'crm_config') {
    const node = o.get('node') ?? env.VIGIL_LOCAL_NODE;
    if (node !== undefined) out.node = node;
  }
  if (command === 'update') out.value = o.get('update');
  if (typeof o.get('default') === 'string') out.fallback = o.get('default');
  return out;
}

/** Pacemaker's query line: `scope=status name=pingd value=1000`. */
export function queryLine(section, name, value) {
  return `scope=${section} name=${name} value=${value}`;
}

export async function crmAttribute(argv, io) {
  const what = parseCrmAttribute(argv, io.env, io);
  if ('exit' in what) return what.exit;
  const target = { section: what.section, name: what.name, ...(what.node === undefined ? {} : { node: what.node }) };
  if (what.command !== 'query') {
    const answer = await io.ask({ type: 'attribute.update', ...target, value: what.command === 'update' ? what.value : null });
    return answer.ok ? EX.OK : failed(io, TOOL, answer);
  }
  const answer = await io.ask({ type: 'attribute.query', ...target });
  const value = answer.ok ? answer.value : answer.failure === 'no-such' ? what.fallback : undefined;
  if (value !== undefined) {
    io.out(what.quiet ? value : queryLine(what.section, what.name, value));
    return EX.OK;
  }
  if (!answer.ok && answer.failure !== 'no-such') return failed(io, TOOL, answer);
  if (!what.quiet) io.out(queryLine(what.section, what.name, '(null)'));
  io.err('Error performing operation: No such device or address');
  return EX.NOSUCH;
}
