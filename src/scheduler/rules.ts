// Rule evaluation for location constraints: node attribute expressions (string, integer,
// number and version comparisons) and date expressions against `now`.
import type { DateExpression, Rule, RuleExpression } from '../config/model.ts';
import { parseScore } from './score.ts';

function compareVersion(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function numericType(expr: RuleExpression): 'integer' | 'number' | 'string' | 'version' {
  if (expr.type) return expr.type;
  // Without a type, values that look like numbers compare as numbers (Pacemaker 2.1).
  const v = expr.value ?? '';
  if (/^[-+]?\d+$/.test(v)) return 'integer';
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return 'number';
  return 'string';
}

function compareValues(actual: string, expected: string, type: ReturnType<typeof numericType>): number | undefined {
  if (type === 'version') return compareVersion(actual, expected);
  if (type === 'integer' || type === 'number') {
    const parse = (s: string): number => (type === 'integer' ? Number.parseInt(s, 10) : Number.parseFloat(s));
    const a = parse(actual), b = parse(expected);
    if (Number.isNaN(a) || Number.isNaN(b)) return actual < expected ? -1 : actual > expected ? 1 : 0;
    return Math.sign(a - b);
  }
  return actual < expected ? -1 : actual > expected ? 1 : 0;
}

export function evalAttribute(expr: RuleExpression, attrs: Record<string, string>): boolean {
  const actual = attrs[expr.attribute];
  if (expr.operation === 'defined') return actual !== undefined;
  if (expr.operation === 'not_defined') return actual === undefined;
  if (actual === undefined || expr.value === undefined) return expr.operation === 'ne' && actual !== expr.value;
  const cmp = compareValues(actual, expr.value, numericType(expr));
  if (cmp === undefined) return false;
  switch (expr.operation) {
    case 'eq': return cmp === 0;
    case 'ne': return cmp !== 0;
    case 'lt': return cmp < 0;
    case 'lte': return cmp <= 0;
    case 'gt': return cmp > 0;
    case 'gte': return cmp >= 0;
  }
}

function inSpecRange(spec: string | undefined, value: number): boolean {
  if (spec === undefined) return true;
  return spec.split(',').some((part) => {
    const [lo, hi] = part.split('-').map((x) => Number.parseInt(x, 10));
    if (lo === undefined || Number.isNaN(lo)) return true;
    return hi === undefined || Number.isNaN(hi) ? value === lo : value >= lo && value <= hi;
  });
}

function isoWeekday(d: Date): number {
  const wd = d.getUTCDay();
  return wd === 0 ? 7 : wd;
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

export function evalDate(expr: DateExpression, nowS: number): boolean {
  if (expr.operation === 'gt') return expr.start !== undefined && nowS > expr.start;
  if (expr.operation === 'lt') return expr.end !== undefined && nowS < expr.end;
  if (expr.operation === 'in_range') {
    return (expr.start === undefined || nowS >= expr.start) && (expr.end === undefined || nowS <= expr.end);
  }
  const d = new Date(nowS * 1000);
  const r = expr.raw;
  return inSpecRange(r.hours, d.getUTCHours()) && inSpecRange(r.minutes, d.getUTCMinutes())
    && inSpecRange(r.seconds, d.getUTCSeconds()) && inSpecRange(r.monthdays, d.getUTCDate())
    && inSpecRange(r.weekdays, isoWeekday(d)) && inSpecRange(r.yeardays, dayOfYear(d))
    && inSpecRange(r.months, d.getUTCMonth() + 1) && inSpecRange(r.years, d.getUTCFullYear())
    && inSpecRange(r.weekyears, d.getUTCFullYear());
}

/** Does the rule hold on a node with these attributes at `nowS`? */
export function ruleMatches(rule: Rule, attrs: Record<string, string>, nowS: number): boolean {
  const results = rule.expressions.map((e) => {
    if ('expressions' in e) return ruleMatches(e, attrs, nowS);
    if (e.kind === 'attribute') return evalAttribute(e, attrs);
    return evalDate(e, nowS);
  });
  if (results.length === 0) return true;
  return rule.booleanOp === 'or' ? results.some(Boolean) : results.every(Boolean);
}

/** The score a matching rule gives on a node: fixed, or read from a node attribute. */
export function ruleScore(rule: Rule, attrs: Record<string, string>): number {
  if (rule.scoreAttribute !== undefined) return parseScore(attrs[rule.scoreAttribute] ?? '0') ?? 0;
  return rule.score ?? 0;
}
