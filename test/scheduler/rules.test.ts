import { describe, expect, it } from 'vitest';
import type { Rule, RuleExpression } from '../../src/config/model.ts';
import { evalAttribute, ruleMatches, ruleScore } from '../../src/scheduler/rules.ts';

const attrs = { '#uname': 'n1', rack: '2', weight: '1.5', name: 'web' };
describe('rule expressions', () => {
  const cases: [RuleExpression, boolean][] = [
    [{ kind: 'attribute', attribute: '#uname', operation: 'eq', value: 'n1' }, true],
    [{ kind: 'attribute', attribute: '#uname', operation: 'ne', value: 'n1' }, false],
    [{ kind: 'attribute', attribute: 'rack', operation: 'gt', value: '10' }, false],
    [{ kind: 'attribute', attribute: 'rack', operation: 'gt', value: '10', type: 'string' }, true],
    [{ kind: 'attribute', attribute: 'weight', operation: 'gte', value: '1.25' }, true],
    [{ kind: 'attribute', attribute: 'missing', operation: 'defined' }, false],
    [{ kind: 'attribute', attribute: 'missing', operation: 'not_defined' }, true],
    [{ kind: 'attribute', attribute: 'name', operation: 'lt', value: 'zzz' }, true],
  ];
  for (const [expr, want] of cases) it(`should evaluate ${expr.attribute} ${expr.operation} ${expr.value ?? ''} as ${want}`, () => expect(evalAttribute(expr, attrs)).toBe(want));
  it('should combine with or / and, and read score-attribute', () => {
    const rule: Rule = { id: 'r', booleanOp: 'or', scoreAttribute: 'rack', expressions: [cases[1]![0], cases[0]![0]] };
    expect(ruleMatches(rule, attrs, 0)).toBe(true);
    expect(ruleMatches({ ...rule, booleanOp: 'and' }, attrs, 0)).toBe(false);
    expect(ruleScore(rule, attrs)).toBe(2);
  });
  it('should evaluate date ranges against now', () => {
    const rule: Rule = { id: 'd', booleanOp: 'and', expressions: [{ kind: 'date', operation: 'in_range', start: 100, end: 200, raw: {} }] };
    expect([ruleMatches(rule, attrs, 150), ruleMatches(rule, attrs, 250)]).toEqual([true, false]);
  });
});
