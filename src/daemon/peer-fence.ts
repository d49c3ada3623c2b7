// Two-node mode (cluster.two-node): a node that won the election alone may act only once its
// peer is fenced, and no coordinator runs yet to order that fence, so the daemon runs the
// fencing topology itself, here, with its own fence agents (as corosync's two_node leaves the
// fence race to the nodes). Levels in order; every device of a level must succeed.
import type { FenceRunner } from '../agents/fence.ts';
import type { ClusterConfig } from '../config/model.ts';
import { fencerInputFor, indexOf, instanceInputFor } from '../machines/coordinator-inputs.ts';

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
