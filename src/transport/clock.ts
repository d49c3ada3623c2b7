// The real clock behind the TransportClock port (the only place the transport reads time).
import type { TransportClock } from './types.ts';

export const realClock: TransportClock = {
  now: () => Date.now(),
  setTimeout: (fn, delayMs) => setTimeout(fn, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
