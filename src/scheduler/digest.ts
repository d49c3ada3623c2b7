// Operation digests: Pacemaker records, with each op, the MD5 of the parameters it ran with.
// When today's definition hashes differently, the definition changed since the resource
// started: it must be restarted (or reloaded when only reloadable parameters changed).
import type { OperationRecord, Primitive } from '../config/model.ts';
import { md5Hex } from './md5.ts';

export type DigestChange = 'same' | 'restart' | 'reload';

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** The text Pacemaker hashes: ` <parameters a="1" b="2"/>` and a newline, names sorted. */
export function digestText(params: Record<string, string>): string {
  const names = Object.keys(params).sort();
  if (names.length === 0) return ' <parameters/>\n';
  return ` <parameters ${names.map((n) => `${n}="${escapeXml(params[n]!)}"`).join(' ')}/>\n`;
}

export function opDigest(params: Record<string, string>): string {
  return md5Hex(digestText(params));
}

function pick(params: Record<string, string>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) if (params[n] !== undefined) out[n] = params[n];
  return out;
}

/**
 * The digests a start (or reload) records of the parameters it ran with: op-digest, and when
 * the agent can reload (`forceRestart` known), the restart digest of what a reload cannot change.
 */
export function recordedDigests(params: Record<string, string>, forceRestart?: readonly string[]): Pick<OperationRecord, 'opDigest' | 'restartDigest' | 'forceRestart'> {
  const digest = opDigest(params);
  if (forceRestart === undefined) return { opDigest: digest };
  return { opDigest: digest, restartDigest: opDigest(pick(params, forceRestart)), forceRestart: [...forceRestart] };
}

/** Compares the digest of the op that started the resource with today's definition. */
export function digestStatus(def: Primitive, ops: readonly OperationRecord[]): DigestChange {
  let last: OperationRecord | undefined;
  for (let i = ops.length - 1; i >= 0 && last === undefined; i--) {
    const o = ops[i]!;
    if ((o.operation === 'start' || o.operation === 'migrate_from') && ((o.status === 'done' && o.rc === 0) || o.status === 'pending')) last = o;
  }
  if (!last?.opDigest) return 'same';
  if (opDigest(def.params) === last.opDigest) return 'same';
  // A start still in flight with other parameters cannot be reloaded: it restarts (params-3).
  if (last.status === 'pending') return 'restart';
  // Only reloadable parameters changed when the ones a reload cannot change hash as recorded.
  if (last.restartDigest !== undefined && last.restartDigest === opDigest(pick(def.params, last.forceRestart ?? []))) return 'reload';
  return 'restart';
}
