// The `cluster:` section and node addresses → YAML, in the forms cluster.ts reads back.
// Paths are written as the loader resolved them (absolute), so a written file means the same
// from any folder; the defaults of heartbeat and election-tick are left out.
import type { ClusterSettings, NodeAddressConfig } from '../model.ts';
import {
  ELECTION_TICK_DEFAULT_MS, HEARTBEAT_INTERVAL_DEFAULT_MS, HEARTBEAT_TIMEOUT_DEFAULT_MS, formatAddress,
} from './cluster.ts';
import { durationScalar, type YamlScalar } from './write-values.ts';

type Out = Record<string, unknown>;

export function writeCluster(settings: ClusterSettings): Out {
  const out: Out = { name: settings.name, 'key-file': settings.keyFile };
  const heartbeat: Record<string, YamlScalar> = {};
  if (settings.heartbeatIntervalMs !== HEARTBEAT_INTERVAL_DEFAULT_MS) heartbeat.interval = durationScalar(settings.heartbeatIntervalMs);
  if (settings.heartbeatTimeoutMs !== HEARTBEAT_TIMEOUT_DEFAULT_MS) heartbeat.timeout = durationScalar(settings.heartbeatTimeoutMs);
  if (Object.keys(heartbeat).length > 0) out.heartbeat = heartbeat;
  if (settings.electionTickMs !== ELECTION_TICK_DEFAULT_MS) out['election-tick'] = durationScalar(settings.electionTickMs);
  out['state-dir'] = settings.stateDir;
  if (settings.twoNode) out['two-node'] = true;
  return out;
}

export function writeAddress(address: NodeAddressConfig): string {
  return formatAddress(address);
}
