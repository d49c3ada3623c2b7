// ClusterDocument → vigil YAML (the format docs/config.md describes). For any config,
// loadYamlConfig(writeYamlConfig(doc)) deep-equals doc.config; the status is written in its
// compact form where that form reproduces the history (see write-status.ts).
import { Document, isCollection, isMap, isPair, isScalar, isSeq, visit, type Node } from 'yaml';
import { defaultOptions } from '../defaults.ts';
import type {
  ClusterDocument, ClusterOptions, Constraint, DateExpression, NodeConfig,
  OperationConfig, Primitive, Resource, Rule, RuleExpression,
} from '../model.ts';
import { BOOLEAN_OPTIONS, PACEMAKER_PROPERTIES } from './options.ts';
import { RAW_OPERATION_KEYS } from './operations.ts';
import { defaultRuleId } from './rules.ts';
import { writeAddress, writeCluster } from './write-cluster.ts';
import { writeAlert } from './write-alerts.ts';
import { writeStatus } from './write-status.ts';
import { durationScalar, rawMap, rawScalar, scoreScalar, type YamlScalar } from './write-values.ts';

type Out = Record<string, unknown>;

export function writeYamlConfig(doc: ClusterDocument): string {
  const { config } = doc;
  const out: Out = {
    generation: { 'admin-epoch': config.generation.adminEpoch, epoch: config.generation.epoch, updates: config.generation.updates },
  };
  if (config.cluster !== undefined) out.cluster = writeCluster(config.cluster);
  const options = writeOptions(config.options);
  if (Object.keys(options).length > 0) out.options = options;
  if (config.nodes.length > 0) out.nodes = config.nodes.map(writeNode);
  if (Object.keys(config.resourceDefaults).length > 0) out['resource-defaults'] = rawMap(config.resourceDefaults);
  if (Object.keys(config.operationDefaults).length > 0) out['operation-defaults'] = rawMap(config.operationDefaults);
  if (config.resources.length > 0) out.resources = config.resources.map(writeResource);
  if (config.constraints.length > 0) out.constraints = config.constraints.map(writeConstraint);
  if (config.fencingLevels.length > 0) {
    out['fencing-levels'] = config.fencingLevels.map((l) => ({ target: l.target, index: l.index, devices: l.devices }));
  }
  if (config.alerts !== undefined && config.alerts.length > 0) out.alerts = config.alerts.map(writeAlert);
  const status = writeStatus(doc);
  if (status.value !== undefined) out.status = status.value;
  const yaml = new Document(out);
  compactSmallCollections(yaml);
  if (status.notes.length > 0) noteOmissions(yaml, status.notes);
  return yaml.toString({ lineWidth: 0 });
}

function writeOptions(options: ClusterOptions): Out {
  const defaults = defaultOptions();
  const out: Out = {};
  for (const [key, field] of Object.entries(BOOLEAN_OPTIONS)) {
    if (options[field] !== defaults[field]) out[key] = options[field];
  }
  if (options.fencingAction !== defaults.fencingAction) out['fencing-action'] = options.fencingAction;
  if (options.noQuorumPolicy !== defaults.noQuorumPolicy) out['no-quorum-policy'] = options.noQuorumPolicy;
  if (options.defaultResourceStickiness !== defaults.defaultResourceStickiness) {
    out['default-resource-stickiness'] = scoreScalar(options.defaultResourceStickiness);
  }
  const other: Record<string, YamlScalar> = {};
  for (const [key, value] of Object.entries(options.other)) {
    if ((PACEMAKER_PROPERTIES as readonly string[]).includes(key)) out[key] = rawScalar(value);
    else other[key] = rawScalar(value);
  }
  if (Object.keys(other).length > 0) out.other = other;
  return out;
}

function writeNode(node: NodeConfig): string | Out {
  const plain = node.id === undefined && node.address === undefined && !node.standby && !node.maintenance
    && Object.keys(node.attributes).length === 0;
  if (plain && typeof rawScalar(node.name) === 'string') return node.name;
  const out: Out = { name: node.name };
  if (node.id !== undefined) out.id = node.id;
  if (node.address !== undefined) out.address = writeAddress(node.address);
  if (Object.keys(node.attributes).length > 0) out.attributes = rawMap(node.attributes);
  if (node.standby) out.standby = true;
  if (node.maintenance) out.maintenance = true;
  return out;
}

function writeResource(resource: Resource): Out {
  if (resource.kind === 'primitive') return writePrimitive(resource);
  const out: Out = { [resource.kind]: resource.id };
  if (Object.keys(resource.meta).length > 0) out.meta = rawMap(resource.meta);
  if (resource.kind === 'group') out.resources = resource.children.map(writePrimitive);
  else out.resource = writeResource(resource.child);
  return out;
}

function writePrimitive(primitive: Primitive): Out {
  const fence = primitive.class === 'stonith';
  const agent = fence ? primitive.type
    : primitive.class === 'ocf' ? `ocf:${primitive.provider ?? ''}:${primitive.type}` : `${primitive.class}:${primitive.type}`;
  const out: Out = { [fence ? 'fence-device' : 'primitive']: primitive.id, agent };
  if (Object.keys(primitive.params).length > 0) out.params = rawMap(primitive.params);
  if (Object.keys(primitive.meta).length > 0) out.meta = rawMap(primitive.meta);
  if (primitive.operations.length > 0) out.operations = primitive.operations.map(writeOperation);
  return out;
}

function writeOperation(op: OperationConfig): Out {
  const out: Out = { name: op.name };
  if (op.intervalMs !== 0 || op.name === 'monitor') out.interval = durationScalar(op.intervalMs);
  if (op.timeoutMs !== undefined) out.timeout = durationScalar(op.timeoutMs);
  if (op.onFail !== undefined) out['on-fail'] = op.onFail;
  if (op.role !== undefined) out.role = op.role;
  if (!op.enabled) out.enabled = false;
  const other: Record<string, YamlScalar> = {};
  for (const [key, value] of Object.entries(op.other)) {
    if (RAW_OPERATION_KEYS.includes(key)) out[key] = rawScalar(value);
    else other[key] = rawScalar(value);
  }
  if (Object.keys(other).length > 0) out.other = other;
  return out;
}

function writeConstraint(constraint: Constraint): Out {
  switch (constraint.kind) {
    case 'location': {
      const out: Out = { location: constraint.id, resource: constraint.resource };
      if (constraint.node !== undefined) out.node = constraint.node;
      if (constraint.score !== undefined) out.score = scoreScalar(constraint.score);
      if (constraint.rules !== undefined) out.rules = constraint.rules.map((rule, i) => writeRule(rule, defaultRuleId(constraint.id, i)));
      if (constraint.role !== undefined) out.role = constraint.role;
      if (constraint.resourceDiscovery !== undefined) out['resource-discovery'] = constraint.resourceDiscovery;
      return out;
    }
    case 'order': {
      const out: Out = { order: constraint.id, first: constraint.first, then: constraint.then };
      if (constraint.firstAction !== 'start') out['first-action'] = constraint.firstAction;
      if (constraint.thenAction !== constraint.firstAction) out['then-action'] = constraint.thenAction;
      if (constraint.orderKind !== 'Mandatory') out.kind = constraint.orderKind;
      if (constraint.symmetrical !== (constraint.orderKind !== 'Serialize')) out.symmetrical = constraint.symmetrical;
      if (constraint.oneOrMore !== undefined) out['one-or-more'] = constraint.oneOrMore;
      return out;
    }
    case 'colocation': {
      const out: Out = { colocation: constraint.id, resource: constraint.resource, with: constraint.with, score: scoreScalar(constraint.score) };
      if (constraint.resourceRole !== undefined) out['resource-role'] = constraint.resourceRole;
      if (constraint.withRole !== undefined) out['with-role'] = constraint.withRole;
      return out;
    }
  }
}

function writeRule(rule: Rule, defaultId: string): Out {
  const out: Out = {};
  if (rule.id !== defaultId) out.id = rule.id;
  if (rule.score !== undefined) out.score = scoreScalar(rule.score);
  if (rule.scoreAttribute !== undefined) out['score-attribute'] = rule.scoreAttribute;
  if (rule.booleanOp !== 'and') out['boolean-op'] = rule.booleanOp;
  if (rule.role !== undefined) out.role = rule.role;
  out.expressions = rule.expressions.map((expr, i) => writeExpression(expr, defaultRuleId(rule.id, i)));
  return out;
}

function writeExpression(expr: RuleExpression | DateExpression | Rule, nestedId: string): Out {
  if (!('kind' in expr)) return writeRule(expr, nestedId);
  if (expr.kind === 'date') {
    const out: Out = { date: expr.operation };
    if (expr.start !== undefined) out.start = expr.start;
    if (expr.end !== undefined) out.end = expr.end;
    if (Object.keys(expr.raw).length > 0) out.raw = rawMap(expr.raw);
    return out;
  }
  const out: Out = { attribute: expr.attribute, operation: expr.operation };
  if (expr.value !== undefined) out.value = rawScalar(expr.value);
  if (expr.type !== undefined) out.type = expr.type;
  return out;
}

const KIND_KEYS = new Set(['primitive', 'fence-device', 'group', 'clone', 'alert']);
const FLOW_WIDTH_MAX = 72;

/** Short mappings and lists of plain values go on one line: `{ name: monitor, interval: 10s }`. */
function compactSmallCollections(doc: Document): void {
  visit(doc, {
    Map(_, map) {
      const keys = map.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
      if (keys.some((key) => KIND_KEYS.has(key)) || map.items.length === 0) return;
      const simple = map.items.every((pair) => isScalar(pair.value) || (isSeq(pair.value) && pair.value.items.every((item) => isScalar(item))));
      if (simple && flatWidth(map) <= FLOW_WIDTH_MAX) map.flow = true;
    },
    Seq(_, seq) {
      if (seq.items.length > 0 && seq.items.every((item) => isScalar(item)) && flatWidth(seq) <= FLOW_WIDTH_MAX) seq.flow = true;
    },
  });
}

function flatWidth(node: Node): number {
  if (isScalar(node)) return String(node.value).length + 2;
  if (isPair(node)) return flatWidth(node.key as Node) + flatWidth(node.value as Node);
  if (isMap(node) || isSeq(node)) return (node.items as Node[]).reduce((sum, item) => sum + flatWidth(item), 4);
  return isCollection(node) ? FLOW_WIDTH_MAX : 0;
}

function noteOmissions(doc: Document, notes: string[]): void {
  const status = doc.get('status', true) as Node | undefined;
  const comment = notes.map((note) => ` ${note}`).join('\n');
  if (status !== undefined) status.commentBefore = comment;
  else doc.comment = comment;
}
