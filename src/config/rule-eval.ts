// One pure evaluator for rule expressions, shared by the CIB reader (rules on nvpair sets,
// evaluated at read time) and the scheduler (location-constraint rules). The two callers
// have always read values slightly differently; a RuleDialect names each difference so both
// keep their exact behaviour until someone decides which one Pacemaker wants.
import type { DateExpression, Rule, RuleExpression } from './model.ts';

/** undefined: the rule depends on something the caller does not know. */
export type Tri = boolean | undefined;
export type ValueType = NonNullable<RuleExpression['type']>;

/** How a caller reads the values that rules compare. */
export interface RuleDialect {
  /** The type an expression without type="..." compares as. */
  untypedAs: (expr: RuleExpression) => ValueType;
  /** Parses a value of an integer or number comparison; NaN when it is not one. */
  parseNumber: (text: string, type: 'integer' | 'number') => number;
  /** Parses one dotted part of a version. */
  parseVersionPart: (text: string) => number;
  /** Whether `ne` holds when neither the attribute nor the expression has a value. */
  neHoldsWhenBothMissing: boolean;
  /** Parses one bound of a date_spec range such as "9-17"; NaN when unreadable. */
  parseSpecBound: (text: string) => number;
  /** Whether a date_spec range with an unreadable lower bound matches. */
  unreadableBoundMatches: boolean;
  /** Whether date_spec weekyears is checked (against the calendar year). */
  checksWeekyears: boolean;
}

const ORDERED_OPERATIONS: readonly string[] = ['lt', 'lte', 'gt', 'gte'];

/** Rules on nvpair sets (src/config/cib/rules.ts). */
export const NVSET_DIALECT: RuleDialect = {
  untypedAs: (expr) => (ORDERED_OPERATIONS.includes(expr.operation) ? 'number' : 'string'),
  parseNumber: (text) => Number(text),
  parseVersionPart: (text) => Number(text),
  neHoldsWhenBothMissing: true,
  parseSpecBound: (text) => Number(text.trim()),
  unreadableBoundMatches: false,
  checksWeekyears: false,
};

/** Location-constraint rules (src/scheduler/rules.ts). */
export const LOCATION_DIALECT: RuleDialect = {
  untypedAs: (expr) => {
    // Without a type, values that look like numbers compare as numbers (Pacemaker 2.1).
    const v = expr.value ?? '';
    if (/^[-+]?\d+$/.test(v)) return 'integer';
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return 'number';
    return 'string';
  },
  parseNumber: (text, type) => (type === 'integer' ? Number.parseInt(text, 10) : Number.parseFloat(text)),
  parseVersionPart: (text) => Number.parseInt(text, 10) || 0,
  neHoldsWhenBothMissing: false,
  parseSpecBound: (text) => Number.parseInt(text, 10),
  unreadableBoundMatches: true,
  checksWeekyears: true,
};

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareVersions(left: string, right: string, parsePart: (text: string) => number): number {
  const a = left.split('.').map(parsePart);
  const b = right.split('.').map(parsePart);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Negative, zero or positive like a comparator; NaN when the values cannot be ordered. */
function compareValues(actual: string, expected: string, type: ValueType, dialect: RuleDialect): number {
  if (type === 'version') return compareVersions(actual, expected, dialect.parseVersionPart);
  if (type === 'integer' || type === 'number') {
    const a = dialect.parseNumber(actual, type);
    const b = dialect.parseNumber(expected, type);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  }
  return compareStrings(actual, expected);
}

/** Does an attribute expression hold for these attributes? */
export function evaluateAttributeExpression(expr: RuleExpression, attributes: Record<string, string>, dialect: RuleDialect): boolean {
  const actual = attributes[expr.attribute];
  if (expr.operation === 'defined') return actual !== undefined;
  if (expr.operation === 'not_defined') return actual === undefined;
  if (actual === undefined || expr.value === undefined) {
    return expr.operation === 'ne' && (dialect.neHoldsWhenBothMissing || actual !== expr.value);
  }
  const cmp = compareValues(actual, expr.value, expr.type ?? dialect.untypedAs(expr), dialect);
  switch (expr.operation) {
    case 'eq': return cmp === 0;
    case 'ne': return cmp !== 0;
    case 'lt': return cmp < 0;
    case 'lte': return cmp <= 0;
    case 'gt': return cmp > 0;
    case 'gte': return cmp >= 0;
  }
}

function inRanges(value: number, spec: string | undefined, dialect: RuleDialect): boolean {
  if (spec === undefined) return true;
  return spec.split(',').some((part) => {
    const [lo, hi] = part.split('-').map(dialect.parseSpecBound);
    if (lo === undefined || Number.isNaN(lo)) return dialect.unreadableBoundMatches;
    return hi === undefined || Number.isNaN(hi) ? value === lo : value >= lo && value <= hi;
  });
}

function dateSpecHolds(raw: Record<string, string>, nowSeconds: number, dialect: RuleDialect): boolean {
  const d = new Date(nowSeconds * 1000);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const fields: [string, number][] = [
    ['hours', d.getUTCHours()], ['minutes', d.getUTCMinutes()], ['seconds', d.getUTCSeconds()],
    ['monthdays', d.getUTCDate()], ['weekdays', ((d.getUTCDay() + 6) % 7) + 1], ['months', d.getUTCMonth() + 1],
    ['years', d.getUTCFullYear()], ['yeardays', Math.floor((d.getTime() - yearStart) / 86_400_000) + 1],
  ];
  if (dialect.checksWeekyears) fields.push(['weekyears', d.getUTCFullYear()]);
  return fields.every(([name, value]) => inRanges(value, raw[`date_spec.${name}`], dialect));
}

/** Does a date expression hold at `nowSeconds` (Unix seconds)? */
export function evaluateDateExpression(expr: DateExpression, nowSeconds: number, dialect: RuleDialect): boolean {
  switch (expr.operation) {
    case 'gt': return expr.start !== undefined && nowSeconds > expr.start;
    case 'lt': return expr.end !== undefined && nowSeconds < expr.end;
    case 'in_range': return (expr.start === undefined || nowSeconds >= expr.start) && (expr.end === undefined || nowSeconds <= expr.end);
    default: return dateSpecHolds(expr.raw, nowSeconds, dialect);
  }
}

/** Combines a rule's results: an empty rule holds; unknowns matter only when they could. */
export function combineResults(results: readonly Tri[], booleanOp: Rule['booleanOp']): Tri {
  if (results.length === 0) return true;
  if (booleanOp === 'or') return results.some((r) => r === true) ? true : results.some((r) => r === undefined) ? undefined : false;
  return results.some((r) => r === false) ? false : results.some((r) => r === undefined) ? undefined : true;
}

/** Does a model rule (nested rules included) hold for these attributes at `nowSeconds`? */
export function evaluateRule(rule: Rule, attributes: Record<string, string>, nowSeconds: number, dialect: RuleDialect): boolean {
  const results = rule.expressions.map((e): boolean => {
    if ('expressions' in e) return evaluateRule(e, attributes, nowSeconds, dialect);
    if (e.kind === 'attribute') return evaluateAttributeExpression(e, attributes, dialect);
    return evaluateDateExpression(e, nowSeconds, dialect);
  });
  return combineResults(results, rule.booleanOp) === true;
}
