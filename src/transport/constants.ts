// The transport's bounds in one place; their relations are asserted at load.
import { assert } from '../assert.ts';

/** The envelope version this build speaks; a frame with another `v` is refused. */
export const PROTOCOL_VERSION = 1;
/** Largest encoded message (UTF-8 bytes of the JSON frame). */
export const MESSAGE_BYTES_MAX = 1024 * 1024;
/**
 * Largest replicated state (config, status and view) in characters of JSON, sent in parts of
 * one message each (daemon/state-parts.ts); configs that could not fit are refused up front
 * (config/runnable.ts).
 */
export const REPLICATED_STATE_CHARS_MAX = 128 * 1024 * 1024;
/** Characters one instance (a primitive on a node) adds to the replicated state: its operation history and its view, with room. */
export const REPLICATED_CHARS_PER_INSTANCE = 1_000;
/** Longest node name; names are also limited to [A-Za-z0-9._-]. */
export const NODE_NAME_LENGTH_MAX = 64;
/** Largest cluster (configured node names). */
export const NODES_MAX = 64;
/** Bytes the mesh lets queue on one socket before dropping sends to that peer. */
export const SEND_BUFFER_BYTES_MAX = 8 * MESSAGE_BYTES_MAX;
/** Messages in flight on one simulated link; more is a runaway test. */
export const SIM_IN_FLIGHT_PER_LINK_MAX = 10_000;
/** Pending timers on one simulated clock. */
export const SIM_TIMERS_MAX = 1_000_000;

export const HEARTBEAT_DEFAULTS = { intervalMs: 1_000, timeoutMs: 5_000 } as const;
export const BACKOFF_DEFAULTS = { initialMs: 100, maxMs: 5_000 } as const;

/** The cluster key: random bytes, stored as hex. */
export const CLUSTER_KEY_BYTES = 32;

assert(SEND_BUFFER_BYTES_MAX >= MESSAGE_BYTES_MAX, 'the send buffer must hold at least one message');
assert(HEARTBEAT_DEFAULTS.timeoutMs > 2 * HEARTBEAT_DEFAULTS.intervalMs, 'a timeout must span more than two heartbeats');
assert(BACKOFF_DEFAULTS.maxMs >= BACKOFF_DEFAULTS.initialMs, 'backoff cap must be at least the first delay');
