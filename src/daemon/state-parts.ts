// Replicated state larger than one mesh message travels in parts (issue 14, item 2: a config
// just under the control channel's limit became a `state` over the mesh's 1 MiB, the
// coordinator threw on every replication and crash-looped). The coordinator sends its JSON in
// `state-part` messages; each daemon reassembles the newest state of each sender, then checks
// it with the very schema a whole `state` message gets (protocol-kinds.ts) before using it.
import { assert } from '../assert.ts';
import { MESSAGE_BYTES_MAX, REPLICATED_STATE_CHARS_MAX } from '../transport/constants.ts';
import type { Schema } from '../transport/schema.ts';
import type { StateBody, StatePartBody } from './protocol.ts';

/**
 * Characters of state JSON per part. JSON escapes one UTF-16 unit into at most 6 bytes
 * (`\u001f`), so a part's text stays below the message bound with room for its envelope.
 */
export const STATE_PART_CHARS = Math.floor((MESSAGE_BYTES_MAX - 4 * 1024) / 6);
export const STATE_CHARS_MAX = REPLICATED_STATE_CHARS_MAX;
/** Parts of one state, at most. */
export const STATE_PARTS_MAX = Math.ceil(STATE_CHARS_MAX / STATE_PART_CHARS);
/** A whole state of at most this many UTF-8 bytes of JSON goes as one `state` message (room left for the envelope). */
export const STATE_WHOLE_BYTES_MAX = MESSAGE_BYTES_MAX - 4 * 1024;

assert(STATE_PART_CHARS * 6 + 4 * 1024 <= MESSAGE_BYTES_MAX, 'a state part fits one message');
assert(STATE_WHOLE_BYTES_MAX < MESSAGE_BYTES_MAX, 'a whole state sent at once fits one message');

/** The parts of `body` (already as JSON text), in order; `id` names this state among the sender's. */
export function splitState(id: string, json: string): StatePartBody[] {
  assert(json.length <= STATE_CHARS_MAX, `replicated state of ${json.length} characters exceeds ${STATE_CHARS_MAX}`);
  const count = Math.max(1, Math.ceil(json.length / STATE_PART_CHARS));
  return Array.from({ length: count }, (_, index) => ({ id, index, count, text: json.slice(index * STATE_PART_CHARS, (index + 1) * STATE_PART_CHARS) }));
}

interface Assembly { id: string; count: number; parts: (string | undefined)[]; received: number }

/** Why a part or an assembled state was dropped: for the daemon's log. */
export type Dropped = { dropped: string };

/** Reassembles each sender's newest state; an older or incomplete one is dropped when a newer starts. */
export class StateAssembler {
  private readonly bySender = new Map<string, Assembly>();

  constructor(private readonly schema: Schema<StateBody>) {}

  /** The whole state once its last part arrived; undefined while parts are missing; Dropped if it is not a valid state. */
  add(from: string, part: StatePartBody): StateBody | undefined | Dropped {
    if (part.count > STATE_PARTS_MAX || part.index >= part.count) return { dropped: `part ${part.index} of ${part.count} is out of bounds (at most ${STATE_PARTS_MAX} parts)` };
    let assembly = this.bySender.get(from);
    if (assembly === undefined || assembly.id !== part.id) {
      // A newer state replaces one still incomplete (its missing parts were lost or are late).
      assembly = { id: part.id, count: part.count, parts: new Array<string | undefined>(part.count), received: 0 };
      this.bySender.set(from, assembly);
    }
    if (assembly.count !== part.count) return { dropped: `part ${part.index} says ${part.count} parts, its first said ${assembly.count}` };
    if (assembly.parts[part.index] === undefined) assembly.received++;
    assembly.parts[part.index] = part.text;
    if (assembly.received < assembly.count) return undefined;
    this.bySender.delete(from);
    return this.decode(assembly.parts.join(''));
  }

  private decode(json: string): StateBody | Dropped {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { dropped: `the assembled state is not JSON: ${(error as Error).message}` };
    }
    const problem = this.schema.check(value, 'state');
    return problem === undefined ? value as StateBody : { dropped: problem };
  }
}
