import { describe, expect, it } from 'vitest';
import { addScores, formatScore, INFINITY, parseScore } from '../../src/scheduler/score.ts';

describe('score arithmetic', () => {
  const cases: [number, number, number][] = [
    [1, 2, 3], [INFINITY, 5, INFINITY], [-INFINITY, 5, -INFINITY], [INFINITY, -INFINITY, -INFINITY],
    [-INFINITY, INFINITY, -INFINITY], [999_999, 5, INFINITY], [-999_999, -5, -INFINITY], [-10, 4, -6],
  ];
  for (const [a, b, sum] of cases) it(`should add ${a} + ${b} = ${sum}`, () => expect(addScores(a, b)).toBe(sum));
  const parses: [string, number | undefined][] = [['INFINITY', INFINITY], ['+INFINITY', INFINITY], ['-INFINITY', -INFINITY], ['-inf', -INFINITY], ['100', 100], ['-5', -5], ['2000000', INFINITY], ['abc', undefined]];
  for (const [text, v] of parses) it(`should parse '${text}'`, () => expect(parseScore(text)).toBe(v));
  it('should print INFINITY by name', () => expect([formatScore(INFINITY), formatScore(-INFINITY), formatScore(7)]).toEqual(['INFINITY', '-INFINITY', '7']));
});
