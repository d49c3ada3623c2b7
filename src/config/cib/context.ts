// What every part of the CIB reader shares: the file name for errors, the id index for
// id-ref, the warnings collected so far and the time rules are evaluated at.
import { CibError } from './errors.ts';
import { describe, type XmlElement } from './xml.ts';

export interface ReadContext {
  file: string;
  /** Elements of the configuration section by id (id-ref targets). */
  ids: Map<string, XmlElement>;
  warnings: string[];
  /** What makes the CIB unsafe to run (duplicate ids, references to nothing): validate refuses it;
   *  the reader still returns what it could read, so simulate and import can show the rest. */
  problems: string[];
  /** Seconds since the epoch; date rules read at import time are evaluated at this instant. */
  nowSeconds: number;
  /** False when nowSeconds is the wall clock (no execution-date and no caller-supplied time). */
  nowPinned: boolean;
}

export function warn(ctx: ReadContext, message: string): void {
  if (!ctx.warnings.includes(message)) ctx.warnings.push(message);
}

export function problem(ctx: ReadContext, message: string): void {
  if (!ctx.problems.includes(message)) ctx.problems.push(message);
}

export function fail(ctx: ReadContext, el: XmlElement, problem: string, fix: string): never {
  throw new CibError(ctx.file, describe(el), problem, fix);
}

/** The attribute's value, or a CibError naming the element, the attribute and the fix. */
export function requireAttr(ctx: ReadContext, el: XmlElement, name: string): string {
  const value = el.attrs[name];
  if (value === undefined || value === '') {
    fail(ctx, el, `missing required attribute '${name}'`, `add ${name}="..." to the element`);
  }
  return value;
}

/** Follows an id-ref to the element it names (the element itself when it has no id-ref). */
export function resolveRef(ctx: ReadContext, el: XmlElement): XmlElement {
  const ref = el.attrs['id-ref'];
  if (ref === undefined) return el;
  const target = ctx.ids.get(ref);
  if (!target) fail(ctx, el, `id-ref="${ref}" names no element`, `define an element with id="${ref}" or correct the reference`);
  if (target.name !== el.name) {
    fail(ctx, el, `id-ref="${ref}" names a <${target.name}>, not a <${el.name}>`, 'point the id-ref at an element of the same kind');
  }
  return target;
}
