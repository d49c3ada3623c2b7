// Location rules: a score (or a node attribute holding one), and expressions over node
// attributes, dates, or nested rules, combined with and/or.
import type { DateExpression, Rule, RuleExpression, RuleOperation } from '../model.ts';
import { ROLES } from './operations.ts';
import { readList, readMap, report, type Field, type Reader } from './reader.ts';
import { readEnum, readRaw, readScore, readString, readStringMap, readTimeSeconds } from './values.ts';
import { isMap, isScalar } from 'yaml';

const OPERATIONS: readonly RuleOperation[] = ['defined', 'not_defined', 'eq', 'ne', 'lt', 'lte', 'gt', 'gte'];
const TYPES = ['string', 'integer', 'number', 'version'] as const;
const DATE_OPERATIONS = ['gt', 'lt', 'in_range', 'date_spec'] as const;
const RULE_KEYS = ['id', 'score', 'score-attribute', 'boolean-op', 'role', 'expressions'];
/** How deep rules may nest: a bound on recursion over administrator input. */
const RULE_DEPTH_MAX = 8;

/** The default id of the index-th rule under `parent` (a constraint or rule id). */
export function defaultRuleId(parent: string, index: number): string {
  return `${parent}-rule-${index}`;
}

export function readRules(r: Reader, field: Field, constraintId: string): Rule[] | undefined {
  const items = readList(r, field, 'rules', 'write rules: as a list, e.g. - { score: 50, expressions: [ … ] }');
  if (items === undefined) return undefined;
  if (items.length === 0) {
    report(r, field.node, field.path, 'rules: is empty', 'add a rule, or use node: and score: instead');
    return undefined;
  }
  const rules = items.map((item, index) => readRule(r, item, defaultRuleId(constraintId, index), 0));
  return rules.every((rule) => rule !== undefined) ? rules : undefined;
}

function readRule(r: Reader, item: Field, defaultId: string, depth: number): Rule | undefined {
  const fields = readMap(r, item, { keys: RULE_KEYS, required: ['expressions'], examples: { expressions: 'expressions: [ { attribute: rack, operation: eq, value: a } ]' } }, 'a rule');
  if (fields === undefined) return undefined;
  const rule: Rule = { id: defaultId, booleanOp: 'and', expressions: [] };
  let ok = fields.has('expressions');
  const id = fields.get('id');
  if (id !== undefined) rule.id = readString(r, id, defaultId) ?? defaultId;
  const score = fields.get('score');
  const scoreAttribute = fields.get('score-attribute');
  if (score !== undefined && scoreAttribute !== undefined) {
    report(r, scoreAttribute.node, scoreAttribute.path, 'a rule has score or score-attribute, not both', 'remove one of them');
    ok = false;
  } else if (depth === 0 && score === undefined && scoreAttribute === undefined) {
    report(r, item.node, item.path, 'a location rule needs a score', 'add score: INFINITY (or score-attribute: NAME)');
    ok = false;
  }
  if (score !== undefined) rule.score = readScore(r, score);
  if (scoreAttribute !== undefined) rule.scoreAttribute = readString(r, scoreAttribute, 'my-score');
  const booleanOp = fields.get('boolean-op');
  if (booleanOp !== undefined) rule.booleanOp = readEnum(r, booleanOp, ['and', 'or'] as const) ?? 'and';
  const role = fields.get('role');
  if (role !== undefined) rule.role = readEnum(r, role, ROLES);
  const list = fields.get('expressions');
  const items = list === undefined ? [] : readList(r, list, 'expressions', 'write expressions: as a list') ?? [];
  items.forEach((expr, index) => {
    const read = readExpression(r, expr, defaultRuleId(rule.id, index), depth);
    if (read === undefined) ok = false;
    else rule.expressions.push(read);
  });
  if (list !== undefined && items.length === 0) {
    report(r, list.node, list.path, 'a rule needs at least one expression', 'add - { attribute: rack, operation: eq, value: a }');
    ok = false;
  }
  return ok ? stripUndefined(rule) : undefined;
}

function readExpression(r: Reader, item: Field, nestedId: string, depth: number): RuleExpression | DateExpression | Rule | undefined {
  const keys = isMap(item.node) ? item.node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')) : [];
  if (keys.includes('expressions')) {
    if (depth + 1 >= RULE_DEPTH_MAX) {
      report(r, item.node, item.path, `rules nest deeper than ${RULE_DEPTH_MAX} levels`, 'flatten the rule');
      return undefined;
    }
    return readRule(r, item, nestedId, depth + 1);
  }
  if (keys.includes('date')) return readDateExpression(r, item);
  const fields = readMap(r, item, {
    keys: ['attribute', 'operation', 'value', 'type'], required: ['attribute', 'operation'],
    examples: { attribute: 'attribute: rack', operation: 'operation: eq' },
  }, 'an expression');
  if (fields === undefined) return undefined;
  const attribute = fields.get('attribute');
  const operation = fields.get('operation');
  const expr: RuleExpression = { kind: 'attribute', attribute: '', operation: 'eq' };
  const name = attribute === undefined ? undefined : readString(r, attribute, 'rack');
  const op = operation === undefined ? undefined : readEnum(r, operation, OPERATIONS);
  const value = fields.get('value');
  const type = fields.get('type');
  if (value !== undefined) expr.value = readRaw(r, value, 'a');
  if (type !== undefined) expr.type = readEnum(r, type, TYPES);
  if (op !== undefined && op !== 'defined' && op !== 'not_defined' && value === undefined) {
    report(r, item.node, item.path, `operation ${op} compares with a value, but none is given`, 'add value: …');
    return undefined;
  }
  if (name === undefined || op === undefined) return undefined;
  return stripUndefined({ ...expr, attribute: name, operation: op });
}

function readDateExpression(r: Reader, item: Field): DateExpression | undefined {
  const fields = readMap(r, item, { keys: ['date', 'start', 'end', 'raw'] }, 'a date expression');
  const operation = fields?.get('date');
  const op = operation === undefined ? undefined : readEnum(r, operation, DATE_OPERATIONS);
  if (fields === undefined || op === undefined) return undefined;
  const expr: DateExpression = { kind: 'date', operation: op, raw: {} };
  const start = fields.get('start');
  const end = fields.get('end');
  const raw = fields.get('raw');
  if (start !== undefined) expr.start = readTimeSeconds(r, start);
  if (end !== undefined) expr.end = readTimeSeconds(r, end);
  if (raw !== undefined) expr.raw = readStringMap(r, raw, 'raw date attributes');
  return stripUndefined(expr);
}

/** Drop keys whose value failed to read (a problem is already recorded) so the model stays exact. */
function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
