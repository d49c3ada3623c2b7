// ClusterDocument → Pacemaker CIB XML, for the subset the benchmark generator produces:
// options, nodes with attributes, primitives / groups / clones with params, meta and ops,
// location (node + score), order and colocation constraints, node states and history.
// Rules and fencing topology are not written (the generator uses neither).
import type { ClusterDocument, Constraint, NodeStatus, OperationConfig, Primitive, Resource, ResourceHistory } from '../../src/config/model.ts';
import { INFINITY } from '../../src/config/model.ts';

function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${esc(String(v))}"`).join('');
}

function nvset(tag: string, id: string, values: Record<string, string>): string {
  const pairs = Object.entries(values).map(([k, v]) => `<nvpair${attrs({ id: `${id}-${k}`, name: k, value: v })}/>`).join('');
  return pairs === '' ? '' : `<${tag} id="${esc(id)}">${pairs}</${tag}>`;
}

function score(s: number): string {
  return s >= INFINITY ? 'INFINITY' : s <= -INFINITY ? '-INFINITY' : String(s);
}

function op(p: Primitive, o: OperationConfig): string {
  return `<op${attrs({ id: `${p.id}-${o.name}-${o.intervalMs}`, name: o.name, interval: `${o.intervalMs}ms`, timeout: o.timeoutMs === undefined ? undefined : `${o.timeoutMs}ms`, 'on-fail': o.onFail, role: o.role, enabled: o.enabled ? undefined : 'false' })}/>`;
}

function primitive(p: Primitive): string {
  const ops = p.operations.length === 0 ? '' : `<operations>${p.operations.map((o) => op(p, o)).join('')}</operations>`;
  return `<primitive${attrs({ id: p.id, class: p.class, provider: p.provider, type: p.type })}>${nvset('instance_attributes', `${p.id}-params`, p.params)}${nvset('meta_attributes', `${p.id}-meta`, p.meta)}${ops}</primitive>`;
}

function resource(r: Resource): string {
  if (r.kind === 'primitive') return primitive(r);
  const meta = nvset('meta_attributes', `${r.id}-meta`, r.meta);
  if (r.kind === 'group') return `<group id="${esc(r.id)}">${meta}${r.children.map(primitive).join('')}</group>`;
  return `<clone id="${esc(r.id)}">${meta}${resource(r.child)}</clone>`;
}

function constraint(c: Constraint): string {
  if (c.kind === 'location') {
    if (c.rules !== undefined) throw new Error(`cib-writer: location ${c.id} has rules, which this writer does not support`);
    return `<rsc_location${attrs({ id: c.id, rsc: c.resource, node: c.node, score: c.score === undefined ? undefined : score(c.score), role: c.role })}/>`;
  }
  if (c.kind === 'order') {
    return `<rsc_order${attrs({ id: c.id, first: c.first, then: c.then, 'first-action': c.firstAction, 'then-action': c.thenAction, kind: c.orderKind, symmetrical: String(c.symmetrical) })}/>`;
  }
  return `<rsc_colocation${attrs({ id: c.id, rsc: c.resource, 'with-rsc': c.with, score: score(c.score), 'rsc-role': c.resourceRole, 'with-rsc-role': c.withRole })}/>`;
}

function history(h: ResourceHistory): string {
  const ops = h.operations.map((o) => `<lrm_rsc_op${attrs({
    id: o.id ?? `${h.resource}_${o.operation}_${o.intervalMs}`, operation: o.operation, interval: o.intervalMs,
    'op-status': { done: 0, pending: -1, cancelled: 1, timeout: 2, 'not-supported': 3, error: 4, 'error-hard': 5, 'error-fatal': 6, 'not-installed': 7, invalid: 9, 'no-fence-device': 10 }[o.status],
    'rc-code': o.rc, 'call-id': o.callId, 'last-rc-change': o.lastRcChange, 'exec-time': o.execTimeMs, 'op-digest': o.opDigest,
    'crm_feature_set': '3.16.2', 'transition-key': `0:0:0:00000000-0000-0000-0000-000000000000`, 'on_node': h.node,
  })}/>`).join('');
  return `<lrm_resource${attrs({ id: h.resource, class: h.class, provider: h.provider, type: h.type })}>${ops}</lrm_resource>`;
}

function nodeState(n: NodeStatus, id: string, hist: ResourceHistory[]): string {
  const membership = n.online
    ? { in_ccm: 'true', crmd: 'online', join: 'member', expected: 'member' }
    : n.unclean ? { in_ccm: 'false', crmd: 'offline', join: 'down', expected: 'member' } : { in_ccm: 'false', crmd: 'offline', join: 'down', expected: 'down' };
  const transient = nvset('instance_attributes', `status-${id}`, n.attributes);
  return `<node_state${attrs({ id, uname: n.name, ...membership })}><lrm id="${esc(id)}"><lrm_resources>${hist.map(history).join('')}</lrm_resources></lrm>${transient === '' ? '' : `<transient_attributes id="${esc(id)}">${transient}</transient_attributes>`}</node_state>`;
}

const OPTION_NAMES = {
  fencingEnabled: 'stonith-enabled', fencingAction: 'stonith-action', noQuorumPolicy: 'no-quorum-policy', symmetricCluster: 'symmetric-cluster',
  startFailureIsFatal: 'start-failure-is-fatal', maintenanceMode: 'maintenance-mode', stopAllResources: 'stop-all-resources',
} as const;

export function writeCib(doc: ClusterDocument): string {
  const { config, status } = doc;
  const opts: Record<string, string> = {};
  for (const [field, name] of Object.entries(OPTION_NAMES)) opts[name] = String(config.options[field as keyof typeof OPTION_NAMES]);
  Object.assign(opts, config.options.other);
  const ids = new Map(config.nodes.map((n, i) => [n.name, n.id ?? String(i + 1)]));
  const nodes = config.nodes.map((n) => `<node${attrs({ id: ids.get(n.name), uname: n.name })}>${nvset('instance_attributes', `nodes-${ids.get(n.name)}`, { ...n.attributes, ...(n.standby ? { standby: 'on' } : {}) })}</node>`).join('');
  const byNode = new Map<string, ResourceHistory[]>();
  for (const h of status.history) byNode.set(h.node, [...(byNode.get(h.node) ?? []), h]);
  const states = status.nodes.map((n) => nodeState(n, ids.get(n.name) ?? n.name, byNode.get(n.name) ?? [])).join('\n');
  const g = config.generation;
  const dc = status.coordinator === undefined ? undefined : ids.get(status.coordinator);
  return `<cib${attrs({ admin_epoch: g.adminEpoch, epoch: g.epoch, num_updates: g.updates, 'validate-with': 'pacemaker-3.9', crm_feature_set: '3.16.2', 'have-quorum': status.quorum ? '1' : '0', 'dc-uuid': dc })}>
<configuration>
<crm_config>${nvset('cluster_property_set', 'cib-bootstrap-options', opts)}</crm_config>
<nodes>${nodes}</nodes>
<resources>
${config.resources.map(resource).join('\n')}
</resources>
<constraints>
${config.constraints.map(constraint).join('\n')}
</constraints>
<rsc_defaults>${nvset('meta_attributes', 'rsc-options', config.resourceDefaults)}</rsc_defaults>
<op_defaults>${nvset('meta_attributes', 'op-options', config.operationDefaults)}</op_defaults>
</configuration>
<status>
${states}
</status>
</cib>
`;
}
