import { describe, expect, it } from 'vitest';
import { and, assign, log, not, or, raise, sendTo, stateIn } from 'xstate';
import { actionLabel, delayLabel, guardLabel } from '../../src/inspect/diagram/labels.ts';

describe('labels', () => {
  it('should print delays as names or short durations', () => {
    expect([250, 1000, 1500, 10_000, 90_000, 300_000, 7_200_000, 'monitorIntervalMs'].map(delayLabel)).toEqual([
      '250ms', '1s', '1.5s', '10s', '90s', '5min', '2h', 'monitorIntervalMs',
    ]);
  });

  it('should name built-in actions and say inline for anonymous ones', () => {
    expect(actionLabel('becomeStarted')).toBe('becomeStarted');
    expect(actionLabel({ type: 'report', params: {} })).toBe('report');
    expect(actionLabel(assign({}))).toBe('assign');
    expect(actionLabel(raise({ type: 'NODE.LOST' }))).toBe('raise(NODE.LOST)');
    expect(actionLabel(sendTo('coordinator', { type: 'X' }))).toBe('sendTo(coordinator)');
    expect(actionLabel(log('hi'))).toBe('log');
    expect(actionLabel(() => {})).toBe('inline');
  });

  it('should print composite guards as expressions', () => {
    expect(guardLabel('isOk')).toBe('isOk');
    expect(guardLabel(not('isOk'))).toBe('!isOk');
    expect(guardLabel(and(['a', or(['b', 'c'])]))).toBe('a && (b || c)');
    expect(guardLabel(not(and(['a', 'b'])))).toBe('!(a && b)');
    expect(guardLabel(stateIn('#m.busy'))).toBe('in(#m.busy)');
    expect(guardLabel(() => true)).toBe('inline');
  });
});
