// The wire codec: versioned envelope, kind registry, size limit, typed decode errors.
import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../src/assert.ts';
import { decodeMessage, encodeMessage, makeMessage, type DecodeErrorReason } from '../../src/transport/codec.ts';
import { MESSAGE_BYTES_MAX } from '../../src/transport/constants.ts';
import { createRegistry } from '../../src/transport/kinds.ts';
import type { Message } from '../../src/transport/types.ts';
import { note, noteRegistry, noteText } from './helpers.ts';

const registry = createRegistry();
const beat = { v: 1, kind: 'heartbeat', from: 'n1', body: { seq: 3, sentAtMs: 10 } };
const frame = (value: unknown): string => JSON.stringify(value);

const malformed: Array<[string, string, DecodeErrorReason]> = [
  ['not JSON', '{"v":1,', 'malformed-json'],
  ['empty frame', '', 'malformed-json'],
  ['a JSON array', '[1,2]', 'not-an-object'],
  ['JSON null', 'null', 'not-an-object'],
  ['a bare string', '"hello"', 'not-an-object'],
  ['version 2', frame({ ...beat, v: 2 }), 'unknown-version'],
  ['version as a string', frame({ ...beat, v: '1' }), 'unknown-version'],
  ['no version', frame({ kind: 'heartbeat', from: 'n1', body: beat.body }), 'unknown-version'],
  ['unknown kind', frame({ ...beat, kind: 'launch-missiles' }), 'unknown-kind'],
  ['kind not a string', frame({ ...beat, kind: 7 }), 'unknown-kind'],
  ['inherited property as kind', frame({ ...beat, kind: 'constructor' }), 'unknown-kind'],
  ['extra envelope field', frame({ ...beat, admin: true }), 'invalid-envelope'],
  ['missing from', frame({ v: 1, kind: 'heartbeat', body: beat.body }), 'invalid-envelope'],
  ['empty from', frame({ ...beat, from: '' }), 'invalid-envelope'],
  ['from with a slash', frame({ ...beat, from: 'n1/../x' }), 'invalid-envelope'],
  ['negative epoch', frame({ ...beat, epoch: -1 }), 'invalid-envelope'],
  ['fractional epoch', frame({ ...beat, epoch: 1.5 }), 'invalid-envelope'],
  ['missing body', frame({ v: 1, kind: 'heartbeat', from: 'n1' }), 'invalid-body'],
  ['body with a wrong type', frame({ ...beat, body: { seq: 'x', sentAtMs: 0 } }), 'invalid-body'],
  ['body with a missing field', frame({ ...beat, body: { seq: 1 } }), 'invalid-body'],
  ['body with an extra field', frame({ ...beat, body: { seq: 1, sentAtMs: 0, more: 1 } }), 'invalid-body'],
  ['hello to an invalid name', frame({ v: 1, kind: 'hello', from: 'n1', body: { to: '' } }), 'invalid-body'],
];

describe('codec', () => {
  it.each(malformed)('should refuse %s', (_name, text, reason) => {
    const result = decodeMessage(text, registry);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.reason).toBe(reason);
  });

  it('should name the offending field in the error', () => {
    const result = decodeMessage(frame({ ...beat, body: { seq: -2, sentAtMs: 0 } }), registry);
    expect(!result.ok && result.error.message).toContain('message.body.seq');
  });

  it('should round-trip a valid message, with and without an epoch', () => {
    for (const msg of [makeMessage('n1', 'heartbeat', { seq: 1, sentAtMs: 2 }), makeMessage('n2', 'hello', { to: 'n3' }, 9)]) {
      const result = decodeMessage(encodeMessage(msg, registry), registry);
      expect(result).toEqual({ ok: true, message: msg });
    }
  });

  it('should decode a Buffer frame like a string frame', () => {
    expect(decodeMessage(Buffer.from(frame(beat)), registry)).toEqual({ ok: true, message: beat });
  });

  it('should refuse a frame over the size limit without parsing it', () => {
    const big = 'x'.repeat(MESSAGE_BYTES_MAX + 1);
    const result = decodeMessage(big, registry);
    expect(!result.ok && result.error.reason).toBe('too-large');
  });

  it('should count the limit in UTF-8 bytes, not characters', () => {
    const text = frame(note('n1', 'é'.repeat(MESSAGE_BYTES_MAX / 2)));
    expect(text.length).toBeLessThan(MESSAGE_BYTES_MAX);
    const result = decodeMessage(text, noteRegistry());
    expect(!result.ok && result.error.reason).toBe('too-large');
  });

  it('should assert (a sender bug) when encoding an invalid or oversized message', () => {
    const wrong = { ...beat, body: { seq: 'one', sentAtMs: 0 } } as unknown as Message;
    expect(() => encodeMessage(wrong, registry)).toThrow(AssertionError);
    expect(() => encodeMessage(note('n1', 'x'.repeat(MESSAGE_BYTES_MAX)), noteRegistry())).toThrow(/exceeds/);
  });

  it('should accept a kind only once it is registered', () => {
    const text = frame(note('n1', 'hi'));
    expect(decodeMessage(text, registry).ok).toBe(false);
    const result = decodeMessage(text, noteRegistry());
    expect(result.ok && noteText(result.message)).toBe('hi');
  });

  it('should refuse registering a kind twice', () => {
    expect(() => createRegistry().register('heartbeat', { check: () => undefined })).toThrow(/twice/);
  });
});
