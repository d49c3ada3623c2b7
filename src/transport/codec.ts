// Messages on the wire: JSON text frames, validated against the kind registry on both sides
// (an invalid outgoing message is a programmer error and asserts; an invalid incoming one is
// a DecodeError that the transport logs and drops).
import { assert } from '../assert.ts';
import { MESSAGE_BYTES_MAX, PROTOCOL_VERSION } from './constants.ts';
import { nodeNameSchema, type KindRegistry } from './kinds.ts';
import { integer, isPlainObject } from './schema.ts';
import type { Message } from './types.ts';

export type DecodeErrorReason =
  | 'too-large'
  | 'malformed-json'
  | 'not-an-object'
  | 'unknown-version'
  | 'unknown-kind'
  | 'invalid-envelope'
  | 'invalid-body';

export class DecodeError extends Error {
  override name = 'DecodeError';
  constructor(readonly reason: DecodeErrorReason, readonly detail: string) {
    super(`${reason}: ${detail}`);
  }
}

export type DecodeResult = { ok: true; message: Message } | { ok: false; error: DecodeError };

const ENVELOPE_KEYS = new Set(['v', 'kind', 'from', 'epoch', 'body']);
const epochSchema = integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

/** Why `value` is not a valid message, or undefined when it is. */
export function checkMessage(value: unknown, registry: KindRegistry): DecodeError | undefined {
  if (!isPlainObject(value)) return new DecodeError('not-an-object', 'a message is a JSON object');
  if (value['v'] !== PROTOCOL_VERSION) return new DecodeError('unknown-version', `v is ${JSON.stringify(value['v'])}, this node speaks ${PROTOCOL_VERSION}`);
  const kind = value['kind'];
  const body = typeof kind === 'string' ? registry.body(kind) : undefined;
  if (!body) return new DecodeError('unknown-kind', `kind ${JSON.stringify(kind)} is not one of ${registry.kinds().join(', ')}`);
  const extra = Object.keys(value).find((key) => !ENVELOPE_KEYS.has(key));
  if (extra !== undefined) return new DecodeError('invalid-envelope', `message.${extra}: unknown field`);
  const problem = nodeNameSchema.check(value['from'], 'message.from')
    ?? (value['epoch'] === undefined ? undefined : epochSchema.check(value['epoch'], 'message.epoch'));
  if (problem) return new DecodeError('invalid-envelope', problem);
  if (!('body' in value)) return new DecodeError('invalid-body', 'message.body: missing');
  const bodyProblem = body.check(value['body'], 'message.body');
  return bodyProblem ? new DecodeError('invalid-body', bodyProblem) : undefined;
}

/** JSON text of a valid message; asserts validity and the size limit (a sender's bug). */
export function encodeMessage(msg: Message, registry: KindRegistry): string {
  const problem = checkMessage(msg, registry);
  assert(problem === undefined, `refusing to send an invalid message: ${problem?.message ?? ''}`);
  const text = JSON.stringify(msg);
  assert(Buffer.byteLength(text, 'utf8') <= MESSAGE_BYTES_MAX, `message of kind '${msg.kind}' exceeds ${MESSAGE_BYTES_MAX} bytes`);
  return text;
}

/** Parses and validates one frame from a peer; never throws on bad input. */
export function decodeMessage(frame: string | Buffer, registry: KindRegistry): DecodeResult {
  const bytes = typeof frame === 'string' ? Buffer.byteLength(frame, 'utf8') : frame.length;
  if (bytes > MESSAGE_BYTES_MAX) return { ok: false, error: new DecodeError('too-large', `${bytes} bytes > ${MESSAGE_BYTES_MAX}`) };
  let value: unknown;
  try {
    value = JSON.parse(typeof frame === 'string' ? frame : frame.toString('utf8'));
  } catch (error) {
    return { ok: false, error: new DecodeError('malformed-json', (error as Error).message) };
  }
  const problem = checkMessage(value, registry);
  return problem ? { ok: false, error: problem } : { ok: true, message: value as Message };
}

/** A well-formed message from `from` (the usual way to build one). */
export function makeMessage<K extends Message['kind']>(from: string, kind: K, body: Extract<Message, { kind: K }>['body'], epoch?: number): Extract<Message, { kind: K }> {
  const msg = { v: PROTOCOL_VERSION, kind, from, body, ...(epoch === undefined ? {} : { epoch }) };
  return msg as unknown as Extract<Message, { kind: K }>;
}
