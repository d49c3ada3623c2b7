// Rule evaluation for location constraints: the shared evaluator (config/rule-eval.ts) with
// the scheduler's way of reading values, plus score-attribute handling.
import type { DateExpression, Rule, RuleExpression } from '../config/model.ts';
import { LOCATION_DIALECT, evaluateAttributeExpression, evaluateDateExpression, evaluateRule } from '../config/rule-eval.ts';
import { parseScore } from './score.ts';

export function evalAttribute(expr: RuleExpression, attrs: Record<string, string>): boolean {
  return evaluateAttributeExpression(expr, attrs, LOCATION_DIALECT);
}

export function evalDate(expr: DateExpression, nowS: number): boolean {
  return evaluateDateExpression(expr, nowS, LOCATION_DIALECT);
}

/** Does the rule hold on a node with these attributes at `nowS`? */
export function ruleMatches(rule: Rule, attrs: Record<string, string>, nowS: number): boolean {
  return evaluateRule(rule, attrs, nowS, LOCATION_DIALECT);
}

/** The score a matching rule gives on a node: fixed, or read from a node attribute. */
export function ruleScore(rule: Rule, attrs: Record<string, string>): number {
  if (rule.scoreAttribute !== undefined) return parseScore(attrs[rule.scoreAttribute] ?? '0') ?? 0;
  return rule.score ?? 0;
}
