// What a constraint may name: a resource at any level, a tag (its members) or a template
// (the primitives built from it). Also what value-source="param|meta" rules look up.
import type { Resource } from '../model.ts';
import { problem, requireAttr, type ReadContext } from './context.ts';
import type { ResourceIndex } from './resources.ts';
import { childrenNamed, firstChild, type XmlElement } from './xml.ts';

export interface ReferenceIndex {
  /** Every resource id (top level, group members, clone children). */
  known: Set<string>;
  /** Top-level resource ids in document order, for rsc-pattern. */
  topLevel: string[];
  /** Tag and template ids → the resource ids they stand for. */
  expansions: Map<string, string[]>;
  params: Map<string, Record<string, string>>;
  meta: Map<string, Record<string, string>>;
}

function visit(r: Resource, index: ReferenceIndex): void {
  index.known.add(r.id);
  index.meta.set(r.id, r.meta);
  if (r.kind === 'primitive') index.params.set(r.id, r.params);
  else if (r.kind === 'group') for (const c of r.children) visit(c, index);
  else visit(r.child, index);
}

export function buildReferenceIndex(ctx: ReadContext, resources: Resource[], resourceIndex: ResourceIndex, configuration: XmlElement): ReferenceIndex {
  const index: ReferenceIndex = { known: new Set(), topLevel: resources.map((r) => r.id), expansions: new Map(), params: new Map(), meta: new Map() };
  for (const r of resources) visit(r, index);
  for (const [template, users] of resourceIndex.templateUsers) index.expansions.set(template, users);
  const tags = firstChild(configuration, 'tags');
  for (const tag of tags ? childrenNamed(tags, 'tag') : []) {
    const members = childrenNamed(tag, 'obj_ref').map((o) => requireAttr(ctx, o, 'id'));
    index.expansions.set(requireAttr(ctx, tag, 'id'), members);
  }
  return index;
}

/**
 * The resource ids a reference stands for, or undefined (with a warning) when it names
 * nothing: Pacemaker ignores such a constraint, and so does vigil.
 */
export function resolveReference(ctx: ReadContext, index: ReferenceIndex, ref: string, constraintId: string): string[] | undefined {
  if (index.known.has(ref)) return [ref];
  const members = index.expansions.get(ref);
  if (members) return members.filter((m) => index.known.has(m));
  problem(ctx, `${ctx.file}: constraint '${constraintId}' names '${ref}', which is no resource, tag or template (the constraint is ignored) — fix: correct the reference or delete the constraint`);
  return undefined;
}

/** Whether a reference is a tag or template (expanded into a non-sequential set). */
export function isCollection(index: ReferenceIndex, ref: string): boolean {
  return !index.known.has(ref) && index.expansions.has(ref);
}
