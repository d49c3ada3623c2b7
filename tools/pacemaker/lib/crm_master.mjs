// crm_master, Pacemaker's deprecated wrapper that agents still call: crm_attribute on the
// promotion score master-RESOURCE, with lifetime forever unless told otherwise.
import { getopt } from './getopt.mjs';
import { EX, usage } from './exit-codes.mjs';
import { crmAttribute } from './crm_attribute.mjs';

const TOOL = 'crm_master';

const SPEC = [
  { name: 'verbose', short: 'V', long: ['verbose'] },
  { name: 'quiet', short: 'q', long: ['quiet'] },
  { name: 'quiet', short: 'Q', long: [] },
  { name: 'query', short: 'G', long: ['query', 'get-value'] },
  { name: 'update', short: 'v', long: ['update', 'attr-value'], value: 'required' },
  { name: 'delete', short: 'D', long: ['delete', 'delete-attr'] },
  { name: 'node', short: 'N', long: ['node'], value: 'required' },
  { name: 'node', short: 'U', long: ['uname'], value: 'required' },
  { name: 'lifetime', short: 'l', long: ['lifetime'], value: 'required' },
  { name: 'id', short: 'i', long: ['id', 'attr-id'], value: 'required' },
  { name: 'resource', short: 'r', long: ['resource'], value: 'required' },
  { name: 'help', long: ['help'] },
  { name: 'version', long: ['version'] },
];

const FLAGS = { verbose: '-V', quiet: '-q', query: '-G', delete: '-D' };
const VALUES = { update: '-v', node: '-N', lifetime: '-l', id: '-i' };

export async function crmMaster(argv, io) {
  const parsed = getopt(argv, SPEC);
  if (!parsed.ok) return usage(io, TOOL, parsed.error);
  const o = parsed.options;
  if (o.has('help')) {
    io.out('crm_master - Query, update, or delete a resource\'s promotion score\n\nUsage: crm_master <command> [<options>]');
    return EX.OK;
  }
  if (o.has('version')) return crmAttribute(['--version'], io);
  const resource = o.get('resource') ?? io.env.OCF_RESOURCE_INSTANCE;
  if (!resource) {
    io.err('error: No resource specified');
    return EX.ERROR;
  }
  // Options keep their order: crm_attribute takes the last command given.
  const args = ['--lifetime', 'forever'];
  for (const name of parsed.order) {
    if (FLAGS[name]) args.push(FLAGS[name]);
    else if (VALUES[name]) args.push(VALUES[name], o.get(name));
  }
  return crmAttribute(['-n', `master-${resource}`, ...args], io);
}
