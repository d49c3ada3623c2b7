// rsc_order and rsc_colocation (plain and set forms) → pairwise model constraints.
// rsc_location lives in location.ts.
import type { ColocationConstraint, Constraint, OrderConstraint, ResourceAction } from '../model.ts';
import { fail, requireAttr, resolveRef, warn, type ReadContext } from './context.ts';
import { readLocation } from './location.ts';
import { isCollection, resolveReference, type ReferenceIndex } from './references.ts';
import { colocationSetPairs, orderSetPairs, type ResourceSet } from './sets.ts';
import { parseBoolean, parseScore } from './values.ts';
import { childrenNamed, describe, type XmlElement } from './xml.ts';

const ACTIONS: readonly ResourceAction[] = ['start', 'stop', 'promote', 'demote'];

function readAction(ctx: ReadContext, el: XmlElement, name: string, fallback: ResourceAction): ResourceAction {
  const value = el.attrs[name];
  if (value === undefined) return fallback;
  if (!(ACTIONS as readonly string[]).includes(value)) fail(ctx, el, `${name}="${value}" is not an action`, `use one of ${ACTIONS.join(', ')}`);
  return value as ResourceAction;
}

function readScoreAttr(ctx: ReadContext, el: XmlElement, name: string): number | undefined {
  const text = el.attrs[name];
  if (text === undefined) return undefined;
  const score = parseScore(text);
  if (score === undefined) fail(ctx, el, `${name}="${text}" is not a score`, 'use an integer or INFINITY/-INFINITY');
  return score;
}

/** The <resource_set> children of a constraint, references expanded; undefined if one names nothing. */
function readSets(ctx: ReadContext, index: ReferenceIndex, el: XmlElement, constraintId: string): ResourceSet[] | undefined {
  const sets: ResourceSet[] = [];
  for (const ref of childrenNamed(el, 'resource_set')) {
    const setEl = resolveRef(ctx, ref);
    const members: string[] = [];
    for (const r of childrenNamed(setEl, 'resource_ref')) {
      const ids = resolveReference(ctx, index, requireAttr(ctx, r, 'id'), constraintId);
      if (!ids) return undefined;
      members.push(...ids);
    }
    const set: ResourceSet = {
      id: setEl.attrs.id ?? `${constraintId}-set`,
      members,
      sequential: parseBoolean(setEl.attrs.sequential ?? 'true') ?? true,
      requireAll: parseBoolean(setEl.attrs['require-all'] ?? 'true') ?? true,
    };
    if (setEl.attrs.action !== undefined) set.action = readAction(ctx, setEl, 'action', 'start');
    if (setEl.attrs.role !== undefined) set.role = setEl.attrs.role;
    const score = readScoreAttr(ctx, setEl, 'score');
    if (score !== undefined) set.score = score;
    sets.push(set);
  }
  return sets;
}

/** A plain (non-set) reference as a set: tags and templates become non-sequential sets. */
function referenceSet(ctx: ReadContext, index: ReferenceIndex, el: XmlElement, attr: string, id: string): ResourceSet | undefined {
  const ref = requireAttr(ctx, el, attr);
  const members = resolveReference(ctx, index, ref, id);
  if (!members) return undefined;
  return { id: `${id}-${attr}`, members, sequential: !isCollection(index, ref), requireAll: true };
}

function readOrderKind(ctx: ReadContext, el: XmlElement): OrderConstraint['orderKind'] {
  const kind = el.attrs.kind;
  if (kind !== undefined) {
    if (kind === 'Mandatory' || kind === 'Optional' || kind === 'Serialize') return kind;
    // Pacemaker resets an unknown kind to Mandatory; vigil does the same, loudly.
    warn(ctx, `${ctx.file}: rsc_order '${el.attrs.id}' has kind="${kind}", which is not Mandatory, Optional or Serialize; read as Mandatory`);
    return 'Mandatory';
  }
  // Pacemaker's legacy form: a zero score is optional, any other score mandatory.
  const score = readScoreAttr(ctx, el, 'score');
  return score === 0 ? 'Optional' : 'Mandatory';
}

export function readOrder(ctx: ReadContext, index: ReferenceIndex, el: XmlElement): OrderConstraint[] {
  const id = requireAttr(ctx, el, 'id');
  const orderKind = readOrderKind(ctx, el);
  const symmetrical = parseBoolean(el.attrs.symmetrical ?? '') ?? orderKind !== 'Serialize';
  let sets: ResourceSet[] | undefined;
  if (childrenNamed(el, 'resource_set').length > 0) {
    sets = readSets(ctx, index, el, id);
  } else {
    const first = referenceSet(ctx, index, el, 'first', id);
    const then = referenceSet(ctx, index, el, 'then', id);
    const firstAction = readAction(ctx, el, 'first-action', 'start');
    if (first) first.action = firstAction;
    if (then) then.action = readAction(ctx, el, 'then-action', firstAction);
    sets = first && then ? [first, then] : undefined;
  }
  if (!sets) return [];
  // require-all=false on a plain order: its first (a clone) needs only one instance.
  const plainAny = parseBoolean(el.attrs['require-all'] ?? 'true') === false;
  const pairs = orderSetPairs(sets);
  return pairs.map((p) => {
    const order: OrderConstraint = {
      kind: 'order',
      id: pairs.length === 1 ? id : `${id}:${p.first}:${p.then}`,
      first: p.first,
      then: p.then,
      firstAction: (p.firstSet.action ?? 'start') as ResourceAction,
      thenAction: (p.thenSet.action ?? 'start') as ResourceAction,
      orderKind,
      symmetrical,
    };
    // Between sets, a require-all=false first set is satisfied by any one of its members.
    if (p.firstSet !== p.thenSet && !p.firstSet.requireAll) order.oneOrMore = p.firstSet.id;
    else if (plainAny && p.firstSet !== p.thenSet) order.oneOrMore = id;
    return order;
  });
}

export function readColocation(ctx: ReadContext, index: ReferenceIndex, el: XmlElement): ColocationConstraint[] {
  const id = requireAttr(ctx, el, 'id');
  const score = readScoreAttr(ctx, el, 'score');
  if (score === undefined) {
    // Pacemaker reads a missing score as 0, and a colocation of 0 binds nothing.
    warn(ctx, `${ctx.file}: rsc_colocation '${id}' has no score, which Pacemaker reads as 0: it colocates nothing and is ignored — add score="INFINITY" (or a number) to make it count`);
    return [];
  }
  if (el.attrs['node-attribute'] !== undefined) {
    warn(ctx, `${ctx.file}: rsc_colocation '${id}' uses node-attribute, which vigil's model does not hold; colocated by node`);
  }
  let sets: ResourceSet[] | undefined;
  if (childrenNamed(el, 'resource_set').length > 0) {
    sets = readSets(ctx, index, el, id);
  } else {
    const dependent = referenceSet(ctx, index, el, 'rsc', id);
    const primary = referenceSet(ctx, index, el, 'with-rsc', id);
    if (dependent && el.attrs['rsc-role'] !== undefined) dependent.role = el.attrs['rsc-role'];
    if (primary && el.attrs['with-rsc-role'] !== undefined) primary.role = el.attrs['with-rsc-role'];
    sets = dependent && primary ? [dependent, primary] : undefined;
  }
  if (!sets) return [];
  const pairs = colocationSetPairs(sets, score);
  return pairs.map((p) => {
    const c: ColocationConstraint = {
      kind: 'colocation',
      id: pairs.length === 1 ? id : `${id}:${p.dependent}:${p.with}`,
      resource: p.dependent,
      with: p.with,
      score: p.score ?? score,
    };
    if (p.dependentSet.role !== undefined) c.resourceRole = p.dependentSet.role;
    if (p.withSet.role !== undefined) c.withRole = p.withSet.role;
    return c;
  });
}

export function readConstraints(ctx: ReadContext, index: ReferenceIndex, constraintsEl: XmlElement | undefined): Constraint[] {
  const out: Constraint[] = [];
  for (const ref of constraintsEl?.children ?? []) {
    const el = resolveRef(ctx, ref);
    if (el.name === 'rsc_order') out.push(...readOrder(ctx, index, el));
    else if (el.name === 'rsc_colocation') out.push(...readColocation(ctx, index, el));
    else if (el.name === 'rsc_location') out.push(...readLocation(ctx, index, el));
    else if (el.name !== 'rsc_ticket') warn(ctx, `${ctx.file}: ${describe(el)} is not supported; ignored`); // tickets: see checks.ts
  }
  return out;
}
