// <rule> elements → the model's Rule (for location constraints, evaluated later by the
// scheduler), plus an evaluator used at import time for rules on nvpair sets, which the
// model has no place for (cluster options, node attributes, resource and op defaults).
import type { DateExpression, Rule, RuleExpression, RuleOperation } from '../model.ts';
import { fail, requireAttr, resolveRef, warn, type ReadContext } from './context.ts';
import { parseDateSeconds, parseDurationMs, parseIsoDurationMs, parseScore } from './values.ts';
import { describe, type XmlElement } from './xml.ts';
import { NVSET_DIALECT, combineResults, evaluateAttributeExpression, evaluateDateExpression, type Tri } from '../rule-eval.ts';

const OPERATIONS: readonly RuleOperation[] = ['defined', 'not_defined', 'eq', 'ne', 'lt', 'lte', 'gt', 'gte'];
const VALUE_TYPES = ['string', 'integer', 'number', 'version'] as const;
const DATE_OPERATIONS = ['gt', 'lt', 'in_range', 'date_spec'] as const;

/** Rewrites an expression's value before it is stored (value-source, %N submatches). */
export type ValueResolver = (expr: XmlElement, value: string | undefined) => string | undefined;

function readExpression(ctx: ReadContext, el: XmlElement, resolve?: ValueResolver): RuleExpression {
  const operation = requireAttr(ctx, el, 'operation') as RuleOperation;
  if (!OPERATIONS.includes(operation)) {
    fail(ctx, el, `unknown operation '${operation}'`, `use one of ${OPERATIONS.join(', ')}`);
  }
  const expr: RuleExpression = { kind: 'attribute', attribute: requireAttr(ctx, el, 'attribute'), operation };
  const value = resolve ? resolve(el, el.attrs.value) : el.attrs.value;
  if (value !== undefined) expr.value = value;
  const type = el.attrs.type;
  if (type !== undefined) {
    if (!(VALUE_TYPES as readonly string[]).includes(type)) {
      fail(ctx, el, `unknown type '${type}'`, `use one of ${VALUE_TYPES.join(', ')}`);
    }
    expr.type = type as RuleExpression['type'];
  }
  return expr;
}

function readDateSeconds(ctx: ReadContext, el: XmlElement, name: string): number | undefined {
  const text = el.attrs[name];
  if (text === undefined) return undefined;
  const seconds = parseDateSeconds(text);
  if (seconds === undefined) fail(ctx, el, `${name}="${text}" is not an ISO 8601 date`, 'write it like 2019-09-23 18:00:00 -05:00');
  return seconds;
}

/** A <duration> child of an in_range date expression, as seconds. */
function durationSeconds(el: XmlElement): number | undefined {
  const d = el.children.find((c) => c.name === 'duration');
  if (!d) return undefined;
  const ms = { years: 365 * 86_400_000, months: 30 * 86_400_000, weeks: 7 * 86_400_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000 };
  let total = 0;
  for (const [k, unit] of Object.entries(ms)) total += Number(d.attrs[k] ?? 0) * unit;
  return total / 1000;
}

export function readDateExpression(ctx: ReadContext, el: XmlElement): DateExpression {
  const operation = (el.attrs.operation ?? 'in_range') as DateExpression['operation'];
  if (!(DATE_OPERATIONS as readonly string[]).includes(operation)) {
    fail(ctx, el, `unknown date operation '${operation}'`, `use one of ${DATE_OPERATIONS.join(', ')}`);
  }
  const raw: Record<string, string> = { ...el.attrs };
  for (const child of el.children) {
    for (const [k, v] of Object.entries(child.attrs)) if (k !== 'id') raw[`${child.name}.${k}`] = v;
  }
  const expr: DateExpression = { kind: 'date', operation, raw };
  const start = readDateSeconds(ctx, el, 'start');
  let end = readDateSeconds(ctx, el, 'end');
  const span = durationSeconds(el);
  if (end === undefined && start !== undefined && span !== undefined) end = start + span;
  if (start !== undefined) expr.start = start;
  if (end !== undefined) expr.end = end;
  return expr;
}

/** Reads a <rule> (following id-ref) into the model. */
export function readRule(ctx: ReadContext, ruleEl: XmlElement, resolve?: ValueResolver): Rule {
  const el = resolveRef(ctx, ruleEl);
  const rule: Rule = { id: requireAttr(ctx, el, 'id'), booleanOp: el.attrs['boolean-op'] === 'or' ? 'or' : 'and', expressions: [] };
  if (el.attrs.score !== undefined) {
    const score = parseScore(el.attrs.score);
    if (score === undefined) fail(ctx, el, `score="${el.attrs.score}" is not a score`, 'use an integer or INFINITY/-INFINITY');
    rule.score = score;
  }
  if (el.attrs['score-attribute'] !== undefined) rule.scoreAttribute = el.attrs['score-attribute'];
  if (el.attrs.role !== undefined) rule.role = el.attrs.role;
  for (const child of el.children) {
    if (child.name === 'expression') rule.expressions.push(readExpression(ctx, resolveRef(ctx, child), resolve));
    else if (child.name === 'date_expression') rule.expressions.push(readDateExpression(ctx, resolveRef(ctx, child)));
    else if (child.name === 'rule') rule.expressions.push(readRule(ctx, child, resolve));
    else warn(ctx, `${ctx.file}: ${describe(child)} inside rule '${rule.id}' is not supported here; ignored`);
  }
  return rule;
}

// ---------------------------------------------------------------------------------------------
// Import-time evaluation (nvpair sets only).

export interface RuleEnv {
  /** Node attributes including #uname, when the set belongs to a node. */
  nodeAttributes?: Record<string, string>;
  resource?: { class: string; provider?: string; type: string };
  operation?: { name: string; intervalMs: number };
}

function evaluateLeaf(ctx: ReadContext, el: XmlElement, env: RuleEnv): Tri {
  switch (el.name) {
    case 'rule': return evaluateRuleElement(ctx, el, env);
    case 'date_expression':
      if (!ctx.nowPinned) warn(ctx, `${ctx.file}: date rules were evaluated at the current time (the CIB has no execution-date)`);
      return evaluateDateExpression(readDateExpression(ctx, el), ctx.nowSeconds, NVSET_DIALECT);
    case 'expression':
      return env.nodeAttributes ? evaluateAttributeExpression(readExpression(ctx, el), env.nodeAttributes, NVSET_DIALECT) : undefined;
    case 'rsc_expression': {
      const r = env.resource;
      if (!r) return undefined;
      const a = el.attrs;
      return (a.class === undefined || a.class === r.class) && (a.provider === undefined || a.provider === r.provider) && (a.type === undefined || a.type === r.type);
    }
    case 'op_expression': {
      const op = env.operation;
      if (!op) return undefined;
      const interval = el.attrs.interval === undefined ? undefined : parseDurationMs(el.attrs.interval) ?? parseIsoDurationMs(el.attrs.interval);
      return el.attrs.name === op.name && (interval === undefined || interval === op.intervalMs);
    }
    default:
      warn(ctx, `${ctx.file}: ${describe(el)} in a rule is not supported; the rule is treated as false`);
      return false;
  }
}

/** Evaluates a <rule> on an nvpair set; undefined when it depends on what env lacks. */
export function evaluateRuleElement(ctx: ReadContext, ruleEl: XmlElement, env: RuleEnv): Tri {
  const el = resolveRef(ctx, ruleEl);
  const results = el.children.filter((c) => c.name !== 'description').map((c) => evaluateLeaf(ctx, resolveRef(ctx, c), env));
  return combineResults(results, el.attrs['boolean-op'] === 'or' ? 'or' : 'and');
}
