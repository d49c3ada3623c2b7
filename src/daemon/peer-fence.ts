// Two-node mode (cluster.two-node): a node that won the election alone may act only once its
// peer is fenced, and no coordinator runs yet to order that fence, so the daemon runs the
// fencing topology itself, here, with its own fence agents (as corosync's two_node leaves the
// fence race to the nodes). Levels in order; every device of a level must succeed.
import type { FenceRunner } from '../agents/fence.ts';
import type { ClusterConfig } from '../config/model.ts';
import type { LedgerSink } from '../ledger/types.ts';
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
}

export async function fencePeer(config: ClusterConfig, self: string, target: string, runner: FenceRunner): Promise<PeerFenceResult> {
  const index = indexOf(config);
  const action = config.options.fencingAction;
  const { levels } = fencerInputFor(config, index, target, action, `${target}#two-node`);
  if (levels.length === 0) return { ok: false, reason: `no fence device can fence ${target} (give one a pcmk_host_list or pcmk_host_map naming it)`, devices: [] };
  const failures: string[] = [];
  for (const level of levels) {
    const results = await Promise.all(level.devices.map(async (device) => {
      const instance = instanceInputFor(config, index, device, self);
      if (instance?.kind !== 'fence') return { ok: false, reason: `${device} is not a fence device` };
      const { lifecycle, timeoutsMs } = instance.input;
      return runner.run({ device, agent: lifecycle.agent.type, action, target, params: lifecycle.params, timeoutMs: timeoutsMs[action] });
    }));
    if (results.every((r) => r.ok)) return { ok: true, reason: `level ${level.index}`, devices: level.devices };
    failures.push(`level ${level.index}: ${results.filter((r) => !r.ok).map((r) => r.reason).join('; ')}`);
  }
  return { ok: false, reason: `every fencing level failed for ${target} (${failures.join(' | ')})`, devices: [] };
}

export interface PeerFenceRetry {
  self: string;
  target: string;
  epoch: number;
  config(): ClusterConfig;
  runner: FenceRunner;
  /** Whether this node still holds that epoch's lone win; once not, the retries end. */
  stillWinning(): boolean;
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
  for (let waitMs = RETRY_INITIAL_MS; r.stillWinning(); waitMs = Math.min(2 * waitMs, RETRY_MAX_MS)) {
    const action = r.config().options.fencingAction;
    r.ledger.record({ kind: 'fence.requested', target, by: self, epoch, action });
    const result = await fencePeer(r.config(), self, target, r.runner);
    r.ledger.record({ kind: 'fence.completed', target, by: self, epoch, ok: result.ok });
    if (result.ok) {
      r.logger.warn({ target, epoch, devices: result.devices }, 'two-node: fenced the peer before acting alone');
      return { target, action, result: 'succeeded', reason: `two-node: ${result.reason}, before acting alone`, by: result.devices.join('+'), epoch, atMs: r.clock.now() };
    }
    r.logger.error({ target, epoch, reason: result.reason, retryInMs: waitMs }, 'two-node: fencing the peer failed; not acting alone');
    await new Promise<void>((resolve) => r.clock.setTimeout(resolve, waitMs));
  }
  return undefined;
}
