// Whole-configuration checks of a CIB that no section reader can make alone: an id used twice
// (refused, as YAML validation refuses it), and elements vigil does not model, each warned about
// with what vigil does instead (nothing is dropped without a word).
import { problem, warn, type ReadContext } from './context.ts';
import { describe, type XmlElement } from './xml.ts';

/** Elements whose ids must be unique (Pacemaker's schema makes every id unique). */
function walk(root: XmlElement, visit: (el: XmlElement) => void): void {
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    visit(el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
}

export function checkDuplicateIds(ctx: ReadContext, configuration: XmlElement): void {
  const first = new Map<string, XmlElement>();
  walk(configuration, (el) => {
    const id = el.attrs.id;
    if (id === undefined || el.attrs['id-ref'] !== undefined) return;
    const before = first.get(id);
    if (before === undefined) { first.set(id, el); return; }
    problem(ctx, `${ctx.file}: id '${id}' is used by ${describe(before)} and again by ${describe(el)} — fix: give each element its own id`);
  });
}

/** Elements read nowhere, by name: what vigil does instead. */
const UNMODELLED: ReadonlyMap<string, string> = new Map([
  ['utilization', 'vigil does not place by capacity; its values are ignored'],
  ['bundle', 'vigil does not run container bundles; the bundle and what it holds are not managed'],
  ['rsc_ticket', 'vigil has no tickets (multi-site); the constraint is ignored, so the resource runs whether or not the ticket is granted'],
]);

export function warnUnmodelled(ctx: ReadContext, configuration: XmlElement): void {
  walk(configuration, (el) => {
    const instead = UNMODELLED.get(el.name);
    if (instead !== undefined) warn(ctx, `${ctx.file}: ${describe(el)} is not modelled: ${instead}`);
    if (el.name === 'clone' || el.name === 'master') {
      const promotable = el.name === 'master' || el.children.some((c) => c.name === 'meta_attributes'
        && c.children.some((nv) => nv.attrs.name === 'promotable' && ['true', 'yes', 'on', '1'].includes((nv.attrs.value ?? '').toLowerCase())));
      if (promotable) warn(ctx, `${ctx.file}: ${describe(el)} is promotable: vigil simulate plans its roles, but vigil's runtime cannot run roles yet, so validate and config apply refuse it`);
    }
  });
}
