// Keeps secrets out of what the Stately inspector sees: contexts, events and actor inputs carry
// the config (fence devices' passwords among the params) and agent operations. Every string under a key
// that names a secret (fence-redact.ts decides which) is replaced. Pure; returns a copy.
import { isSecretParam, REDACTED } from '../agents/fence-redact.ts';

/** Nesting followed at most; deeper values are cut (the inspector's own depth limit is 10). */
const REDACT_DEPTH_MAX = 32;

export function redactDeep(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= REDACT_DEPTH_MAX) return '[too deep]';
  if (value instanceof Error) return { name: value.name, message: value.message };
  // Actor references and snapshots say how they want to be serialized.
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return redactDeep(json.call(value), depth + 1);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = typeof v === 'string' && v !== '' && isSecretParam(key) ? REDACTED : redactDeep(v, depth + 1);
  }
  return out;
}
