// rsc_location → one LocationConstraint per resource. rsc-pattern is expanded against the
// top-level resource ids; value-source="param|meta" and %N submatches in rule expressions
// are resolved here, per resource, so the scheduler only ever sees literal values.
import type { LocationConstraint, Rule } from '../model.ts';
import { fail, requireAttr, resolveRef, warn, type ReadContext } from './context.ts';
import { resolveReference, type ReferenceIndex } from './references.ts';
import { readRule, type ValueResolver } from './rules.ts';
import { parseScore } from './values.ts';
import { childrenNamed, type XmlElement } from './xml.ts';

interface Target {
  resource: string;
  /** Regular-expression submatches when the target came from rsc-pattern. */
  submatches: string[];
}

function patternTargets(ctx: ReadContext, index: ReferenceIndex, el: XmlElement, pattern: string): Target[] {
  const invert = pattern.startsWith('!');
  let re: RegExp;
  try {
    re = new RegExp(invert ? pattern.slice(1) : pattern);
  } catch (e) {
    fail(ctx, el, `rsc-pattern="${pattern}" is not a valid regular expression (${(e as Error).message})`, 'correct the pattern');
  }
  const targets: Target[] = [];
  for (const id of index.topLevel) {
    const m = re.exec(id);
    if (invert ? m === null : m !== null) targets.push({ resource: id, submatches: m ? [...m] : [] });
  }
  return targets;
}

function targets(ctx: ReadContext, index: ReferenceIndex, el: XmlElement, id: string): Target[] {
  if (el.attrs['rsc-pattern'] !== undefined) return patternTargets(ctx, index, el, el.attrs['rsc-pattern']);
  if (el.attrs.rsc !== undefined) {
    return (resolveReference(ctx, index, el.attrs.rsc, id) ?? []).map((resource) => ({ resource, submatches: [] }));
  }
  const sets = childrenNamed(el, 'resource_set').map((s) => resolveRef(ctx, s));
  if (sets.length === 0) fail(ctx, el, 'names no resource', 'add rsc="ID", rsc-pattern="REGEX" or a <resource_set>');
  const out: Target[] = [];
  for (const set of sets) {
    for (const r of childrenNamed(set, 'resource_ref')) {
      for (const resource of resolveReference(ctx, index, requireAttr(ctx, r, 'id'), id) ?? []) out.push({ resource, submatches: [] });
    }
  }
  return out;
}

function resolverFor(ctx: ReadContext, index: ReferenceIndex, target: Target): ValueResolver {
  return (expr, value) => {
    if (value === undefined) return value;
    const source = expr.attrs['value-source'] ?? 'literal';
    if (source === 'param') return index.params.get(target.resource)?.[value];
    if (source === 'meta') return index.meta.get(target.resource)?.[value];
    if (source !== 'literal') fail(ctx, expr, `value-source="${source}" is not known`, 'use literal, param or meta');
    return value.replace(/%(\d)/g, (_, n: string) => target.submatches[Number(n)] ?? '');
  };
}

const DISCOVERY = ['always', 'never', 'exclusive'] as const;

function common(ctx: ReadContext, el: XmlElement, base: LocationConstraint): LocationConstraint {
  if (el.attrs.role !== undefined) base.role = el.attrs.role;
  const discovery = el.attrs['resource-discovery'];
  if (discovery !== undefined) {
    if (!(DISCOVERY as readonly string[]).includes(discovery)) fail(ctx, el, `resource-discovery="${discovery}" is not known`, `use one of ${DISCOVERY.join(', ')}`);
    base.resourceDiscovery = discovery as LocationConstraint['resourceDiscovery'];
  }
  return base;
}

export function readLocation(ctx: ReadContext, index: ReferenceIndex, el: XmlElement): LocationConstraint[] {
  const id = requireAttr(ctx, el, 'id');
  const list = targets(ctx, index, el, id);
  const ruleEls = childrenNamed(el, 'rule');
  if (ruleEls.length === 0 && el.attrs.node === undefined) fail(ctx, el, 'has neither node nor rule', 'add node="NAME" score="N", or a <rule>');
  let score: number | undefined;
  if (ruleEls.length === 0) {
    const text = requireAttr(ctx, el, 'score');
    score = parseScore(text);
    if (score === undefined) fail(ctx, el, `score="${text}" is not a score`, 'use an integer or INFINITY/-INFINITY');
  }
  if (list.length === 0) warn(ctx, `${ctx.file}: rsc_location '${id}' matches no resource`);
  return list.map((target) => {
    const c: LocationConstraint = { kind: 'location', id: list.length === 1 ? id : `${id}:${target.resource}`, resource: target.resource };
    if (ruleEls.length > 0) {
      const resolve = resolverFor(ctx, index, target);
      c.rules = ruleEls.map((r): Rule => readRule(ctx, r, resolve));
    } else {
      c.node = el.attrs.node!;
      c.score = score!;
    }
    return common(ctx, el, c);
  });
}
