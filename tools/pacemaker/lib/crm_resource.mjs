// crm_resource, the read-only parts agents use: where a resource runs (-W/--locate) and a
// parameter or meta attribute as configured (-g, --meta). Changing resources (-p, -d, --ban,
// --move, --cleanup...) is an administrator's business (vigil resource ...): refused.
import { getopt } from './getopt.mjs';
import { EX, failed, unsupported, usage } from './exit-codes.mjs';

const TOOL = 'crm_resource';

const WRITES = [
  ['set-parameter', 'p'], ['delete-parameter', 'd'], ['ban', 'B'], ['move', 'M'], ['clear', 'U'], ['cleanup', 'C'],
  ['refresh', 'R'], ['restart', null], ['force-stop', null], ['force-start', null], ['set-property', null], ['delete', 'D'],
];

const SPEC = [
  { name: 'resource', short: 'r', long: ['resource'], value: 'required' },
  { name: 'locate', short: 'W', long: ['locate'] },
  { name: 'get-parameter', short: 'g', long: ['get-parameter'], value: 'required' },
  { name: 'meta', short: 'm', long: ['meta'] },
  { name: 'utilization', short: 'z', long: ['utilization'] },
  { name: 'quiet', short: 'Q', long: ['quiet'] },
  { name: 'node', short: 'N', long: ['node'], value: 'required' },
  { name: 'value', short: 'v', long: ['parameter-value'], value: 'required' },
  { name: 'list-operations', long: ['list-operations'] },
  { name: 'verbose', short: 'V', long: ['verbose'] },
  { name: 'version', short: '$', long: ['version'] },
  { name: 'help', short: 'h', long: ['help', 'help-all'] },
  ...WRITES.map(([name, short]) => ({ name, ...(short ? { short } : {}), long: [name], value: ['set-parameter', 'delete-parameter', 'set-property'].includes(name) ? 'required' : 'none' })),
];

export async function crmResource(argv, io) {
  const parsed = getopt(argv, SPEC);
  if (!parsed.ok) return usage(io, TOOL, parsed.error);
  const o = parsed.options;
  if (o.has('help')) {
    io.out('Usage:\n  crm_resource [OPTION?]\n\nread resources (vigil): -W/--locate -r RESOURCE; -g NAME -r RESOURCE [--meta]');
    return EX.OK;
  }
  if (o.has('version')) {
    io.out('Pacemaker 2.1.5 (vigil)');
    return EX.OK;
  }
  const write = WRITES.find(([name]) => o.has(name));
  if (write !== undefined) {
    io.err(`${TOOL}: --${write[0]} changes the cluster: an agent may only change node attributes (administrators: vigil resource ...)`);
    return EX.INSUFFICIENT_PRIV;
  }
  if (o.has('list-operations')) return unsupported(io, TOOL, '--list-operations');
  const resource = o.get('resource');
  if (o.has('locate')) {
    if (typeof resource !== 'string') return usage(io, TOOL, '--locate requires -r/--resource');
    return locate(io, resource, o.has('quiet'));
  }
  if (o.has('get-parameter')) {
    if (typeof resource !== 'string') return usage(io, TOOL, '-g requires -r/--resource');
    if (o.has('utilization')) {
      io.err(`${TOOL}: Attribute '${o.get('get-parameter')}' not found for '${resource}' (vigil keeps no utilization attributes)`);
      return EX.NOSUCH;
    }
    const answer = await io.ask({ type: 'resource.parameter', resource, name: o.get('get-parameter'), meta: o.has('meta') });
    if (!answer.ok) return failed(io, TOOL, answer);
    io.out(answer.value);
    return EX.OK;
  }
  return usage(io, TOOL, 'vigil provides --locate and --get-parameter to agents');
}

async function locate(io, resource, quiet) {
  const answer = await io.ask({ type: 'cluster' });
  if (!answer.ok) return failed(io, TOOL, answer);
  const matching = answer.cluster.resources.filter((r) => r.id === resource || r.id.startsWith(`${resource}:`) || r.parent === resource);
  if (matching.length === 0) {
    io.err(`${TOOL}: Resource '${resource}' not found`);
    return EX.NOSUCH;
  }
  const nodes = [...new Set(matching.flatMap((r) => r.nodes))];
  if (nodes.length === 0) io.err(`resource ${resource} is NOT running`);
  for (const node of nodes) io.out(quiet ? node : `resource ${resource} is running on: ${node}`);
  return EX.OK;
}
