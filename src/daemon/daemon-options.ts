// What a daemon is given: its config and node, and the edges it runs on. Each edge defaults to
// production's; the whole-cluster simulator (src/testing/sim/) and the CTS inject their own.
import type { AgentRunner } from '../agents/ocf-runner.ts';
import type { FenceRunner } from '../agents/fence.ts';
import type { ClusterDocument } from '../config/model.ts';
import type { HttpAddress } from '../inspect/attach.ts';
import type { LedgerSink } from '../ledger/types.ts';
import type { Logger } from '../runtime/logger.ts';
import type { KindRegistry } from '../transport/kinds.ts';
import type { HeartbeatOptions, Transport, TransportClock } from '../transport/types.ts';
import type { ConfigStore, HardStateStore } from './hard-state.ts';

export interface DaemonOptions {
  doc: ClusterDocument;
  node: string;
  logger: Logger;
  /** Extra environment for every agent (the loopback demo gives each node its own HA_RSCTMP). */
  agentEnv?: Record<string, string>;
  /** Where OCF agents are looked up (default /usr/lib/ocf); the CTS adds its ledger agent in one. */
  ocfRoot?: string;
  /** node-action-limit's default for this daemon's coordinator (Pacemaker: twice the CPU cores); absent: no limit. */
  nodeActionLimitDefault?: number;
  runner?: AgentRunner;
  fenceRunner?: FenceRunner;
  /** Called when an administrator asks this daemon to stop. */
  onStopRequest?: (leaveResources: boolean) => void;
  // The edges below default to production's; the whole-cluster simulator (src/testing/sim/) injects its own.
  /** Every timer and timestamp of the daemon, its coordinator, executor and remote operations. */
  clock?: TransportClock;
  /** Builds the transport to the peers; default the TLS-PSK WebSocket mesh (which reads the cluster key). */
  transport?: (setup: TransportSetup) => Transport | Promise<Transport>;
  /** false: no control server (callers use handle() directly). Default true. */
  control?: boolean;
  /** Where the election vote is kept; default a file in the cluster's stateDir. */
  hardState?: HardStateStore;
  /** Where the newest held config is kept (default: a file in the cluster's state-dir). */
  configStore?: ConfigStore;
  /** Seeds the election's PRNG; default random. */
  seed?: number;
  /** Where this daemon records what matters for safety (src/ledger/types.ts); default nowhere. */
  ledger?: LedgerSink;
  /** Checks a new config's agents exist here before applying it; default reads the agents on disk (the simulator's agents are all there). */
  checkAgents?: (file: string, config: ClusterDocument['config']) => Promise<void>;
  /** `--inspect`: the coordinator's actors go to the Stately inspector (at /inspect of the status page). */
  inspect?: boolean;
  /** `--http`: serve the live status page here (src/inspect/http-server.ts). */
  http?: HttpAddress;
  /**
   * Kills what a previous run of this daemon left running, before anything is probed; returns
   * their pids. Default: the processes carrying its owner tag (src/agents/strays.ts).
   */
  killStrays?: () => Promise<number[]>;
}

/** What a transport factory is given. */
export interface TransportSetup {
  self: string;
  logger: Logger;
  registry: KindRegistry;
  heartbeat: HeartbeatOptions;
  clock: TransportClock;
}
