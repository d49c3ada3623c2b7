// Quorum: a strict majority of CONFIGURED votes, never of the votes one can currently see. A
// rule over "what I can see" elects two coordinators when a node sees both sides of a
// non-transitive partition (test/election/non-transitive.test.ts shows it).
//
// Two nodes: by default quorum needs both (2 of 2 votes), so a lone survivor stops. With
// `twoNode: true` (corosync votequorum's two_node + wait_for_all) one node alone is quorate, but
// only after it has seen its peer since it started (wait_for_all: a freshly booted node cut off
// from its peer must not fence it), and a coordinator that won alone may act only once its peer
// is confirmed fenced: fencing is the tie breaker.
import { assert } from '../assert.ts';

export type VoteTable = Record<string, number>;

export function voteTable(nodes: string[], votes: Record<string, number> = {}): VoteTable {
  const table: VoteTable = {};
  for (const node of nodes) table[node] = votes[node] ?? 1;
  return table;
}

export function totalVotes(votes: VoteTable): number {
  let total = 0;
  for (const count of Object.values(votes)) {
    assert(Number.isSafeInteger(count) && count >= 0, `votes must be whole numbers >= 0, got ${count}`);
    total += count;
  }
  return total;
}

/** Strict majority of configured votes held by `present` (nodes not configured count for nothing). */
export function quorum(votes: VoteTable, present: Iterable<string>): boolean {
  const total = totalVotes(votes);
  assert(total > 0, 'a cluster needs at least one vote');
  let held = 0;
  for (const node of new Set(present)) held += votes[node] ?? 0;
  return 2 * held > total;
}

export type QuorumResult =
  | { quorate: true; via: 'majority' }
  /** Two-node mode with the peer missing: quorate, but the peer must be fenced before acting. */
  | { quorate: true; via: 'two-node' }
  | { quorate: false; reason: 'minority' | 'wait-for-all' };

export interface QuorumInput {
  votes: VoteTable;
  self: string;
  /** Nodes this one currently hears from, itself included. */
  present: Iterable<string>;
  twoNode: boolean;
  /** wait_for_all: has this node seen every configured node since it started? */
  seenAll: boolean;
}

export function evaluateQuorum(input: QuorumInput): QuorumResult {
  const present = new Set(input.present);
  assert(present.has(input.self), 'a node is always present to itself');
  if (quorum(input.votes, present)) return { quorate: true, via: 'majority' };
  if (!input.twoNode) return { quorate: false, reason: 'minority' };
  assertTwoNodeShape(input.votes);
  return input.seenAll ? { quorate: true, via: 'two-node' } : { quorate: false, reason: 'wait-for-all' };
}

/** corosync allows two_node only with expected_votes 2: two nodes of one vote each. */
export function assertTwoNodeShape(votes: VoteTable): void {
  const counts = Object.values(votes);
  assert(counts.length === 2 && counts.every((count) => count === 1),
    'two-node mode needs exactly two configured nodes with one vote each');
}
