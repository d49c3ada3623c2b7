// The ledger: one ordered record of everything that matters for safety, written by the
// whole-cluster simulation (src/testing/sim/) and by the real-process fault catalogue (CTS), and read
// by the invariant checker (src/testing/ledger-checker/). Plain JSON, one entry per line when on disk.
//
// Times are the writer's clock in ms (simulated or real); `seq` orders entries that share a time.

/** An agent operation as the executor ran it. `instance` is the resource id the agent runs as
 * on that node (a clone's instance on a node is `<clone child>` there, as in the status). */
export interface OpInvoked {
  kind: 'op.invoked';
  node: string;
  instance: string;
  /** start, stop, monitor (probes are `monitor` with `probe: true`), migrate_to, migrate_from, promote, demote, reload-agent, reload. */
  op: string;
  probe?: boolean;
  /** The coordinator epoch that ordered it (the fencing token the executor accepted). */
  epoch: number;
  /** Unique per invocation, to pair with its result. */
  callId: string;
}

export interface OpCompleted {
  kind: 'op.completed';
  node: string;
  instance: string;
  op: string;
  probe?: boolean;
  epoch: number;
  callId: string;
  /** The OCF exit code (or 1 for a timeout/crash). */
  rc: number;
  /** ok = the op did what it was for (for monitor: rc 0 running or rc 7 not running, see `active`). */
  outcome: 'ok' | 'failed' | 'timeout';
  /** After this op, may the instance be active on the node? (monitor rc 0 → true, rc 7 → false,
   * start ok → true, stop ok → false, any failure → true: unknown counts as active). */
  active: boolean;
  /** After a start, migrate_from or reload that succeeded: the MD5 of the parameters the agent
   * now runs with (scheduler/digest.ts opDigest), so a checker can compare them with the config. */
  paramsDigest?: string;
}

export interface FenceRequested { kind: 'fence.requested'; target: string; by: string; epoch: number; action: 'reboot' | 'off' }
export interface FenceCompleted {
  kind: 'fence.completed';
  target: string;
  by: string;
  epoch: number;
  ok: boolean;
  /** True when an administrator confirmed the node down by hand (`vigil fence confirm`). */
  manual?: boolean;
}

/** A daemon began (or ceased) acting as coordinator for `epoch`. `members`: the nodes it could reach. */
export interface CoordinatorUp { kind: 'coordinator.up'; node: string; epoch: number; members: string[] }
export interface CoordinatorDown { kind: 'coordinator.down'; node: string; epoch: number }
/** The coordinator's membership changed (a node joined or was lost): the convergence check reads
 * the last one to tell that the cluster is one partition again. */
export interface MembershipChanged { kind: 'membership.changed'; node: string; epoch: number; members: string[] }

/** A daemon refused a command carrying an older epoch than one it has seen. */
export interface CommandRefused { kind: 'command.refused'; node: string; from: string; epoch: number; currentEpoch: number }

/** A node's view of quorum changed. */
export interface QuorumChanged { kind: 'quorum.changed'; node: string; quorate: boolean }

/** A config change answered ok to an administrator (acknowledged): it must never be lost. */
export interface ConfigAcknowledged { kind: 'config.acknowledged'; node: string; generation: string; digest: string }
/** The config generation and digest a node holds (written at least at the end of a run). */
export interface ConfigHeld { kind: 'config.held'; node: string; generation: string; digest: string }

/** Faults and repairs the harness injected, so a trace reads as a story. */
export interface FaultInjected {
  kind: 'fault';
  /**
   * crash, restart, pause, resume, partition, heal, loss, delay, agent-fail, fence-fail, ...
   * The checker reads: crash (daemon and node gone; its processes may still run until fenced),
   * power-off (a fence device cut the machine's power: nothing runs there any more),
   * restart | start | boot | recover (the node is back, with a fresh daemon), pause | resume,
   * partition (see `sides`), loss (messages of `nodes`, or of all, are lost until heal),
   * heal (every partition and loss ends), agent-fail (see `resource`). Others are story only.
   */
  fault: string;
  nodes?: string[];
  /**
   * For partition: the groups of nodes that can still talk to each other; configured nodes in
   * no group form one more group. Without sides, `nodes` is one side and the rest the other.
   */
  sides?: string[][];
  /** For agent-fail: the resource (ledger instance id) whose agent was made to fail. */
  resource?: string;
  detail?: string;
}

/** The harness declares that faults have healed; quiet-period checks start here. */
export interface Healed { kind: 'healed' }
/** End of the run: the harness's final observation of every node. */
export interface RunEnded { kind: 'run.ended' }

export type LedgerBody =
  | OpInvoked | OpCompleted | FenceRequested | FenceCompleted | CoordinatorUp | CoordinatorDown
  | MembershipChanged | CommandRefused | QuorumChanged | ConfigAcknowledged | ConfigHeld | FaultInjected | Healed | RunEnded;

export type LedgerEntry = LedgerBody & { seq: number; atMs: number };

/** Where writers put entries; the simulation keeps them in memory, CTS appends to a file. */
export interface LedgerSink {
  record(body: LedgerBody): void;
}
