import { describe, expect, it } from 'vitest';
import { assignRoles, promotionAttribute, type PromotionHooks } from '../../src/scheduler/promotion.ts';
import type { CloneInfo } from '../../src/scheduler/clones.ts';
import { formatItem } from '../../src/scheduler/summary.ts';
import { INFINITY } from '../../src/scheduler/score.ts';

const clone = (over: Partial<CloneInfo> = {}): CloneInfo => ({
  id: 'ms', child: 'p', childIsGroup: false, instances: ['p:0', 'p:1', 'p:2'], max: 3, nodeMax: 1, interleave: false, min: 0,
  unique: false, ordered: false, promotable: true, promotedMax: 1, promotedNodeMax: 1,
  meta: {} as CloneInfo['meta'], ...over,
});

function hooks(placed: Record<string, string | null>, attrs: Record<string, Record<string, string>>, over: Partial<PromotionHooks> = {}): PromotionHooks {
  return {
    members: (top) => [top],
    placedOn: (top) => placed[top] ?? null,
    promotedNow: () => false,
    promotable: () => true,
    recordedNames: () => [],
    failed: () => false,
    attributes: (node) => attrs[node] ?? {},
    promotedLocations: () => new Map(),
    primaryNodes: () => undefined,
    dependentWeights: () => undefined,
    promotedWith: [],
    withPromoted: [],
    ...over,
  };
}

const roles = (plans: Map<string, { role: string }>): Record<string, string> => Object.fromEntries([...plans].map(([k, v]) => [k, v.role]));

describe('promotion', () => {
  it('reads master-RSC without the instance number for anonymous clones, with it first for unique ones', () => {
    expect(promotionAttribute({ 'master-p': '10' }, 'p:1', false)).toBe(10);
    expect(promotionAttribute({ 'master-p:1': '5', 'master-p': '10' }, 'p:1', true)).toBe(5);
    expect(promotionAttribute({ 'master-p': '-INFINITY' }, 'p:0', false)).toBe(-INFINITY);
    expect(promotionAttribute({}, 'p:0', false)).toBeUndefined();
  });
  it('promotes the instance with the highest promotion score, up to promoted-max', () => {
    const h = hooks({ 'p:0': 'n1', 'p:1': 'n2', 'p:2': 'n3' }, { n1: { 'master-p': '5' }, n2: { 'master-p': '10' }, n3: { 'master-p': '7' } });
    expect(roles(assignRoles(h, clone(), ['p:0', 'p:1', 'p:2']))).toEqual({ 'p:0': 'unpromoted', 'p:1': 'promoted', 'p:2': 'unpromoted' });
    expect(roles(assignRoles(h, clone({ promotedMax: 2 }), ['p:0', 'p:1', 'p:2']))).toEqual({ 'p:0': 'unpromoted', 'p:1': 'promoted', 'p:2': 'promoted' });
  });
  it('promotes nothing where the agent set no score, unless a role=Promoted location lifts it to 0 or more', () => {
    const h = hooks({ 'p:0': 'n1', 'p:1': 'n2' }, {});
    expect(roles(assignRoles(h, clone(), ['p:0', 'p:1']))).toEqual({ 'p:0': 'unpromoted', 'p:1': 'unpromoted' });
    const located = { ...h, promotedLocations: () => new Map([['n2', 100]]) };
    expect(roles(assignRoles(located, clone(), ['p:0', 'p:1']))).toEqual({ 'p:0': 'unpromoted', 'p:1': 'promoted' });
  });
  it('keeps promoted-node-max per node and skips instances not placed or not promotable', () => {
    const h = hooks({ 'p:0': 'n1', 'p:1': 'n1', 'p:2': null }, { n1: { 'master-p': '5' } }, { promotable: (top) => top !== 'p:0' });
    expect(roles(assignRoles(h, clone({ promotedMax: 2 }), ['p:0', 'p:1', 'p:2']))).toEqual({ 'p:0': 'unpromoted', 'p:1': 'promoted' });
  });
  it('bans the promoted role from nodes without the primary of a mandatory colocation', () => {
    const coloc = { id: 'c', dependent: 'ms', primary: 'ip', influences: '', score: INFINITY, dependentRole: 'promoted' as const };
    const h = hooks({ 'p:0': 'n1', 'p:1': 'n2' }, { n1: { 'master-p': '50' }, n2: { 'master-p': '5' } }, { promotedWith: [coloc], primaryNodes: () => ['n2'] });
    expect(roles(assignRoles(h, clone(), ['p:0', 'p:1']))).toEqual({ 'p:0': 'unpromoted', 'p:1': 'promoted' });
  });
});

describe('summary lines with roles', () => {
  const base = { resource: 'p:0', blocked: false };
  it('names roles the way crm_simulate does', () => {
    expect(formatItem({ kind: 'promote', node: 'n1', ...base, roles: { from: 'Unpromoted', to: 'Promoted' } })).toBe('Promote p:0 ( Unpromoted -> Promoted n1 )');
    expect(formatItem({ kind: 'demote', node: 'n1', ...base, roles: { from: 'Promoted', to: 'Unpromoted' } })).toBe('Demote p:0 ( Promoted -> Unpromoted n1 )');
    expect(formatItem({ kind: 'start', node: 'n1', ...base, roles: { from: 'Stopped', to: 'Promoted' } })).toBe('Promote p:0 ( Stopped -> Promoted n1 )');
    expect(formatItem({ kind: 'start', node: 'n1', ...base, roles: { from: 'Stopped', to: 'Unpromoted' } })).toBe('Start p:0 ( n1 )');
    expect(formatItem({ kind: 'stop', node: 'n1', ...base, reason: 'node availability', roles: { from: 'Promoted', to: 'Stopped' } })).toBe('Stop p:0 ( Promoted n1 ) due to node availability');
    expect(formatItem({ kind: 'move', from: 'n1', to: 'n2', ...base, roles: { from: 'Promoted', to: 'Unpromoted' } })).toBe('Move p:0 ( Promoted n1 -> Unpromoted n2 )');
    expect(formatItem({ kind: 'move', from: 'n1', to: 'n2', ...base, roles: { from: 'Unpromoted', to: 'Unpromoted' } })).toBe('Move p:0 ( n1 -> n2 Unpromoted )');
    expect(formatItem({ kind: 'recover', from: 'n1', ...base, roles: { from: 'Unpromoted', to: 'Unpromoted' } })).toBe('Recover p:0 ( Unpromoted n1 )');
    expect(formatItem({ kind: 'restart', node: 'n1', ...base, roles: { from: 'Unpromoted', to: 'Promoted' } })).toBe('Restart p:0 ( Unpromoted -> Promoted n1 )');
  });
  it('says blocked bare when there is no reason, in parentheses after one', () => {
    expect(formatItem({ kind: 'start', node: 'n1', resource: 'r', blocked: true })).toBe('Start r ( n1 ) blocked');
    expect(formatItem({ kind: 'start', node: 'n1', resource: 'r', blocked: true, reason: 'no quorum' })).toBe('Start r ( n1 ) due to no quorum (blocked)');
  });
});
