// Resource sets → pairwise constraints, as Pacemaker defines them. Pure functions over
// plain lists so they can be tested without XML.
//
// Ordering: inside a sequential set each member is ordered after the one before it. Between
// two consecutive sets, a sequential set is represented by its boundary member (the last of
// the earlier set, the first of the later set) and a non-sequential set by all its members;
// with the chains inside sequential sets this orders every member of one set before every
// member of the next.
//
// Colocation: inside a sequential set each member is placed with the member before it
// (B with A, C with B). A negative score inside a set keeps every pair apart. Between two
// sets, the first set depends on the second: its first member (every member when not
// sequential) is placed with the second set's last member (every member when not sequential).

export interface ResourceSet {
  id: string;
  members: string[];
  sequential: boolean;
  requireAll: boolean;
  /** order: the set's action (start, stop, promote, demote); colocation: the role. */
  action?: string;
  role?: string;
  /** A set-level score (colocation: applies inside the set). */
  score?: number;
}

export interface Pair {
  first: string;
  then: string;
  firstSet: ResourceSet;
  thenSet: ResourceSet;
}

function chain(set: ResourceSet): Pair[] {
  if (!set.sequential) return [];
  const pairs: Pair[] = [];
  for (let i = 1; i < set.members.length; i++) {
    pairs.push({ first: set.members[i - 1]!, then: set.members[i]!, firstSet: set, thenSet: set });
  }
  return pairs;
}

function between(a: ResourceSet, b: ResourceSet, aPick: 'first' | 'last', bPick: 'first' | 'last'): Pair[] {
  const pickFrom = (s: ResourceSet, pick: 'first' | 'last') =>
    !s.sequential || s.members.length === 0 ? s.members : [pick === 'first' ? s.members[0]! : s.members[s.members.length - 1]!];
  const pairs: Pair[] = [];
  for (const first of pickFrom(a, aPick)) {
    for (const then of pickFrom(b, bPick)) pairs.push({ first, then, firstSet: a, thenSet: b });
  }
  return pairs;
}

/** Ordering pairs (first before then) for the sets of one rsc_order, in order. */
export function orderSetPairs(given: ResourceSet[]): Pair[] {
  // A require-all=false set is ordered as a whole, never internally: any one member satisfies
  // what follows it (Pacemaker 2.1.5, conformance cases one-or-more-6 and -7).
  const sets = given.map((s) => (s.requireAll ? s : { ...s, sequential: false }));
  const pairs: Pair[] = [];
  for (const set of sets) pairs.push(...chain(set));
  for (let i = 1; i < sets.length; i++) pairs.push(...between(sets[i - 1]!, sets[i]!, 'last', 'first'));
  return pairs;
}

/** A colocation pair: `dependent` is placed with `with`. */
export interface ColocationPair {
  dependent: string;
  with: string;
  dependentSet: ResourceSet;
  withSet: ResourceSet;
  /** The set-level score when the pair comes from inside a set that has one. */
  score?: number;
}

function insideColocationSet(set: ResourceSet, constraintScore: number): ColocationPair[] {
  const score = set.score ?? constraintScore;
  const out: ColocationPair[] = [];
  const base = { dependentSet: set, withSet: set, ...(set.score === undefined ? {} : { score: set.score }) };
  if (!set.sequential || score === 0) return out;
  if (score > 0) {
    for (let i = 1; i < set.members.length; i++) out.push({ dependent: set.members[i]!, with: set.members[i - 1]!, ...base });
    return out;
  }
  for (let i = 0; i < set.members.length; i++) {
    for (let j = i + 1; j < set.members.length; j++) out.push({ dependent: set.members[i]!, with: set.members[j]!, ...base });
  }
  return out;
}

/** Colocation pairs for the sets of one rsc_colocation. */
export function colocationSetPairs(sets: ResourceSet[], constraintScore: number): ColocationPair[] {
  const out: ColocationPair[] = [];
  for (const set of sets) out.push(...insideColocationSet(set, constraintScore));
  for (let i = 1; i < sets.length; i++) {
    for (const p of between(sets[i - 1]!, sets[i]!, 'first', 'last')) {
      out.push({ dependent: p.first, with: p.then, dependentSet: p.firstSet, withSet: p.thenSet });
    }
  }
  return out;
}
