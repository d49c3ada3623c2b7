// Quorum is a strict majority of configured votes; two-node mode follows votequorum's
// two_node + wait_for_all. Also: configuration errors name the field and the fix.
import { describe, expect, it } from 'vitest';
import { ElectionConfigError, normalizeConfig } from '../../src/election/config.ts';
import { evaluateQuorum, quorum, voteTable } from '../../src/election/quorum.ts';
import type { ElectionConfig } from '../../src/election/types.ts';

describe('quorum', () => {
  const three = voteTable(['a', 'b', 'c']);
  const four = voteTable(['a', 'b', 'c', 'd']);
  const weighted = voteTable(['a', 'b', 'c'], { a: 3 });
  const table: [string, Record<string, number>, string[], boolean][] = [
    ['2 of 3', three, ['a', 'b'], true],
    ['1 of 3', three, ['a'], false],
    ['2 of 4 is not a majority', four, ['a', 'b'], false],
    ['3 of 4', four, ['a', 'b', 'c'], true],
    ['a node not configured counts for nothing', three, ['a', 'x', 'y'], false],
    ['duplicates count once', three, ['a', 'a'], false],
    ['weighted: a alone holds 3 of 5', weighted, ['a'], true],
    ['weighted: b and c hold 2 of 5', weighted, ['b', 'c'], false],
    ['1 of 2', voteTable(['a', 'b']), ['a'], false],
  ];
  for (const [name, votes, present, expected] of table) {
    it(`should decide ${name}: ${expected}`, () => expect(quorum(votes, present)).toBe(expected));
  }

  it('should judge two-node mode by wait_for_all', () => {
    const votes = voteTable(['a', 'b']);
    const base = { votes, self: 'a', twoNode: true };
    expect(evaluateQuorum({ ...base, present: ['a', 'b'], seenAll: true })).toEqual({ quorate: true, via: 'majority' });
    expect(evaluateQuorum({ ...base, present: ['a'], seenAll: true })).toEqual({ quorate: true, via: 'two-node' });
    expect(evaluateQuorum({ ...base, present: ['a'], seenAll: false })).toEqual({ quorate: false, reason: 'wait-for-all' });
    expect(evaluateQuorum({ ...base, twoNode: false, present: ['a'], seenAll: true })).toEqual({ quorate: false, reason: 'minority' });
  });
});

describe('election config', () => {
  const good: ElectionConfig = { self: 'a', nodes: ['a', 'b', 'c'], electionTimeoutTicks: [10, 20], leaseTicks: 8, heartbeatTicks: 2, seed: 1 };
  const bad: [string, Partial<ElectionConfig>, RegExp][] = [
    ['self missing', { self: 'z' }, /self "z" is not in nodes; add it/],
    ['duplicate node', { nodes: ['a', 'a', 'b'] }, /nodes lists a node twice/],
    ['lease not below election timeout', { leaseTicks: 10 }, /leaseTicks is 10; use a whole number below the minimum election timeout \(10\)/],
    ['heartbeat not below lease', { heartbeatTicks: 8 }, /heartbeatTicks \(8\) is not below leaseTicks/],
    ['empty timeout range', { electionTimeoutTicks: [20, 20] }, /electionTimeoutTicks is \[20, 20\]/],
    ['unknown voter', { votes: { q: 1 } }, /votes.q names a node that is not configured/],
    ['negative votes', { votes: { a: -1 } }, /votes.a is -1; use a whole number >= 0/],
    ['no votes at all', { votes: { a: 0, b: 0, c: 0 } }, /votes add up to 0/],
    ['two-node with three nodes', { twoNode: true }, /twoNode is set but the cluster is not two nodes/],
  ];
  for (const [name, change, message] of bad) {
    it(`should reject ${name} with an error naming the field and the fix`, () => {
      expect(() => normalizeConfig({ ...good, ...change })).toThrow(ElectionConfigError);
      expect(() => normalizeConfig({ ...good, ...change })).toThrow(message);
    });
  }

  it('should accept a good config and default the vote weights to 1', () => {
    expect(normalizeConfig(good)).toMatchObject({ votes: { a: 1, b: 1, c: 1 }, totalVotes: 3, peers: ['b', 'c'], lostTicks: 20 });
  });
});
