// nvpair sets (instance_attributes, meta_attributes, cluster_property_set, utilization):
// merged the way Pacemaker merges them. Sets are taken in order of their score (highest
// first, document order among equals); within that order the first set to name a key wins.
// A set whose rule is false is skipped; a set whose rule needs something the caller cannot
// supply (a node, a resource, an operation) is skipped too, and reported through `onUnknown`.
import { parseScore } from './values.ts';
import { resolveRef, warn, type ReadContext } from './context.ts';
import { evaluateRuleElement, type RuleEnv } from './rules.ts';
import { childrenNamed, type XmlElement } from './xml.ts';

export interface NvSetOptions {
  /** A set with this id goes first whatever its score (crm_config's cib-bootstrap-options). */
  firstSetId?: string;
  /** Called with the set's id when its rule cannot be evaluated in env. */
  onUnknown?: (setId: string) => void;
}

interface RankedSet {
  el: XmlElement;
  score: number;
  first: boolean;
}

function rankSets(ctx: ReadContext, parent: XmlElement, setName: string, opts: NvSetOptions): XmlElement[] {
  const sets: RankedSet[] = childrenNamed(parent, setName).map((ref) => {
    const el = resolveRef(ctx, ref);
    const score = el.attrs.score === undefined ? 0 : parseScore(el.attrs.score) ?? 0;
    return { el, score, first: opts.firstSetId !== undefined && el.attrs.id === opts.firstSetId };
  });
  // A stable sort keeps document order among sets of equal rank.
  return sets.sort((a, b) => Number(b.first) - Number(a.first) || b.score - a.score).map((s) => s.el);
}

function nvpairNameValue(ctx: ReadContext, nv: XmlElement): [string | undefined, string | undefined] {
  const target = nv.attrs['id-ref'] !== undefined ? resolveRef(ctx, nv) : nv;
  // A referencing nvpair may rename the referenced value; its own attributes win.
  return [nv.attrs.name ?? target.attrs.name, nv.attrs.value ?? target.attrs.value];
}

/** Whether a set applies in env: true, false, or undefined (cannot tell). */
export function setApplies(ctx: ReadContext, set: XmlElement, env: RuleEnv): boolean | undefined {
  const rules = childrenNamed(set, 'rule');
  let result: boolean | undefined = true;
  for (const rule of rules) {
    const r = evaluateRuleElement(ctx, rule, env);
    if (r === false) return false;
    if (r === undefined) result = undefined;
  }
  return result;
}

export function hasRules(ctx: ReadContext, parent: XmlElement, setName: string): boolean {
  return childrenNamed(parent, setName).some((ref) => childrenNamed(resolveRef(ctx, ref), 'rule').length > 0);
}

/** Merged name → value of every applicable `setName` child of parent. */
export function readNvSets(ctx: ReadContext, parent: XmlElement | undefined, setName: string, env: RuleEnv, opts: NvSetOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  if (!parent) return out;
  for (const set of rankSets(ctx, parent, setName, opts)) {
    const applies = setApplies(ctx, set, env);
    if (applies === undefined) opts.onUnknown?.(set.attrs.id ?? setName);
    if (applies !== true) continue;
    for (const nv of childrenNamed(set, 'nvpair')) {
      const [name, value] = nvpairNameValue(ctx, nv);
      if (name === undefined) {
        warn(ctx, `${ctx.file}: an nvpair in set '${set.attrs.id ?? setName}' has no name; ignored`);
        continue;
      }
      if (!(name in out) && value !== undefined) out[name] = value;
    }
  }
  return out;
}
