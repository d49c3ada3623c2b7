// crm_mon, once (-1): what agents read of the cluster (redis and pgsql grep its XML for their
// resource's role and for online nodes). Only the one-shot view: as a daemon (-d, what
// ocf:pacemaker:ClusterMon runs) it is not provided; vigil's status page does that job.
import { getopt } from './getopt.mjs';
import { EX, failed, unsupported, usage } from './exit-codes.mjs';

const TOOL = 'crm_mon';

const SPEC = [
  { name: 'one-shot', short: '1', long: ['one-shot'] },
  { name: 'output-as', long: ['output-as'], value: 'required' },
  { name: 'output-to', long: ['output-to'], value: 'required' },
  { name: 'as-xml', short: 'X', long: ['as-xml'] },
  { name: 'as-html', short: 'h', long: ['as-html'], value: 'required' },
  { name: 'inactive', short: 'r', long: ['inactive'] },
  { name: 'group-by-node', short: 'n', long: ['group-by-node'] },
  { name: 'show-node-attributes', short: 'A', long: ['show-node-attributes'] },
  { name: 'failcounts', short: 'f', long: ['failcounts'] },
  { name: 'operations', short: 'o', long: ['operations'] },
  { name: 'timing-details', short: 't', long: ['timing-details'] },
  { name: 'tickets', short: 'c', long: ['tickets'] },
  { name: 'fence-history', short: 'm', long: ['fence-history'], value: 'optional' },
  { name: 'show-detail', short: 'R', long: ['show-detail'] },
  { name: 'brief', short: 'b', long: ['brief'] },
  { name: 'include', short: 'I', long: ['include'], value: 'required' },
  { name: 'exclude', short: 'U', long: ['exclude'], value: 'required' },
  { name: 'simple-status', short: 's', long: ['simple-status'] },
  { name: 'daemonize', short: 'd', long: ['daemonize'] },
  { name: 'pid-file', short: 'p', long: ['pid-file'], value: 'required' },
  { name: 'interval', short: 'i', long: ['interval'], value: 'required' },
  { name: 'verbose', short: 'V', long: ['verbose'] },
  { name: 'version', short: '$', long: ['version'] },
  { name: 'help', short: '?', long: ['help', 'help-all'] },
];

export function escapeXml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attrs(pairs) {
  return pairs.map(([k, v]) => `${k}="${escapeXml(v)}"`).join(' ');
}

const STARTED = new Set(['started', 'monitoring', 'monitor-failed', 'stop-failed', 'blocked', 'migrating', 'stopping']);

function resourceXml(r, nodeIds, indent) {
  const active = r.nodes.length > 0 && STARTED.has(r.state);
  const head = attrs([
    ['id', r.id], ['resource_agent', r.agent], ['role', active ? 'Started' : 'Stopped'], ['active', active], ['orphaned', false],
    ['blocked', r.state === 'blocked'], ['managed', r.managed], ['failed', r.failed], ['failure_ignored', false], ['nodes_running_on', active ? r.nodes.length : 0],
  ]);
  if (!active) return [`${indent}<resource ${head}/>`];
  return [`${indent}<resource ${head}>`, ...r.nodes.map((n) => `${indent}  <node ${attrs([['name', n], ['id', nodeIds.get(n) ?? n], ['cached', true]])}/>`), `${indent}</resource>`];
}

/** The cluster as crm_mon --output-as=xml prints it (the elements and attributes agents grep for). */
export function monXml(cluster, request, withAttributes) {
  const nodeIds = new Map(cluster.nodes.map((n) => [n.name, n.id]));
  const lines = ['<?xml version="1.0"?>', `<pacemaker-result ${attrs([['api-version', '2.25'], ['request', request]])}>`, '  <summary>', '    <stack type="vigil"/>'];
  const dc = cluster.nodes.find((n) => n.name === cluster.coordinator);
  lines.push(dc ? `    <current_dc ${attrs([['present', true], ['name', dc.name], ['id', dc.id], ['with_quorum', cluster.quorum]])}/>` : '    <current_dc present="false"/>');
  lines.push(`    <nodes_configured number="${cluster.nodes.length}"/>`, `    <resources_configured number="${cluster.resources.length}" disabled="0" blocked="0"/>`, '  </summary>', '  <nodes>');
  for (const n of cluster.nodes) {
    const online = n.member && !['offline', 'unclean', 'fencing', 'fenced'].includes(n.state);
    const running = cluster.resources.filter((r) => r.nodes.includes(n.name)).length;
    lines.push(`    <node ${attrs([
      ['name', n.name], ['id', n.id], ['online', online], ['standby', n.state === 'standby'], ['standby_onfail', false], ['maintenance', n.state === 'maintenance'],
      ['pending', n.state === 'joining'], ['unclean', n.state === 'unclean' || n.state === 'fencing'], ['shutdown', n.state === 'shutting-down'], ['expected_up', online],
      ['is_dc', n.name === cluster.coordinator], ['resources_running', running], ['type', 'member'],
    ])}/>`);
  }
  lines.push('  </nodes>', '  <resources>');
  const done = new Set();
  for (const r of cluster.resources) {
    if (r.parent === undefined) {
      lines.push(...resourceXml(r, nodeIds, '    '));
      continue;
    }
    if (done.has(r.parent)) continue;
    done.add(r.parent);
    const members = cluster.resources.filter((m) => m.parent === r.parent);
    const kind = r.parentKind === 'group' ? 'group' : 'clone';
    const head = kind === 'group'
      ? attrs([['id', r.parent], ['number_resources', members.length], ['managed', members.every((m) => m.managed)], ['disabled', false]])
      : attrs([['id', r.parent], ['multi_state', false], ['unique', false], ['managed', members.every((m) => m.managed)], ['disabled', false], ['failed', members.some((m) => m.failed)], ['failure_ignored', false]]);
    lines.push(`    <${kind} ${head}>`, ...members.flatMap((m) => resourceXml(m, nodeIds, '      ')), `    </${kind}>`);
  }
  lines.push('  </resources>');
  if (withAttributes) {
    lines.push('  <node_attributes>');
    for (const n of cluster.nodes) {
      lines.push(`    <node name="${escapeXml(n.name)}">`, ...n.attributes.map((a) => `      <attribute ${attrs([['name', a.name], ['value', a.value]])}/>`), '    </node>');
    }
    lines.push('  </node_attributes>');
  }
  lines.push('  <status code="0" message="OK"/>', '</pacemaker-result>');
  return lines.join('\n');
}

/** A short text summary in crm_mon's layout. */
export function monText(cluster, withAttributes) {
  const online = cluster.nodes.filter((n) => n.member && !['offline', 'unclean', 'fencing', 'fenced'].includes(n.state)).map((n) => n.name);
  const offline = cluster.nodes.filter((n) => !online.includes(n.name)).map((n) => n.name);
  const lines = ['Cluster Summary:', '  * Stack: vigil'];
  lines.push(cluster.coordinator ? `  * Current DC: ${cluster.coordinator} - partition ${cluster.quorum ? 'with' : 'WITHOUT'} quorum` : '  * Current DC: NONE');
  lines.push(`  * ${cluster.nodes.length} nodes configured`, `  * ${cluster.resources.length} resource instances configured`, '', 'Node List:');
  if (online.length > 0) lines.push(`  * Online: [ ${online.join(' ')} ]`);
  if (offline.length > 0) lines.push(`  * OFFLINE: [ ${offline.join(' ')} ]`);
  lines.push('', 'Full List of Resources:');
  for (const r of cluster.resources) {
    const where = r.nodes.length > 0 ? `Started ${r.nodes.join(' ')}` : 'Stopped';
    lines.push(`  * ${r.id}\t(${r.agent}):\t ${r.failed ? 'FAILED ' : ''}${where}`);
  }
  if (withAttributes) {
    lines.push('', 'Node Attributes:');
    for (const n of cluster.nodes) {
      lines.push(`  * Node: ${n.name}:`, ...n.attributes.map((a) => `    * ${a.name.padEnd(32)}\t: ${a.value}`));
    }
  }
  return lines.join('\n');
}

export async function crmMon(argv, io) {
  const parsed = getopt(argv, SPEC);
  if (!parsed.ok) return usage(io, TOOL, parsed.error);
  const o = parsed.options;
  if (o.has('help')) {
    io.out('Usage:\n  crm_mon [OPTION?]\n\nthe cluster once (vigil): -1 [--output-as=xml | -X] [-A]');
    return EX.OK;
  }
  if (o.has('version')) {
    io.out('Pacemaker 2.1.5 (vigil)');
    return EX.OK;
  }
  if (o.has('daemonize') || o.has('as-html') || (o.has('output-to') && o.get('output-to') !== '-')) {
    return unsupported(io, TOOL, 'crm_mon as a daemon or writing to a file (ocf:pacemaker:ClusterMon); vigil\'s status page (vigil daemon --http) shows the cluster');
  }
  const format = o.has('as-xml') ? 'xml' : o.get('output-as') ?? 'text';
  if (format !== 'xml' && format !== 'text') return unsupported(io, TOOL, `--output-as=${format}`);
  const answer = await io.ask({ type: 'cluster' });
  if (!answer.ok) return failed(io, TOOL, answer);
  io.out(format === 'xml' ? monXml(answer.cluster, ['crm_mon', ...argv].join(' '), o.has('show-node-attributes')) : monText(answer.cluster, o.has('show-node-attributes')));
  return EX.OK;
}
