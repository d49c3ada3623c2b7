// A tiny schema helper for wire messages: each schema checks an unknown value and returns the
// first problem as "path: what", or undefined. Objects are exact: unknown fields are refused.
export interface Schema<T> {
  check(value: unknown, path: string): string | undefined;
  /** Phantom: the type a passing value has. */
  readonly type?: T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function string(opts: { minLength?: number; maxLength: number; pattern?: RegExp }): Schema<string> {
  return {
    check(value, path) {
      if (typeof value !== 'string') return `${path}: expected a string, got ${describe(value)}`;
      if (value.length < (opts.minLength ?? 0)) return `${path}: shorter than ${opts.minLength ?? 0} characters`;
      if (value.length > opts.maxLength) return `${path}: longer than ${opts.maxLength} characters`;
      if (opts.pattern && !opts.pattern.test(value)) return `${path}: does not match ${String(opts.pattern)}`;
      return undefined;
    },
  };
}

export function integer(opts: { min: number; max: number }): Schema<number> {
  return {
    check(value, path) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return `${path}: expected an integer, got ${describe(value)}`;
      if (value < opts.min || value > opts.max) return `${path}: ${value} is outside ${opts.min}..${opts.max}`;
      return undefined;
    },
  };
}

export function boolean(): Schema<boolean> {
  return { check: (value, path) => (typeof value === 'boolean' ? undefined : `${path}: expected a boolean, got ${describe(value)}`) };
}

export function literal<T extends string | number>(expected: T): Schema<T> {
  return { check: (value, path) => (value === expected ? undefined : `${path}: expected ${JSON.stringify(expected)}`) };
}

export function array<T>(item: Schema<T>, opts: { maxItems: number }): Schema<T[]> {
  return {
    check(value, path) {
      if (!Array.isArray(value)) return `${path}: expected an array, got ${describe(value)}`;
      if (value.length > opts.maxItems) return `${path}: more than ${opts.maxItems} items`;
      for (const [index, element] of value.entries()) {
        const problem = item.check(element, `${path}[${index}]`);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type ObjectOf<S extends Shape, O extends keyof S> = { [K in Exclude<keyof S, O>]: Infer<S[K]> } & { [K in O]?: Infer<S[K]> };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An exact object; keys listed in `optional` may be absent (but not undefined-valued in JSON). */
export function object<S extends Shape, O extends keyof S = never>(shape: S, optional: readonly O[] = []): Schema<ObjectOf<S, O>> {
  const optionalKeys = new Set<keyof S>(optional);
  return {
    check(value, path) {
      if (!isPlainObject(value)) return `${path}: expected an object, got ${describe(value)}`;
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(shape, key)) return `${path}.${key}: unknown field`;
      }
      for (const [key, schema] of Object.entries(shape)) {
        if (!(key in value) || value[key] === undefined) {
          if (optionalKeys.has(key)) continue;
          return `${path}.${key}: missing`;
        }
        const problem = schema.check(value[key], `${path}.${key}`);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

// --- richer schemas: enumerations, nullables, bounded records, tagged unions, plain JSON ------

/** Deepest nesting accepted in a JSON value (the replicated document and view). */
export const JSON_DEPTH_MAX = 32;
/** One of a fixed set of strings. */
export function oneOf<T extends string>(values: readonly T[]): Schema<T> {
  const allowed = new Set<string>(values);
  return {
    check: (value, path) => (typeof value === 'string' && allowed.has(value) ? undefined : `${path}: expected one of ${values.join(', ')}, got ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}`),
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return { check: (value, path) => (value === null ? undefined : inner.check(value, path)) };
}

/** A finite number (not NaN or Infinity) within bounds. */
export function finite(opts: { min: number; max: number }): Schema<number> {
  return {
    check(value, path) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${path}: expected a finite number, got ${describe(value)}`;
      if (value < opts.min || value > opts.max) return `${path}: ${value} is outside ${opts.min}..${opts.max}`;
      return undefined;
    },
  };
}

/** A plain object of string values with bounded keys, values and size. */
export function stringRecord(opts: { maxEntries: number; keyLengthMax: number; valueLengthMax: number }): Schema<Record<string, string>> {
  return {
    check(value, path) {
      if (!isPlainObject(value)) return `${path}: expected an object, got ${describe(value)}`;
      const entries = Object.entries(value);
      if (entries.length > opts.maxEntries) return `${path}: more than ${opts.maxEntries} entries`;
      for (const [key, item] of entries) {
        if (key.length === 0 || key.length > opts.keyLengthMax) return `${path}: key ${JSON.stringify(key.slice(0, 40))} must have 1..${opts.keyLengthMax} characters`;
        if (typeof item !== 'string') return `${path}.${key}: expected a string, got ${describe(item)}`;
        if (item.length > opts.valueLengthMax) return `${path}.${key}: longer than ${opts.valueLengthMax} characters`;
      }
      return undefined;
    },
  };
}

/** Objects discriminated by a string field: the field picks the schema that checks the whole value. */
export function tagged(field: string, variants: Record<string, Schema<unknown>>): Schema<unknown> {
  const names = Object.keys(variants);
  return {
    check(value, path) {
      if (!isPlainObject(value)) return `${path}: expected an object, got ${describe(value)}`;
      const tag = value[field];
      const variant = typeof tag === 'string' && Object.hasOwn(variants, tag) ? variants[tag] : undefined;
      if (variant === undefined) return `${path}.${field}: expected one of ${names.join(', ')}, got ${typeof tag === 'string' ? JSON.stringify(tag) : describe(tag)}`;
      return variant.check(value, path);
    },
  };
}

function jsonProblem(value: unknown, path: string, depth: number): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path}: ${value} is not a JSON number`;
  if (depth >= JSON_DEPTH_MAX) return `${path}: nested deeper than ${JSON_DEPTH_MAX} levels`;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      // JSON turns undefined in an array into null: a change of meaning, so refused.
      const problem = item === undefined ? `${path}[${index}]: undefined is not JSON` : jsonProblem(item, `${path}[${index}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value !== 'object') return `${path}: ${describe(value)} is not JSON`;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `${path}: a ${value.constructor?.name ?? 'class instance'} is not a plain JSON object`;
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue; // an absent optional field: JSON leaves it out
    const problem = jsonProblem(item, `${path}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** A plain JSON object (objects, arrays, strings, finite numbers, booleans, null), nested at most JSON_DEPTH_MAX deep. */
export function jsonObject(): Schema<Record<string, unknown>> {
  return {
    check: (value, path) => (isPlainObject(value) ? jsonProblem(value, path, 0) : `${path}: expected an object, got ${describe(value)}`),
  };
}

/** A schema defined later (recursive shapes such as rules within rules). */
export function lazy<T>(get: () => Schema<T>): Schema<T> {
  return { check: (value, path) => get().check(value, path) };
}

/**
 * Like `object`, but fields it does not know are allowed when they are plain JSON: for documents
 * that newer versions extend (the replicated config and status), where every field this version
 * reads is checked and the rest is carried along.
 */
export function openObject<S extends Shape, O extends keyof S = never>(shape: S, optional: readonly O[] = []): Schema<ObjectOf<S, O>> {
  const known = object(shape, optional);
  return {
    check(value, path) {
      if (!isPlainObject(value)) return `${path}: expected an object, got ${describe(value)}`;
      const picked: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (Object.hasOwn(shape, key)) picked[key] = item;
        else {
          const problem = jsonProblem(item, `${path}.${key}`, 1);
          if (problem) return problem;
        }
      }
      return known.check(picked, path);
    },
  };
}
