// Constraints indexed by the primitive they act on, with groups resolved: a group is a chain
// of its members (each colocated with and ordered after the previous one), a location on a
// group applies to every member, a group as dependent is its first member, a group as
// primary is where its first member runs, and is influenced through its last member. Indexing by resource keeps placement linear.
import type { ClusterConfig, ColocationConstraint, LocationConstraint, ResourceAction, Score } from '../config/model.ts';
import type { ResourceIndex } from './resources.ts';
import { INFINITY } from './score.ts';
import { instanceMembers } from './clones.ts';

export interface Colocation {
  id: string;
  /** The primitive placed relative to `primary`. */
  dependent: string;
  primary: string;
  /** The primitive whose placement the dependent's preferences influence. */
  influences: string;
  score: Score;
  /** rsc-role: only the dependent's instances in this role (a promotable clone's). */
  dependentRole?: InstanceRole;
  /** with-rsc-role: only where the primary's instances run in this role. */
  primaryRole?: InstanceRole;
}

/** The roles a colocation can name beyond Started (the default, which every active instance has). */
export type InstanceRole = 'promoted' | 'unpromoted';

/** A configured role name (current or legacy spelling) as an instance role; Started or none: undefined. */
export function instanceRole(text: string | undefined): InstanceRole | undefined {
  const t = (text ?? '').trim().toLowerCase();
  if (t === 'promoted' || t === 'master') return 'promoted';
  if (t === 'unpromoted' || t === 'slave') return 'unpromoted';
  return undefined;
}

/** An ordering endpoint: a primitive's action or a group milestone. */
export interface OrderEnd {
  resource: string;
  action: ResourceAction;
}

export interface Ordering {
  id: string;
  first: OrderEnd;
  then: OrderEnd;
  kind: 'Mandatory' | 'Optional' | 'Serialize';
  /** The reverse ordering of a symmetrical constraint (stops in reverse). */
  inverse: boolean;
  /** require-all=false: `then` needs one of the firsts sharing this name (see OrderConstraint). */
  oneOrMore?: string;
}

export interface ConstraintIndex {
  locations: Map<string, LocationConstraint[]>;
  /** Colocations where the primitive is the dependent. */
  asDependent: Map<string, Colocation[]>;
  /** Colocations whose dependent influences this primitive. */
  influencers: Map<string, Colocation[]>;
  /** Per promotable clone: colocations of its promoted (or unpromoted) role with something else:
   *  they decide where it is promoted, not where its instances run. */
  promotedWith: Map<string, Colocation[]>;
  /** Per promotable clone: colocations of something with its promoted role, or with it in any
   *  role (their dependents' preferences pull the promotion towards them). */
  withPromoted: Map<string, Colocation[]>;
  orderings: Ordering[];
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function members(index: ResourceIndex, id: string): string[] {
  const g = index.groups.get(id);
  if (g) return g.members;
  const clone = index.clones.get(id);
  if (clone) return clone.instances.flatMap((top) => instanceMembers(index, top));
  return index.primitives.has(id) ? [id] : [];
}

function addColocation(out: ConstraintIndex, index: ResourceIndex, c: ColocationConstraint): void {
  if (index.clones.has(c.resource) || index.clones.has(c.with)) { addCloneColocation(out, index, c); return; }
  const dep = members(index, c.resource);
  const pri = members(index, c.with);
  if (dep.length === 0 || pri.length === 0 || c.score === 0) return;
  const coloc: Colocation = { id: c.id, dependent: dep[0]!, primary: pri[0]!, influences: pri[pri.length - 1]!, score: c.score };
  push(out.asDependent, coloc.dependent, coloc);
  push(out.influencers, coloc.influences, coloc);
}

/** A colocation involving a clone: the clone is placed (or followed) as a whole. */
function addCloneColocation(out: ConstraintIndex, index: ResourceIndex, c: ColocationConstraint): void {
  const side = (id: string): string | undefined => (index.clones.has(id) ? id : members(index, id)[0]);
  const dependent = side(c.resource), primary = side(c.with);
  if (dependent === undefined || primary === undefined || c.score === 0) return;
  const coloc: Colocation = { id: c.id, dependent, primary, influences: '', score: c.score };
  const dependentRole = index.clones.get(dependent)?.promotable === true ? instanceRole(c.resourceRole) : undefined;
  const primaryRole = index.clones.get(primary)?.promotable === true ? instanceRole(c.withRole) : undefined;
  if (dependentRole !== undefined) coloc.dependentRole = dependentRole;
  if (primaryRole !== undefined) coloc.primaryRole = primaryRole;
  // What runs with the clone's promoted role, or with any of its instances, pulls the promotion.
  if (index.clones.get(primary)?.promotable === true && primaryRole !== 'unpromoted') push(out.withPromoted, primary, coloc);
  // Colocations of one role choose where instances are promoted (or kept unpromoted); the
  // instances themselves run anywhere.
  if (dependentRole !== undefined) { push(out.promotedWith, dependent, coloc); return; }
  // Preferences of a clone's dependents do not flow back into the clone's placement.
  push(out.asDependent, dependent, coloc);
}

function inverseAction(a: ResourceAction): ResourceAction {
  return a === 'start' ? 'stop' : a === 'stop' ? 'start' : a === 'promote' ? 'demote' : 'promote';
}

function addGroupInternals(out: ConstraintIndex, index: ResourceIndex): void {
  for (const g of index.groups.values()) {
    for (let i = 1; i < g.members.length; i++) {
      const prev = g.members[i - 1]!, next = g.members[i]!;
      const coloc: Colocation = { id: `${g.id}:member-${i}-with-previous`, dependent: next, primary: prev, influences: prev, score: INFINITY };
      push(out.asDependent, next, coloc);
      push(out.influencers, prev, coloc);
      const id = `${g.id}:member-order-${i}`;
      out.orderings.push({ id, first: { resource: prev, action: 'start' }, then: { resource: next, action: 'start' }, kind: 'Mandatory', inverse: false });
      out.orderings.push({ id, first: { resource: next, action: 'stop' }, then: { resource: prev, action: 'stop' }, kind: 'Mandatory', inverse: true });
    }
  }
}

/** Indexes every constraint by the primitives it touches. */
export function indexConstraints(config: ClusterConfig, index: ResourceIndex): ConstraintIndex {
  const out: ConstraintIndex = { locations: new Map(), asDependent: new Map(), influencers: new Map(), promotedWith: new Map(), withPromoted: new Map(), orderings: [] };
  addGroupInternals(out, index);
  for (const c of config.constraints) {
    if (c.kind === 'location') {
      for (const m of members(index, c.resource)) push(out.locations, m, c);
    } else if (c.kind === 'colocation') {
      addColocation(out, index, c);
    } else {
      if (!index.primitives.has(c.first) && !index.groups.has(c.first) && !index.clones.has(c.first)) continue;
      if (!index.primitives.has(c.then) && !index.groups.has(c.then) && !index.clones.has(c.then)) continue;
      const forward: Ordering = { id: c.id, first: { resource: c.first, action: c.firstAction }, then: { resource: c.then, action: c.thenAction }, kind: c.orderKind, inverse: false };
      if (c.oneOrMore !== undefined) forward.oneOrMore = c.oneOrMore;
      out.orderings.push(forward);
      if (c.symmetrical && c.orderKind !== 'Serialize') {
        out.orderings.push({
          id: c.id, first: { resource: c.then, action: inverseAction(c.thenAction) },
          then: { resource: c.first, action: inverseAction(c.firstAction) }, kind: c.orderKind, inverse: true,
        });
      }
    }
  }
  return out;
}
