// Keeps fence-device secrets (passwords, keys, SNMP communities, tokens) out of every text
// vigil writes: results, reasons, logs. Secrets reach an agent only on its stdin, never on a
// command line; this file makes sure an agent that echoes one does not leak it. Pure.

export const REDACTED = '[redacted]';

/** Name segments (split on _ and -) that mark a parameter as secret. */
const SECRET_SEGMENTS = new Set([
  'passwd', 'password', 'pass', 'pw', 'secret', 'key', 'token', 'community', 'kg', 'credential', 'credentials',
]);
/** Substrings that mark a parameter as secret wherever they occur in its name. */
const SECRET_SUBSTRINGS = ['passw', 'secret', 'token', 'apikey', 'identity_file', 'community', 'privkey'];

/**
 * Values shorter than this are redacted only where they follow their parameter's name: replacing
 * every "ab" in an agent's output would make the output unreadable without protecting much.
 */
export const REDACT_ANYWHERE_MIN_CHARS = 4;

/** Whether a parameter holds a secret: passwd, password, *_passwd, passwd_script, secret, key, identity_file, community, token, ... */
export function isSecretParam(name: string): boolean {
  const lower = name.toLowerCase().replace(/-/g, '_');
  if (SECRET_SUBSTRINGS.some((s) => lower.includes(s))) return true;
  return lower.split('_').some((segment) => SECRET_SEGMENTS.has(segment));
}

/** The values of the secret parameters, longest first (so a value containing another goes first). */
export function secretValues(params: Record<string, string>): string[] {
  const values = Object.entries(params)
    .filter(([name, value]) => isSecretParam(name) && value !== '')
    .map(([, value]) => value);
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces the secret values of `params` in `text` with [redacted]: everywhere when they are at
 * least REDACT_ANYWHERE_MIN_CHARS long, and after `name=` / `name:` for any length.
 */
export function redactSecrets(text: string, params: Record<string, string>): string {
  let out = text;
  for (const value of secretValues(params)) {
    if (value.length >= REDACT_ANYWHERE_MIN_CHARS) out = out.split(value).join(REDACTED);
  }
  for (const name of Object.keys(params)) {
    if (!isSecretParam(name)) continue;
    // `name=value`, `name: value`, `--name=value`, `name="value"`; the value runs to a quote or space.
    const pattern = new RegExp(`(${escapeRegExp(name)}\\s*[=:]\\s*["']?)([^\\s"']+)`, 'gi');
    out = out.replace(pattern, (_m, head: string) => `${head}${REDACTED}`);
  }
  return out;
}

/** The parameters with every secret value replaced, for logs and messages. */
export function redactParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, isSecretParam(name) ? REDACTED : value]));
}
