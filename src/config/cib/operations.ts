// <operations><op .../></operations> → OperationConfig[].
import type { OnFail, OperationConfig } from '../model.ts';
import { fail, requireAttr, resolveRef, warn, type ReadContext } from './context.ts';
import { readNvSets } from './nvsets.ts';
import { parseBoolean, parseDurationMs } from './values.ts';
import { childrenNamed, firstChild, type XmlElement } from './xml.ts';

const ON_FAIL: readonly OnFail[] = ['ignore', 'block', 'stop', 'restart', 'standby', 'fence', 'demote'];
/** Attributes with a typed field of their own; everything else goes to `other`. */
const TYPED = new Set(['id', 'name', 'interval', 'timeout', 'on-fail', 'role', 'enabled']);

function durationAttr(ctx: ReadContext, el: XmlElement, name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDurationMs(text);
  if (ms === undefined) fail(ctx, el, `${name}="${text}" is not a duration`, `write it like ${name}="10s" (units: ms, s, min, h; bare numbers are seconds)`);
  return ms;
}

export function readOperation(ctx: ReadContext, opRef: XmlElement): OperationConfig {
  const el = resolveRef(ctx, opRef);
  // The op's own attributes win over its meta_attributes / instance_attributes.
  const fields: Record<string, string> = {
    ...readNvSets(ctx, el, 'instance_attributes', {}),
    ...readNvSets(ctx, el, 'meta_attributes', {}),
    ...el.attrs,
  };
  const name = requireAttr(ctx, el, 'name');
  const op: OperationConfig = {
    name,
    intervalMs: durationAttr(ctx, el, 'interval', fields.interval) ?? 0,
    enabled: true,
    other: {},
  };
  // Pacemaker falls back to the default timeout when it cannot read one; so does vigil.
  const timeoutMs = fields.timeout === undefined ? undefined : parseDurationMs(fields.timeout);
  if (timeoutMs !== undefined) op.timeoutMs = timeoutMs;
  else if (fields.timeout !== undefined) warn(ctx, `${ctx.file}: op '${el.attrs.id ?? name}' has timeout="${fields.timeout}", not a duration; the default applies`);
  const onFail = fields['on-fail'];
  if (onFail !== undefined) {
    if (!(ON_FAIL as readonly string[]).includes(onFail)) fail(ctx, el, `on-fail="${onFail}" is not known`, `use one of ${ON_FAIL.join(', ')}`);
    op.onFail = onFail as OnFail;
  }
  if (fields.role !== undefined) op.role = fields.role;
  if (fields.enabled !== undefined) op.enabled = parseBoolean(fields.enabled) ?? true;
  for (const [k, v] of Object.entries(fields)) if (!TYPED.has(k)) op.other[k] = v;
  return op;
}

export function readOperations(ctx: ReadContext, resourceEl: XmlElement): OperationConfig[] {
  const opsRef = firstChild(resourceEl, 'operations');
  if (!opsRef) return [];
  return childrenNamed(resolveRef(ctx, opsRef), 'op').map((op) => readOperation(ctx, op));
}

/** Template ops first, replaced by the primitive's op of the same name and interval. */
export function mergeOperations(base: OperationConfig[], own: OperationConfig[]): OperationConfig[] {
  const key = (o: OperationConfig) => `${o.name}@${o.intervalMs}`;
  const ownKeys = new Set(own.map(key));
  return [...base.filter((o) => !ownKeys.has(key(o))), ...own];
}
