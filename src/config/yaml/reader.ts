// Walking a parsed YAML document while keeping positions: every value is read together with
// its path in the document (`resources[2].operations[0].interval`) and its source node, so a
// problem can name the file, line, column, field and fix. Problems are collected, never thrown.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Scalar } from 'yaml';
import type { Problem } from '../errors.ts';
import { suggestKey } from './suggest.ts';

export interface Reader {
  file: string;
  lines: LineCounter;
  doc: Document;
  problems: Problem[];
  /** Where each model object (resource, constraint, node, fencing level) was read from. */
  origins: WeakMap<object, Field>;
}

/** A value in the document, with where it came from. `node` is null for an empty value (`key:`). */
export interface Field {
  node: Node | null;
  path: string;
  /** The key's name, or the list index, that led here (used in fix texts). */
  name: string;
  /** The key's node, for problems about the key itself. */
  key?: Node;
}

export type Fields = Map<string, Field>;

const SIMPLE_KEY = /^[A-Za-z0-9_:#@-]+$/;

export function childPath(parent: string, key: string): string {
  const part = SIMPLE_KEY.test(key) ? key : JSON.stringify(key);
  return parent === '' ? part : `${parent}.${part}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Report a problem at a node (or at the start of the file when there is none). */
export function report(r: Reader, node: Node | null | undefined, path: string, message: string, fix: string): void {
  const offset = node?.range?.[0];
  if (offset === undefined) {
    r.problems.push({ file: r.file, path, message, fix });
    return;
  }
  const pos = r.lines.linePos(offset);
  r.problems.push({ file: r.file, line: pos.line, column: pos.col, path, message, fix });
}

/** Follow `*alias` references to the node they name. */
export function resolve(r: Reader, node: Node | null | undefined): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return (node.resolve(r.doc) as Node | undefined) ?? null;
  return node;
}

/** How a found value reads in a message: `"ten"`, `5`, `a mapping`, `a list`, `nothing`. */
export function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null || node.value === undefined) return 'nothing';
    if (typeof node.value === 'string') return JSON.stringify(node.value);
    return String(node.value);
  }
  return 'an alias';
}

/** A field's scalar value (string, number, boolean or null), or undefined if it is not a scalar. */
export function scalarOf(field: Field): Scalar['value'] | undefined {
  if (field.node === null) return null;
  return isScalar(field.node) ? field.node.value : undefined;
}

export interface MapSpec {
  /** Keys this mapping accepts. */
  keys: readonly string[];
  /** Keys that must be present. */
  required?: readonly string[];
  /** Old or Pacemaker spellings: alias → the key it stands for. */
  aliases?: Readonly<Record<string, string>>;
  /** What to write when a required key is missing, by key (e.g. `agent: ocf:heartbeat:Dummy`). */
  examples?: Readonly<Record<string, string>>;
}

/**
 * Read a mapping with a fixed set of keys: unknown keys are reported with a did-you-mean,
 * duplicates and missing required keys are reported. Returns the known fields, or undefined
 * when the value is not a mapping at all.
 */
export function readMap(r: Reader, field: Field, spec: MapSpec, what: string): Fields | undefined {
  const node = resolve(r, field.node);
  if (!isMap(node)) {
    report(r, node ?? field.node, field.path, `expected ${what} (a mapping), found ${describe(node)}`,
      `write ${what} as key: value lines${spec.required?.[0] ? `, starting with ${spec.required[0]}:` : ''}`);
    return undefined;
  }
  const fields: Fields = new Map();
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    if (key === undefined) {
      report(r, keyNode, field.path, `expected a plain key, found ${describe(keyNode)}`, 'use a plain word as the key');
      continue;
    }
    const name = spec.aliases?.[key] ?? key;
    const path = childPath(field.path, key);
    if (!spec.keys.includes(name)) {
      reportUnknownKey(r, keyNode, path, key, spec.keys, Object.keys(spec.aliases ?? {}));
      continue;
    }
    if (fields.has(name)) {
      report(r, keyNode, path, `"${key}" is given twice`, `keep one ${name}: line`);
      continue;
    }
    fields.set(name, { node: resolve(r, pair.value as Node | null), path, name, key: keyNode ?? undefined });
  }
  for (const key of spec.required ?? []) {
    if (!fields.has(key)) {
      const example = spec.examples?.[key] ?? `${key}: …`;
      report(r, node, field.path, `${what} is missing "${key}"`, `add ${example}`);
    }
  }
  return fields;
}

const LISTED_KEYS_MAX = 12;

export function reportUnknownKey(
  r: Reader, keyNode: Node | null, path: string, key: string, known: readonly string[], aliases: readonly string[] = [],
): void {
  const guess = suggestKey(key, [...known, ...aliases]);
  if (guess !== undefined) {
    report(r, keyNode, path, `unknown key "${key}"; did you mean "${guess}"?`, `rename it to ${guess}`);
    return;
  }
  const listed = known.length > LISTED_KEYS_MAX ? `${known.slice(0, LISTED_KEYS_MAX).join(', ')}, …` : known.join(', ');
  report(r, keyNode, path, `unknown key "${key}"`, `remove it; the keys allowed here are ${listed}`);
}

/** The entries of a free-form mapping (params, attributes, status maps): key → field. */
export function readEntries(r: Reader, field: Field, what: string, fix: string): Array<[string, Field]> | undefined {
  const node = resolve(r, field.node);
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (!isMap(node)) {
    report(r, node, field.path, `expected ${what} (a mapping), found ${describe(node)}`, fix);
    return undefined;
  }
  const entries: Array<[string, Field]> = [];
  const seen = new Set<string>();
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    if (key === undefined || key === '' || key === 'null') {
      report(r, keyNode, field.path, `expected a plain key, found ${describe(keyNode)}`, 'use a plain word as the key');
      continue;
    }
    const path = childPath(field.path, key);
    if (seen.has(key)) {
      report(r, keyNode, path, `"${key}" is given twice`, `keep one ${key}: line`);
      continue;
    }
    seen.add(key);
    entries.push([key, { node: resolve(r, pair.value as Node | null), path, name: key, key: keyNode ?? undefined }]);
  }
  return entries;
}

/** The items of a list; an empty value counts as an empty list. */
export function readList(r: Reader, field: Field, what: string, fix: string): Field[] | undefined {
  const node = resolve(r, field.node);
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) {
    report(r, node, field.path, `expected ${what} (a list), found ${describe(node)}`, fix);
    return undefined;
  }
  return node.items.map((item, index) => ({
    node: resolve(r, item as Node | null),
    path: indexPath(field.path, index),
    name: String(index),
  }));
}

/** Remember where a model object came from, for later cross-reference problems. */
export function remember<T extends object>(r: Reader, value: T, field: Field): T {
  r.origins.set(value, field);
  return value;
}

/** The field under `key` of the mapping a model object was read from (or the object's own field). */
export function originOf(r: Reader, value: object, key?: string): Field | undefined {
  const origin = r.origins.get(value);
  if (origin === undefined || key === undefined || !isMap(origin.node)) return origin;
  for (const pair of origin.node.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) {
      return { node: resolve(r, pair.value as Node | null), path: childPath(origin.path, key), name: key, key: pair.key };
    }
  }
  return origin;
}
