// rsc_defaults and op_defaults. Unconditional sets become the document's defaults. Sets
// with rsc_expression / op_expression rules cannot be held by the model as rules, so they
// are evaluated here against each primitive and operation, and what applies is folded into
// that primitive's meta / that operation's fields (its own values still win).
import type { OperationConfig, Primitive, Resource } from '../model.ts';
import { warn, type ReadContext } from './context.ts';
import { hasRules, readNvSets } from './nvsets.ts';
import { parseDurationMs } from './values.ts';
import { firstChild, type XmlElement } from './xml.ts';

export interface Defaults {
  resourceDefaults: Record<string, string>;
  operationDefaults: Record<string, string>;
}

export function readDefaults(ctx: ReadContext, configuration: XmlElement): Defaults {
  return {
    resourceDefaults: readNvSets(ctx, firstChild(configuration, 'rsc_defaults'), 'meta_attributes', {}),
    operationDefaults: readNvSets(ctx, firstChild(configuration, 'op_defaults'), 'meta_attributes', {}),
  };
}

function primitives(resources: Resource[]): Primitive[] {
  const out: Primitive[] = [];
  for (const r of resources) {
    if (r.kind === 'primitive') out.push(r);
    else if (r.kind === 'group') out.push(...r.children);
    else if (r.child.kind === 'primitive') out.push(r.child);
    else out.push(...r.child.children);
  }
  return out;
}

function foldOperation(op: OperationConfig, applied: Record<string, string>, unconditional: Record<string, string>): void {
  for (const [k, v] of Object.entries(applied)) {
    if (unconditional[k] === v) continue;
    if (k === 'timeout') {
      const ms = parseDurationMs(v);
      if (op.timeoutMs === undefined && ms !== undefined) op.timeoutMs = ms;
    } else if (!(k in op.other)) {
      op.other[k] = v;
    }
  }
}

/** Folds rule-conditional defaults into the primitives and operations they apply to. */
export function foldConditionalDefaults(ctx: ReadContext, configuration: XmlElement, resources: Resource[], defaults: Defaults): void {
  const rscDefaults = firstChild(configuration, 'rsc_defaults');
  const opDefaults = firstChild(configuration, 'op_defaults');
  const rscRules = rscDefaults !== undefined && hasRules(ctx, rscDefaults, 'meta_attributes');
  const opRules = opDefaults !== undefined && hasRules(ctx, opDefaults, 'meta_attributes');
  if (!rscRules && !opRules) return;
  for (const p of primitives(resources)) {
    const resource = { class: p.class, provider: p.provider, type: p.type };
    if (rscRules) {
      const applied = readNvSets(ctx, rscDefaults, 'meta_attributes', { resource });
      for (const [k, v] of Object.entries(applied)) {
        if (defaults.resourceDefaults[k] !== v && !(k in p.meta)) p.meta[k] = v;
      }
    }
    if (opRules) {
      for (const op of p.operations) {
        const applied = readNvSets(ctx, opDefaults, 'meta_attributes', { resource, operation: { name: op.name, intervalMs: op.intervalMs } });
        foldOperation(op, applied, defaults.operationDefaults);
      }
    }
  }
  if (opRules) warn(ctx, `${ctx.file}: rule-conditional op_defaults were applied to configured operations only`);
}
