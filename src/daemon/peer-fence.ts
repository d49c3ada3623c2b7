// Two-node mode (cluster.two-node): a node that won the election alone may act only once its
// peer is fenced, and no coordinator runs yet to order that fence, so the daemon runs the
// fencing topology itself, here, with its own fence agents (as corosync's two_node leaves the
// fence race to the nodes). Levels in order; every device of a level must succeed.
//
// Each device first waits out its delay (pcmk_delay_base, pcmk_delay_max drawn from the
// injected randomness), and the first level also the priority-fencing-delay when the peer runs
// the more important resources (machines/fence-delay.ts): this is what lets exactly one side
// of a split win the race. The waits are clock timers; nothing else of the daemon waits on them.
import type { FenceRunner } from '../agents/fence.ts';
import type { ClusterDocument } from '../config/model.ts';
import type { LedgerSink } from '../ledger/types.ts';
import { deviceDelayMs, NO_FENCE_DELAY, priorityDelayMs } from '../machines/fence-delay.ts';
import { fencerInputFor, indexOf, instanceInputFor } from '../machines/coordinator-inputs.ts';
import type { FenceRecord } from '../machines/coordinator-types.ts';
import type { Logger } from '../runtime/logger.ts';
import type { TransportClock } from '../transport/types.ts';

const RETRY_INITIAL_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export interface PeerFenceResult {
  ok: boolean;
  /** What happened, for the log and the fence history (devices, or why every level failed). */
  reason: string;
  /** The devices of the level that succeeded. */
  devices: string[];
  /** The longest delay a device of the successful level waited. */
  delayMs: number;
}

/** Where a peer fence's delays come from: a draw in [0, 1) and a timer (both injected). */
export interface PeerFenceDelays {
  random(): number;
  wait(ms: number): Promise<void>;
}

const NO_DELAYS: PeerFenceDelays = { random: () => 0, wait: async () => undefined };

export async function fencePeer(doc: ClusterDocument, self: string, target: string, runner: FenceRunner, delays: PeerFenceDelays = NO_DELAYS): Promise<PeerFenceResult> {
  const { config } = doc;
  const index = indexOf(config);
  const action = config.options.fencingAction;
  const { levels } = fencerInputFor(config, index, target, action, `${target}#two-node`);
  if (levels.length === 0) return { ok: false, reason: `no fence device can fence ${target} (give one a pcmk_host_list or pcmk_host_map naming it)`, devices: [], delayMs: 0 };
  const requestedMs = priorityDelayMs(doc, target, [self]);
  const failures: string[] = [];
  for (const [pos, level] of levels.entries()) {
    const results = await Promise.all(level.devices.map(async (device) => {
      const instance = instanceInputFor(config, index, device, self);
      if (instance?.kind !== 'fence') return { ok: false, reason: `${device} is not a fence device`, delayMs: 0 };
      const { lifecycle, timeoutsMs } = instance.input;
      const delayMs = deviceDelayMs(instance.input.delay ?? NO_FENCE_DELAY, target, delays.random()) + (pos === 0 ? requestedMs : 0);
      if (delayMs > 0) await delays.wait(delayMs);
      const result = await runner.run({ device, agent: lifecycle.agent.type, action, target, params: lifecycle.params, timeoutMs: timeoutsMs[action] });
      return { ...result, delayMs };
    }));
    if (results.every((r) => r.ok)) return { ok: true, reason: `level ${level.index}`, devices: level.devices, delayMs: Math.max(...results.map((r) => r.delayMs)) };
    failures.push(`level ${level.index}: ${results.filter((r) => !r.ok).map((r) => r.reason).join('; ')}`);
  }
  return { ok: false, reason: `every fencing level failed for ${target} (${failures.join(' | ')})`, devices: [], delayMs: 0 };
}

export interface PeerFenceRetry {
  self: string;
  target: string;
  epoch: number;
  /** The config and the last replicated status (the peer's resources give its priority). */
  doc(): ClusterDocument;
  runner: FenceRunner;
  /** Whether this node still holds that epoch's lone win; once not, the retries end. */
  stillWinning(): boolean;
  /** A draw in [0, 1) for pcmk_delay_max (the daemon's seeded stream). */
  random(): number;
  ledger: LedgerSink;
  logger: Logger;
  clock: TransportClock;
}

/**
 * Fences the peer, retrying with a doubling backoff while this node still holds that epoch's
 * win (the election ignores a result from an older epoch). Resolves with the fence's history
 * record once it succeeded, or undefined when the win was lost first.
 */
export async function fencePeerWithRetries(r: PeerFenceRetry): Promise<FenceRecord | undefined> {
  const { self, target, epoch } = r;
  const wait = (ms: number) => new Promise<void>((resolve) => r.clock.setTimeout(resolve, ms));
  for (let waitMs = RETRY_INITIAL_MS; r.stillWinning(); waitMs = Math.min(2 * waitMs, RETRY_MAX_MS)) {
    const action = r.doc().config.options.fencingAction;
    r.ledger.record({ kind: 'fence.requested', target, by: self, epoch, action });
    const result = await fencePeer(r.doc(), self, target, r.runner, { random: r.random, wait });
    r.ledger.record({ kind: 'fence.completed', target, by: self, epoch, ok: result.ok });
    if (result.ok) {
      r.logger.warn({ target, epoch, devices: result.devices, delayMs: result.delayMs }, 'two-node: fenced the peer before acting alone');
      return {
        target, action, result: 'succeeded', reason: `two-node: ${result.reason}, before acting alone`, by: result.devices.join('+'), epoch, atMs: r.clock.now(),
        fencedBy: self, ...(result.delayMs > 0 ? { delayMs: result.delayMs } : {}),
      };
    }
    r.logger.error({ target, epoch, reason: result.reason, retryInMs: waitMs }, 'two-node: fencing the peer failed; not acting alone');
    await wait(waitMs);
  }
  return undefined;
}
