// The registry of message kinds: one body schema per kind. The transport's own kinds
// (heartbeat, hello) are built in; later families register theirs on the same registry.
import { assert } from '../assert.ts';
import { NODE_NAME_LENGTH_MAX } from './constants.ts';
import { integer, object, string, type Schema } from './schema.ts';
import type { MessageBodies, MessageKind } from './types.ts';

export const NODE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const nodeNameSchema = string({ minLength: 1, maxLength: NODE_NAME_LENGTH_MAX, pattern: NODE_NAME_PATTERN });
export const KIND_PATTERN = /^[a-z][a-z0-9-]*$/;

const heartbeatBody = object({ seq: integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), sentAtMs: integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) });
const helloBody = object({ to: nodeNameSchema });

export class KindRegistry {
  private readonly bodies = new Map<string, Schema<unknown>>();

  register<K extends MessageKind>(kind: K, body: Schema<MessageBodies[K]>): this {
    assert(KIND_PATTERN.test(kind), `message kind '${kind}' must match ${String(KIND_PATTERN)}`);
    assert(!this.bodies.has(kind), `message kind '${kind}' is registered twice`);
    this.bodies.set(kind, body);
    return this;
  }

  body(kind: string): Schema<unknown> | undefined {
    return this.bodies.get(kind);
  }

  kinds(): string[] {
    return [...this.bodies.keys()].sort();
  }
}

/** A registry holding the transport's own kinds; add application kinds to it. */
export function createRegistry(): KindRegistry {
  return new KindRegistry().register('heartbeat', heartbeatBody).register('hello', helloBody);
}
