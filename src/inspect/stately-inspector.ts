// `vigil daemon --inspect`: the coordinator's actor system, inspected with @statelyai/inspect's
// WebSocket inspector. It connects to this daemon's own relay (inspect-relay.ts), which serves
// every browser that opens the bridge page (/inspect, inspector-bridge-page.ts): the Stately inspector in an iframe, fed
// from the relay. Every message is redacted (redact.ts) before it leaves the process.
// Off, nothing here runs: the coordinator is created without an `inspect` observer at all.
import { createWebSocketInspector } from '@statelyai/inspect';
import type { InspectionEvent, Observer } from 'xstate';
import { redactDeep } from './redact.ts';

/** Events held while the inspector's socket connects (a coordinator's start registers ~50 actors). */
const DEFERRED_EVENTS_MAX = 10_000;
/** The inspector's own default: deeper values are cut when serialized. */
const SERIALIZATION_DEPTH_MAX = 10;

export interface CoordinatorInspector {
  /** For createActor's `inspect` option. */
  readonly inspect: Observer<InspectionEvent>;
  stop(): void;
}

/** Inspects into the relay at `url` (its producer URL, token included). */
export function createCoordinatorInspector(url: string): CoordinatorInspector {
  const inspector = createWebSocketInspector({
    url,
    maxDeferredEvents: DEFERRED_EVENTS_MAX,
    serializationDepthLimit: SERIALIZATION_DEPTH_MAX,
    // The whole message, not only contexts and events: a promise actor's snapshot holds its input
    // (an agent operation, with the device's params).
    serialize: (event) => redactDeep(event) as typeof event,
  });
  return { inspect: inspector.inspect, stop: () => inspector.stop() };
}
