// The document's generation (admin epoch, epoch, updates), compared lexicographically: after a
// partition heals, the copy with the higher generation wins. Administrators bump the admin
// epoch to force their copy; every configuration change bumps the epoch; status updates bump
// the update counter.
import { assert } from '../assert.ts';
import type { Generation } from './model.ts';

export function compareGeneration(a: Generation, b: Generation): -1 | 0 | 1 {
  assertValid(a);
  assertValid(b);
  const order = a.adminEpoch - b.adminEpoch || a.epoch - b.epoch || a.updates - b.updates;
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

/** A configuration change: the next epoch, with the update counter reset (as Pacemaker does). */
export function bumpEpoch(generation: Generation): Generation {
  assertValid(generation);
  return { adminEpoch: generation.adminEpoch, epoch: generation.epoch + 1, updates: 0 };
}

/** A status update within the same configuration. */
export function bumpUpdates(generation: Generation): Generation {
  assertValid(generation);
  return { ...generation, updates: generation.updates + 1 };
}

export function formatGeneration(generation: Generation): string {
  return `${generation.adminEpoch}.${generation.epoch}.${generation.updates}`;
}

function assertValid(generation: Generation): void {
  assert(Number.isSafeInteger(generation.adminEpoch) && generation.adminEpoch >= 0, 'admin epoch is a whole number');
  assert(Number.isSafeInteger(generation.epoch) && generation.epoch >= 0
    && Number.isSafeInteger(generation.updates) && generation.updates >= 0, 'epoch and updates are whole numbers');
}
