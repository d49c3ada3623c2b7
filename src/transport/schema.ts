// A tiny schema helper for wire messages: each schema checks an unknown value and returns the
// first problem as "path: what", or undefined. Objects are exact: unknown fields are refused.
export interface Schema<T> {
  check(value: unknown, path: string): string | undefined;
  /** Phantom: the type a passing value has. */
  readonly type?: T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function describe(value: unknown): string {
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
        if (!(key in shape)) return `${path}.${key}: unknown field`;
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
