// The cluster document: what the administrator configured (config) and what the cluster has
// observed (status). Both vigil's YAML and Pacemaker's CIB XML are read into these types; the
// scheduler reads only these types. Everything here is plain JSON (no classes, no Maps), so a
// document can be logged, hashed, diffed, replicated and replayed.

/** Pacemaker's INFINITY. Scores saturate at ±INFINITY (see scheduler/score.ts). */
export const INFINITY = 1_000_000;

/** A placement score, always within [-INFINITY, INFINITY]. */
export type Score = number;

/** The document's version: compared lexicographically (adminEpoch, epoch, updates). */
export interface Generation {
  adminEpoch: number;
  epoch: number;
  updates: number;
}

export type NoQuorumPolicy = 'stop' | 'ignore' | 'freeze' | 'demote' | 'suicide';
export type FenceAction = 'reboot' | 'off';

export interface ClusterOptions {
  /** stonith-enabled */
  fencingEnabled: boolean;
  /** stonith-action */
  fencingAction: FenceAction;
  noQuorumPolicy: NoQuorumPolicy;
  /** symmetric-cluster: false makes the cluster opt-in (resources run only where allowed). */
  symmetricCluster: boolean;
  startFailureIsFatal: boolean;
  /** default-resource-stickiness (also settable through resource defaults). */
  defaultResourceStickiness: Score;
  maintenanceMode: boolean;
  stopAllResources: boolean;
  /** Fence a failed node even when no resource needs it (vigil's option, see the fencing issue). */
  alwaysFenceFailedNodes: boolean;
  /** Every other cluster property, raw, so nothing read is lost. */
  other: Record<string, string>;
}

export interface NodeConfig {
  name: string;
  /** Pacemaker's node id (uname and id differ in CIBs); informational. */
  id?: string;
  /** Permanent node attributes (used by rules). */
  attributes: Record<string, string>;
  standby: boolean;
  maintenance: boolean;
  /** Where this node's daemon listens for its peers (the mesh) and for the local CLI. */
  address?: NodeAddressConfig;
}

export interface NodeAddressConfig {
  host: string;
  port: number;
}

/** How the daemons of a cluster find and trust each other (the `cluster:` section). */
export interface ClusterSettings {
  name: string;
  /** The cluster key file (vigil keygen); a YAML path is resolved against the config file's folder. */
  keyFile: string;
  heartbeatIntervalMs: number;
  /** A peer silent this long is lost. */
  heartbeatTimeoutMs: number;
  /** One tick of the coordinator election (election timeouts and leases are counted in ticks). */
  electionTickMs: number;
  /** Where each daemon keeps its election vote (never resource state); resolved like keyFile. */
  stateDir: string;
  /**
   * Two nodes only (corosync's two_node + wait_for_all): one node alone keeps quorum once it has
   * seen its peer, and fences the peer before it acts. Off: a lone node of two has no quorum.
   */
  twoNode: boolean;
}

export type OnFail = 'ignore' | 'block' | 'stop' | 'restart' | 'standby' | 'fence' | 'demote';

export interface OperationConfig {
  /** start, stop, monitor, migrate_to, migrate_from, reload-agent, promote, demote, ... */
  name: string;
  intervalMs: number;
  timeoutMs?: number;
  onFail?: OnFail;
  role?: string;
  enabled: boolean;
  /** Every other attribute or meta attribute of the op, raw. */
  other: Record<string, string>;
}

export type ResourceClass = 'ocf' | 'stonith' | 'lsb' | 'systemd' | 'service';

/**
 * Meta attributes are kept raw (string → string) exactly as configured, the way Pacemaker
 * keeps them; `scheduler/meta.ts` resolves them against defaults into typed values. Known keys:
 * target-role, is-managed, resource-stickiness, migration-threshold, failure-timeout,
 * allow-migrate, requires, priority, multiple-active, clone-max, clone-node-max, interleave,
 * ordered, globally-unique.
 */
export type Meta = Record<string, string>;

export interface Primitive {
  kind: 'primitive';
  id: string;
  class: ResourceClass;
  /** ocf provider (heartbeat, pacemaker, ...); absent for other classes. */
  provider?: string;
  type: string;
  params: Record<string, string>;
  meta: Meta;
  operations: OperationConfig[];
}

export interface Group {
  kind: 'group';
  id: string;
  meta: Meta;
  children: Primitive[];
}

export interface Clone {
  kind: 'clone';
  id: string;
  meta: Meta;
  child: Primitive | Group;
}

export type Resource = Primitive | Group | Clone;

export type RuleOperation =
  | 'defined' | 'not_defined'
  | 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

export interface RuleExpression {
  kind: 'attribute';
  attribute: string;
  operation: RuleOperation;
  value?: string;
  /** How values compare: string (default), integer/number, version. */
  type?: 'string' | 'integer' | 'number' | 'version';
}

export interface DateExpression {
  kind: 'date';
  operation: 'gt' | 'lt' | 'in_range' | 'date_spec';
  /** Seconds since the epoch. */
  start?: number;
  end?: number;
  /** Raw attributes of the date expression, for what is not modelled. */
  raw: Record<string, string>;
}

export interface Rule {
  id: string;
  /** A fixed score, or the name of a node attribute holding the score. */
  score?: Score;
  scoreAttribute?: string;
  booleanOp: 'and' | 'or';
  expressions: (RuleExpression | DateExpression | Rule)[];
  role?: string;
}

export interface LocationConstraint {
  kind: 'location';
  id: string;
  resource: string;
  /** Either a node and a score, or rules. */
  node?: string;
  score?: Score;
  rules?: Rule[];
  role?: string;
  /** always | never | exclusive */
  resourceDiscovery?: 'always' | 'never' | 'exclusive';
}

export type ResourceAction = 'start' | 'stop' | 'promote' | 'demote';

export interface OrderConstraint {
  kind: 'order';
  id: string;
  first: string;
  then: string;
  firstAction: ResourceAction;
  thenAction: ResourceAction;
  orderKind: 'Mandatory' | 'Optional' | 'Serialize';
  symmetrical: boolean;
  /**
   * require-all=false: `then` needs only one of the firsts of the orders sharing this name
   * (a resource set's id), or one instance when `first` is a clone. Absent: every first.
   */
  oneOrMore?: string;
}

export interface ColocationConstraint {
  kind: 'colocation';
  id: string;
  /** The dependent: placed relative to `with`. */
  resource: string;
  with: string;
  score: Score;
  resourceRole?: string;
  withRole?: string;
}

export type Constraint = LocationConstraint | OrderConstraint | ColocationConstraint;

export interface FencingLevel {
  /** A node name (targets by pattern or attribute are expanded by the readers). */
  target: string;
  index: number;
  devices: string[];
}

/** The kinds of events an alert agent can receive (Pacemaker's CRM_alert_kind). */
export type AlertKind = 'node' | 'fencing' | 'resource' | 'attribute';

export const ALERT_KINDS: readonly AlertKind[] = ['node', 'fencing', 'resource', 'attribute'];
/** What an alert receives without a `select` (Pacemaker: attribute events only when selected). */
export const ALERT_KINDS_DEFAULT: readonly AlertKind[] = ['node', 'fencing', 'resource'];
/** Pacemaker's defaults for an alert's meta attributes. */
export const ALERT_TIMEOUT_DEFAULT_MS = 30_000;
export const ALERT_TIMESTAMP_FORMAT_DEFAULT = '%H:%M:%S.%06N';

/** Where one run of an alert agent sends the event (CRM_alert_recipient): a file, an address... */
export interface AlertRecipient {
  value: string;
  /** Overrides the alert's own, for this recipient's runs. */
  timeoutMs?: number;
  timestampFormat?: string;
  /** Added to (and overriding) the alert's params for this recipient's runs. */
  params?: Record<string, string>;
}

/** An alert agent (Pacemaker's <alert>): run once per recipient for every event it selects. */
export interface AlertConfig {
  id: string;
  /** The agent: an absolute path to an executable. */
  path: string;
  /** None: one run per event, with an empty CRM_alert_recipient (Pacemaker does the same). */
  recipients: AlertRecipient[];
  /** Event kinds it receives, in ALERT_KINDS order. */
  select: AlertKind[];
  /** Attribute events only for these attribute names; empty: every attribute. */
  attributes: string[];
  timeoutMs: number;
  timestampFormat: string;
  /** Instance attributes: passed to the agent as environment variables of the same names. */
  params: Record<string, string>;
}

export interface ClusterConfig {
  generation: Generation;
  options: ClusterOptions;
  nodes: NodeConfig[];
  /** rsc_defaults, raw. */
  resourceDefaults: Meta;
  /** op_defaults, raw. */
  operationDefaults: Record<string, string>;
  /** Fence devices are primitives of class stonith among these. */
  resources: Resource[];
  constraints: Constraint[];
  fencingLevels: FencingLevel[];
  /** Present when the config describes a multi-daemon cluster (vigil daemon). */
  cluster?: ClusterSettings;
  /** Alert agents run by the daemons on cluster events; absent when none are configured. */
  alerts?: AlertConfig[];
}

// ---------------------------------------------------------------------------------------------
// Status: what has been observed. Raw operation history, as Pacemaker records it; its meaning
// (what runs where, what failed) is worked out by the scheduler's unpack stage.

export interface NodeStatus {
  name: string;
  /** In the membership and running the cluster stack. */
  online: boolean;
  /** Lost without a clean shutdown and not yet fenced: its resources may still be running. */
  unclean: boolean;
  /** Asked to shut down cleanly. */
  shutdown: boolean;
  /** Transient node attributes (probe_complete, agents' own, ...); fail-counts are ClusterStatus.failCounts. */
  attributes: Record<string, string>;
  /**
   * vigil: not every resource has been probed on it since a coordinator took over knowing
   * nothing of the cluster (startup fencing). It may run anything: lost, it must be fenced.
   */
  unverified?: boolean;
  /** The CIB has no node_state for it: never seen by the cluster since it started. */
  neverSeen?: boolean;
  /** Its controller (Pacemaker's crmd) was still running when last seen, though the node may
   *  be out of the membership: its history counts with the nodes that are up when anonymous
   *  clone instances are matched (scheduler/clone-history.ts). */
  controllerUp?: boolean;
}

/** Pacemaker's op-status codes (lrm_rsc_op transition-magic / op-status). */
export type ExecStatus =
  | 'done' | 'pending' | 'cancelled' | 'timeout' | 'not-supported' | 'error'
  | 'not-installed' | 'invalid' | 'no-fence-device' | 'error-hard' | 'error-fatal';

export interface OperationRecord {
  /** monitor (interval 0 = probe), start, stop, migrate_to, migrate_from, promote, ... */
  operation: string;
  intervalMs: number;
  rc: number;
  status: ExecStatus;
  /** Order of execution on that node; higher is later. -1 for pending. */
  callId: number;
  /** Seconds since the epoch. */
  lastRcChange?: number;
  lastRun?: number;
  execTimeMs?: number;
  opDigest?: string;
  restartDigest?: string;
  /** op-force-restart: the parameters a reload cannot change (restartDigest hashes only these). */
  forceRestart?: string[];
  /**
   * vigil only, on the pending start that stands for what may run on a rejoining node: the
   * digests it last started with, recorded again when its probe finds it running.
   */
  startedWith?: Pick<OperationRecord, 'opDigest' | 'restartDigest' | 'forceRestart'>;
  /** The transition (graph number) that asked for it, from Pacemaker's transition-key: orders a
   *  pending op (no call-id yet) against completed ones. */
  graphId?: number;
  /** For migrate_to / migrate_from. */
  migrateSource?: string;
  migrateTarget?: string;
  /** The record's own id (e.g. rsc1_last_failure_0), kept for explanations. */
  id?: string;
}

export interface ResourceHistory {
  /** A primitive id; clone instances keep their instance suffix (rsc:0). */
  resource: string;
  node: string;
  class: ResourceClass;
  provider?: string;
  type: string;
  operations: OperationRecord[];
  /** Seconds since the epoch when the node's clean shutdown locked the resource to it
   *  (shutdown-lock): it may start nowhere else until the lock expires or the node returns. */
  shutdownLockS?: number;
}

/**
 * Failures of one operation of one resource on one node (Pacemaker's fail-count-RSC#OP_INTERVAL
 * and last-failure-RSC#OP_INTERVAL transient attributes), as data: counted by the coordinator,
 * read from a CIB's attributes by the CIB reader, judged (migration-threshold, failure-timeout
 * against `now`) by the scheduler alone.
 */
export interface FailCount {
  /** As recorded: the primitive's id, an anonymous clone's child id, or a legacy instance name (rsc:1). */
  resource: string;
  node: string;
  /** The failed operation (monitor, start, ...); '' for a legacy count per resource (fail-count-RSC). */
  operation: string;
  intervalMs: number;
  /** Failures counted; 1,000,000 is Pacemaker's INFINITY. */
  count: number;
  /** When the last one happened, in seconds since the epoch; 0 when unknown. */
  lastFailureS: number;
}

export interface ClusterStatus {
  nodes: NodeStatus[];
  history: ResourceHistory[];
  /** Fail-counts by resource, node and operation; absent: none. */
  failCounts?: FailCount[];
  /** Whether this partition has quorum. */
  quorum: boolean;
  /** The partition had quorum and lost it (Pacemaker's no-quorum-panic): only then does
   *  no-quorum-policy=suicide fence; a partition that never had quorum acts as with stop. */
  quorumLost?: boolean;
  /** The node that recorded the status as coordinator (Pacemaker's dc-uuid), if known. */
  coordinator?: string;
  /** Seconds since the epoch, when the document pins "now" (Pacemaker's execution-date). */
  now?: number;
}

export interface ClusterDocument {
  config: ClusterConfig;
  status: ClusterStatus;
}
