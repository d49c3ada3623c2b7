// One node's daemon: the mesh to its peers, the executor of its agents, its part in the
// election, the control channel for the CLI, and, while it holds the coordinator's lease, the
// coordinator itself (coordinator-host.ts). It keeps no resource state: only its vote and the
// newest config it held (hard-state.ts).
//
// Order of effects per election batch: persist the vote, then send, then act on the role.
import { randomInt } from 'node:crypto';
import { createOcfRunner, type AgentRunner } from '../agents/ocf-runner.ts';
import { createMetadataCache, readAgentMetadata } from '../agents/metadata.ts';
import { createReloadAwareRunner } from '../agents/reload-runner.ts';
import { agentToolsEnv } from '../agents/ocf-env.ts';
import { createAgentChannel, type AgentChannel } from '../attributes/agent-channel.ts';
import { createAgentHandler } from '../attributes/agent-handler.ts';
import { createFenceRunner, type FenceRunner } from '../agents/fence.ts';
import { createStonithAwareRunner } from '../agents/stonith-runner.ts';
import { AGENT_OWNER_ENV, agentOwnerTag, killStrays } from '../agents/strays.ts';
import { checkConfigAgents } from '../runtime/agent-check.ts';
import { compareGeneration } from '../config/generation.ts';
import type { ClusterDocument } from '../config/model.ts';
import { createElection, type Election } from '../election/election.ts';
import { hashSeed } from '../election/prng.ts';
import { createPrng, type Prng } from '../transport/prng.ts';
import type { LedgerSink } from '../ledger/types.ts';
import type { Departure } from '../machines/coordinator-types.ts';
import { loadClusterKey } from '../transport/cluster-key.ts';
import { realClock } from '../transport/clock.ts';
import type { Message, Transport, TransportClock } from '../transport/types.ts';
import { createWsMesh } from '../transport/ws-mesh.ts';
import { PROTOCOL_VERSION } from '../transport/constants.ts';
import { AdminForwarder } from './admin-forward.ts';
import { handleAdmin } from './admin-handler.ts';
import { CoordinatorHost } from './coordinator-host.ts';
import { controlPortOf, createControlServer, type ControlServer } from './control-server.ts';
import type { AdminCommand, AdminResult } from './control-types.ts';
import { createExecutor, type Executor } from './executor.ts';
import { stopOrder } from '../scheduler/stop-order.ts';
import type { FenceRecord } from '../machines/coordinator-types.ts';
import { fencePeerWithRetries } from './peer-fence.ts';
import { QuorumGuard } from './quorum-guard.ts';
import { fileConfigStore, fileHardStateStore, type HardStateStore } from './hard-state.ts';
import { HeldConfig } from './held-config.ts';
import { ConfigCommits } from './config-commit.ts';
import { Throttle } from './throttle.ts';
import { NO_LEDGER } from './ledger-record.ts';
import { createDaemonRegistry, stateSchema } from './protocol-kinds.ts';
import { STATE_WHOLE_BYTES_MAX, StateAssembler, splitState } from './state-parts.ts';
import { assert } from '../assert.ts';
import { Authority } from './authority.ts';
import type { Authorization } from '../election/types.ts';
import type { StateBody } from './protocol.ts';
import { createRemoteOps, type RemoteOps } from './remote-ops.ts';
import type { ClusterView } from './view-types.ts';
import { startInspection, type Inspection } from '../inspect/attach.ts';
import { instrumentRunner } from '../metrics/instrument-runner.ts';
import { startDaemonAlerts, type DaemonAlerts } from '../alerts/daemon-alerts.ts';
import type { DaemonOptions, TransportSetup } from './daemon-options.ts';
import type { CoordinatorLogEvent } from '../inspect/source.ts';

export type { DaemonOptions, TransportSetup } from './daemon-options.ts';

const REPLICATE_MIN_INTERVAL_MS = 100;
/** Replication's interval is at least this many times what the last one took to send. */
const REPLICATE_COST_FACTOR = 20;
/** How long a coordinator that knows nothing waits for every node to join, in heartbeat timeouts. */
const STARTUP_WAIT_HEARTBEAT_TIMEOUTS = 10;
/** Ticks overdue that mean this process was stalled (paused): catch up before acting on input. */
const STALLED_TICKS = 3;
/**
 * Ticks applied at once after a stall: more than the election timeout, lease and lost-peer
 * bounds (20, 8 and heartbeat timeout / tick), so all of them have run out; fewer than would
 * overflow the election's outbox (64 messages per node) before it is drained.
 */
const TICKS_CATCH_UP_MAX = 64;
/** The pause before a crashed coordinator is replaced: doubling at each crash, up to the max. */
const CRASH_PAUSE_INITIAL_MS = 1_000;
const CRASH_PAUSE_MAX_MS = 30_000;
/** How long an administrator's config change waits for a majority to hold it before it is reported unconfirmed. */
const CONFIG_COMMIT_TIMEOUT_MS = 5_000;

export class Daemon {
  private transport!: Transport;
  private executor!: Executor;
  private remote!: RemoteOps;
  private control: ControlServer | null = null;
  private election!: Election;
  private host: CoordinatorHost | null = null;
  /** The epoch the hosted coordinator acts for (the election's may have moved on when it steps down). */
  private hostEpoch = 0;
  private ticker: unknown = null;
  private readonly clock: TransportClock;
  private readonly hardState: HardStateStore;
  private readonly held: HeldConfig;
  private readonly commits: ConfigCommits;
  private readonly replication: Throttle;
  /** The config this daemon started from: the file's, or a newer one it held before. */
  private readonly baseDoc: ClusterDocument;
  private readonly ledger: LedgerSink;
  /** The clock's time the election's ticks are counted up to (see catchUpTicks). */
  private tickedToMs = 0;
  /** The last state a coordinator replicated (or this one's own). */
  private replicated: StateBody | null = null;
  private readonly departed: Record<string, Departure> = {};
  private forwarder!: AdminForwarder;
  private closing = false;
  private inspection: Inspection | null = null;
  private readonly viewListeners = new Set<() => void>();
  private readonly logListeners = new Set<(event: CoordinatorLogEvent) => void>();
  readonly self: string;
  private readonly quorum: QuorumGuard;

  /** Seeds the election and every random draw of this daemon (fence delays): the simulator passes its own. */
  private readonly seed: number;
  private readonly random: Prng;

  private constructor(private readonly opts: DaemonOptions) {
    this.self = opts.node;
    this.seed = opts.seed ?? randomInt(2 ** 31);
    this.random = createPrng(hashSeed(this.seed, 'daemon'));
    this.clock = opts.clock ?? realClock;
    this.ledger = opts.ledger ?? NO_LEDGER;
    const c = opts.doc.config.cluster;
    this.hardState = opts.hardState ?? fileHardStateStore(c?.stateDir ?? '.', opts.node);
    // A newer config is on disk before anything depends on it, and the vote carries its generation.
    this.commits = new ConfigCommits({ clock: this.clock, config: () => this.currentDoc().config, timeoutMs: CONFIG_COMMIT_TIMEOUT_MS });
    this.held = new HeldConfig({
      store: opts.configStore ?? fileConfigStore(c?.stateDir ?? '.', opts.node), fileDoc: opts.doc, node: opts.node,
      warn: (fields, message) => opts.logger.warn(fields, message),
      onNewer: (config) => {
        this.election.setGeneration(config.generation);
        this.commits.held(this.self, config.generation);
      },
    });
    this.commits.held(this.self, this.held.startDoc.config.generation);
    this.baseDoc = this.held.startDoc;
    this.replication = new Throttle(this.clock, REPLICATE_MIN_INTERVAL_MS, () => this.replicate());
    this.quorum = new QuorumGuard({
      self: opts.node, election: () => this.election, peers: () => this.transport.peers(), config: () => this.currentDoc().config,
      executor: () => this.executor, now: () => this.clock.now(), ledger: this.ledger, logger: opts.logger,
    });
  }

  static async start(opts: DaemonOptions): Promise<Daemon> {
    const d = new Daemon(opts);
    await d.open();
    return d;
  }

  private get cluster() {
    const c = this.opts.doc.config.cluster;
    if (!c) throw new Error('this config has no cluster: section; vigil daemon needs one (see docs/config.md)');
    return c;
  }

  private async open(): Promise<void> {
    const { node, logger } = this.opts;
    const doc = this.baseDoc;
    const cluster = this.cluster;
    const me = doc.config.nodes.find((n) => n.name === node);
    if (!me?.address) throw new Error(`node ${node} is not in the config's nodes with an address; use one of: ${doc.config.nodes.map((n) => n.name).join(', ')}`);
    this.election = createElection({
      self: node, nodes: doc.config.nodes.map((n) => n.name), electionTimeoutTicks: [10, 20], leaseTicks: 8, heartbeatTicks: 2,
      seed: this.seed, generation: doc.config.generation, lostTicks: Math.ceil(cluster.heartbeatTimeoutMs / cluster.electionTickMs),
      twoNode: cluster.twoNode,
    }, this.hardState.load());
    this.tickedToMs = this.clock.now();
    const setup: TransportSetup = {
      self: node, logger, registry: createDaemonRegistry(), clock: this.clock,
      heartbeat: { intervalMs: cluster.heartbeatIntervalMs, timeoutMs: cluster.heartbeatTimeoutMs },
    };
    // Read once, and only when something needs it (the mesh, the control channel).
    const key = !this.opts.transport || this.opts.control !== false ? await loadClusterKey(cluster.keyFile) : null;
    // Every agent carries this daemon's tag; what a previous run left in flight dies first.
    const owner = { [AGENT_OWNER_ENV]: agentOwnerTag(cluster.stateDir ?? '.', node) };
    const strays = await (this.opts.killStrays ?? (() => killStrays(owner[AGENT_OWNER_ENV])))();
    if (strays.length > 0) logger.warn({ pids: strays }, 'killed agents a previous run of this daemon left running');
    const fenceRunner = this.opts.fenceRunner ?? createFenceRunner({ extraEnv: owner });
    this.fenceRunner = fenceRunner;
    // --http serves /metrics as well: agent timings come from the runner the executor uses.
    const metrics = this.opts.http ? (await import('../metrics/daemon-metrics.ts')).createDaemonMetrics(this) : undefined;
    const runner = this.opts.runner ?? createStonithAwareRunner(await this.realAgentRunner(owner), fenceRunner);
    // Alert agents carry the owner tag too: one left hanging by a killed daemon dies with the next.
    this.alerts = startDaemonAlerts({
      self: node, config: () => this.currentDoc().config, view: () => this.view(), onViewChange: (l) => this.onViewChange(l),
      logger, extraEnv: owner, onRun: metrics?.observeAlertRun,
    });
    const timed = metrics ? instrumentRunner(runner, metrics.observeAgentOperation) : runner;
    // The mesh last, and its handlers at once (no await in between): peers may send commands as
    // soon as it is up (a coordinator unfencing or probing this node as it rejoins), and a
    // message with no handler yet would be lost, its sender waiting out its whole timeout.
    this.transport = this.opts.transport ? await this.opts.transport(setup) : await createWsMesh({
      ...setup, key: key!,
      nodes: doc.config.nodes.map((n) => ({ name: n.name, host: n.address!.host, port: n.address!.port })),
    });
    this.forwarder = new AdminForwarder(node, this.transport, this.clock);
    this.executor = createExecutor({
      self: node, transport: this.transport, logger,
      runner: instrumentRunner(timed, this.alerts.observeOperation),
      fenceRunner,
      authority: this.authority,
      now: () => this.clock.now(), ledger: this.ledger, currentEpoch: () => this.election.status().epoch,
      stopOrder: (ids) => stopOrder(this.currentDoc().config, ids),
    });
    this.remote = createRemoteOps({ transport: this.transport, epoch: () => this.election.status().epoch, logger, local: this.executor, clock: this.clock });
    this.transport.onMessage((from, msg) => this.onMessage(from, msg));
    this.transport.onPeer((peer, up) => this.onPeer(peer, up));
    if (this.opts.control !== false) {
      this.control = await createControlServer({ host: me.address.host, port: controlPortOf(me.address), key: key!, logger, handler: { handle: (c) => this.handle(c) } });
    }
    // The status page and inspector first: a coordinator elected at the first ticks is created
    // with the inspector attached (it is given at creation only).
    this.inspection = await startInspection(this, { inspect: this.opts.inspect ?? false, http: this.opts.http, logger, metrics });
    this.scheduleTick(cluster.electionTickMs);
    logger.info({ node, mesh: `${me.address.host}:${me.address.port}`, control: this.control?.port ?? null, generation: doc.config.generation }, 'daemon started');
  }

  /** Real agents, with vigil's Pacemaker tools on their PATH talking to this daemon's agent channel. */
  private async realAgentRunner(owner: Record<string, string>): Promise<AgentRunner> {
    const handler = createAgentHandler({ self: this.self, handle: (c) => this.handle(c), view: () => this.view(), doc: () => this.currentDoc() });
    this.agentChannel = await createAgentChannel({ stateDir: this.cluster.stateDir ?? '.', node: this.self, handler, logger: this.opts.logger });
    const tools = agentToolsEnv(this.agentChannel.env);
    const options = { extraEnv: { ...tools.env, ...this.opts.agentEnv, ...owner }, path: tools.path, ocfRoot: this.opts.ocfRoot };
    // Reloads run as each agent supports them, and starts are recorded with what a reload cannot change.
    const cache = createMetadataCache();
    return createReloadAwareRunner(createOcfRunner(options), { metadata: (agent) => readAgentMetadata(agent, { ...options, cache, node: this.self }) });
  }

  private agentChannel: AgentChannel | null = null;
  private alerts: DaemonAlerts | null = null;

  /** setInterval on the injected clock: the next tick is armed after this one ran. */
  private scheduleTick(intervalMs: number): void {
    this.ticker = this.clock.setTimeout(() => {
      this.tick();
      this.scheduleTick(intervalMs);
    }, intervalMs);
  }

  private tick(): void {
    this.catchUpTicks(1);
  }

  /**
   * Ticks the election for the time that passed, when at least `minDue` ticks are due. Counted
   * on the clock, not per timer call: a process that was paused (SIGSTOP, a frozen VM) wakes up
   * with its lease already expired, and steps down before it acts on anything it hears.
   */
  private catchUpTicks(minDue: number, drain = true): void {
    const tickMs = this.cluster.electionTickMs;
    const due = Math.floor((this.clock.now() - this.tickedToMs) / tickMs);
    if (due < minDue) return;
    for (let i = 0; i < Math.min(due, TICKS_CATCH_UP_MAX); i++) this.election.tick();
    this.tickedToMs += due * tickMs;
    if (drain) this.drainElection();
    else this.clock.setTimeout(() => this.drainElection(), 0);
  }

  /**
   * Whether `from` coordinates `epoch` as far as this node knows; its own coordinator only
   * inside its lease (election.authorize). Called from inside the coordinator's own actions:
   * catch up with the clock, but step down only afterwards.
   */
  private authorizeCommand(epoch: number, from: string): Authorization {
    this.catchUpTicks(STALLED_TICKS, false);
    const verdict = this.election.authorize(epoch, from);
    if (!verdict.accepted && verdict.reason === 'lease-expired') {
      this.opts.logger.warn({ epoch }, 'refused a command of this node\'s own coordinator: its lease has run out (was this process paused?)');
    }
    return verdict;
  }

  private readonly authority = new Authority({ authorize: (epoch, from) => this.authorizeCommand(epoch, from) });

  private drainElection(): void {
    const ready = this.election.ready();
    if (ready.hardState) this.hardState.save(ready.hardState);
    this.authority.changed();
    for (const m of ready.messages) this.transport.send(m.to, { v: PROTOCOL_VERSION, kind: 'election', from: this.self, body: m });
    for (const line of ready.logs) this.opts.logger.info({ component: 'election' }, line);
    if (ready.fence) void this.fencePeerAlone(ready.fence.target, ready.fence.epoch);
    const leader = this.election.holdsLease() && !this.closing;
    if (!leader) this.leadingBlindSinceMs = null;
    if (leader && !this.host && this.mayCoordinate()) this.becomeCoordinator();
    else if (!leader && this.host) this.stepDown();
    this.quorum.check();
  }

  /**
   * Two-node mode: this node won alone and may act only once its peer is fenced; no
   * coordinator runs yet, so the daemon fences it itself, retrying with backoff while it still
   * holds that epoch's candidacy (the election ignores a result from an older epoch).
   */
  private async fencePeerAlone(target: string, epoch: number): Promise<void> {
    const record = await fencePeerWithRetries({
      self: this.self, target, epoch, doc: () => this.currentDoc(), runner: this.fenceRunner, random: () => this.random.next(),
      stillWinning: () => !this.closing && this.election.status().epoch === epoch && this.election.status().role === 'coordinator',
      ledger: this.ledger, logger: this.opts.logger, clock: this.clock,
    });
    if (record === undefined) return;
    // Nothing runs there any more: the coordinator starts with it cleanly gone, not unclean.
    this.departed[target] = 'clean';
    this.peerFences.push(record);
    this.election.step({ type: 'FENCE.DONE', target, epoch, ok: true });
    this.drainElection();
  }

  /** Since when this daemon holds the lease without having heard any coordinator's state. */
  private leadingBlindSinceMs: number | null = null;

  /**
   * A daemon that has heard no coordinator since it started knows nothing of what runs on the
   * nodes it cannot reach. Like Pacemaker's dc-deadtime, it first waits for every node to join
   * (ten heartbeat timeouts at most); then it coordinates and fences those still missing.
   */
  private mayCoordinate(): boolean {
    if (this.replicated !== null) return true;
    const members = new Set([this.self, ...this.transport.peers()]);
    if (this.currentDoc().config.nodes.every((n) => members.has(n.name))) return true;
    const now = this.clock.now();
    this.leadingBlindSinceMs ??= now;
    if (now - this.leadingBlindSinceMs < STARTUP_WAIT_HEARTBEAT_TIMEOUTS * this.cluster.heartbeatTimeoutMs) return false;
    this.opts.logger.warn({ missing: this.currentDoc().config.nodes.map((n) => n.name).filter((n) => !members.has(n)) }, 'coordinating without ever hearing the cluster\'s state: missing nodes will be fenced (startup fencing)');
    return true;
  }

  /** Fences this daemon ran itself in two-node mode, for the next coordinator's history. */
  private readonly peerFences: FenceRecord[] = [];
  private fenceRunner!: FenceRunner;

  private quorate(): boolean {
    return this.quorum.quorate();
  }

  private currentDoc(): ClusterDocument {
    if (this.host) return this.host.doc();
    const rep = this.replicated?.doc;
    return rep && compareGeneration(rep.config.generation, this.baseDoc.config.generation) >= 0 ? rep : this.baseDoc;
  }

  private becomeCoordinator(): void {
    const epoch = this.election.status().epoch;
    const base = this.currentDoc();
    const doc = this.replicated && compareGeneration(this.replicated.doc.config.generation, base.config.generation) >= 0
      ? this.replicated.doc : { config: base.config, status: this.replicated?.doc.status ?? base.status };
    this.opts.logger.info({ epoch }, 'became the coordinator');
    const members = [this.self, ...this.transport.peers()].sort();
    this.hostEpoch = epoch;
    this.ledger.record({ kind: 'coordinator.up', node: this.self, epoch, members });
    const host: CoordinatorHost = new CoordinatorHost({
      self: this.self, epoch, doc, members, departed: { ...this.departed }, startupFencing: this.replicated === null, seed: hashSeed(this.seed, `coordinator#${epoch}`),
      fenceHistory: [...(this.replicated?.view?.fencing ?? []), ...this.peerFences.splice(0)], remote: this.remote, logger: this.opts.logger, now: () => this.clock.now(), batchMs: 50, nodeActionLimitDefault: this.opts.nodeActionLimitDefault,
      onChange: () => {
        // Synchronously, before an administrator's answer can leave: an acknowledged config is on disk.
        if (this.host) this.held.hold(this.host.doc().config);
        this.replication.request();
      },
      onFenceRecorded: () => {
        // Not throttled: a fence result that died with this coordinator would be done again by
        // the next. Once the events already queued are processed (the fenced node's report, which
        // clears its resources from the status): a successor given the record with the old
        // status would still find the node possibly active and fence it again.
        this.clock.setTimeout(() => {
          if (this.host !== host) return;
          this.replication.cancel();
          this.replicate();
        }, 0);
      },
      clock: this.clock, ledger: this.ledger,
      inspect: this.inspection?.inspect, onLog: (e) => { for (const listener of this.logListeners) listener(e); },
      onCrash: () => this.replaceCrashed(host),
      commit: (config) => this.commits.whenCommitted(config.generation),
    });
    this.host = host;
    this.replication.request();
    this.notifyView();
  }

  private crashPauseMs = CRASH_PAUSE_INITIAL_MS;

  /**
   * A supervisor's restart: a coordinator that threw is replaced, after a pause that doubles at
   * each crash, by a fresh one of the same epoch, which re-probes everything as any new one does.
   */
  private replaceCrashed(crashed: CoordinatorHost): void {
    const pauseMs = this.crashPauseMs;
    this.crashPauseMs = Math.min(2 * pauseMs, CRASH_PAUSE_MAX_MS);
    // Heard inside the crashed actor's own processing: act on it once that has unwound.
    this.clock.setTimeout(() => {
      if (this.host !== crashed) return;
      this.stepDown();
      this.clock.setTimeout(() => this.drainElection(), pauseMs);
    }, 0);
  }

  private stepDown(): void {
    this.opts.logger.warn({ epoch: this.election.status().epoch }, 'no longer the coordinator');
    this.commits.cancelAll();
    this.host?.stop();
    this.host = null;
    this.notifyView();
    this.ledger.record({ kind: 'coordinator.down', node: this.self, epoch: this.hostEpoch });
  }

  private replicate(): void {
    if (!this.host) return;
    const startedMs = this.clock.now();
    const body: StateBody = { epoch: this.election.status().epoch, coordinator: this.self, doc: this.host.doc(), view: this.host.view(this.quorate()) };
    this.replicated = body;
    const json = JSON.stringify(body);
    // Measured in bytes: characters outside ASCII take up to three.
    if (json.length <= STATE_WHOLE_BYTES_MAX && Buffer.byteLength(json, 'utf8') <= STATE_WHOLE_BYTES_MAX) {
      this.transport.broadcast({ v: PROTOCOL_VERSION, kind: 'state', from: this.self, epoch: body.epoch, body });
    } else {
      // Checked as a whole here, as the receiver will check it once reassembled.
      const problem = stateSchema.check(body, 'state');
      assert(problem === undefined, `refusing to replicate an invalid state: ${problem ?? ''}`);
      for (const part of splitState(`${body.epoch}:${++this.stateSeq}`, json)) {
        this.transport.broadcast({ v: PROTOCOL_VERSION, kind: 'state-part', from: this.self, epoch: body.epoch, body: part });
      }
    }
    // A state of thousands of resources takes tens of milliseconds to send and more to check on
    // each peer: spaced so that replication takes at most a twentieth of the loop, however large.
    this.replication.setIntervalMs(Math.max(REPLICATE_MIN_INTERVAL_MS, REPLICATE_COST_FACTOR * (this.clock.now() - startedMs)));
    this.notifyView();
  }

  /** The view `vigil status` gets from this daemon; null before it has heard from any coordinator. */
  view(): ClusterView | null {
    const quorate = this.quorate();
    if (this.host) return this.host.view(quorate);
    return this.replicated ? { ...this.replicated.view, quorum: quorate } : null;
  }

  private onPeer(peer: string, up: boolean): void {
    this.catchUpTicks(STALLED_TICKS);
    if (up) delete this.departed[peer];
    if (!this.host) return;
    if (up) this.host.memberUp(peer);
    else this.host.memberDown(peer, this.departed[peer]);
  }

  private onMessage(from: string, msg: Message): void {
    this.catchUpTicks(STALLED_TICKS);
    switch (msg.kind) {
      case 'election':
        this.election.step(msg.body);
        this.drainElection();
        return;
      case 'state':
        void this.receiveState(from, msg.body);
        return;
      case 'state-part': {
        const state = this.stateParts.add(from, msg.body);
        if (state === undefined) return;
        if ('dropped' in state) this.opts.logger.warn({ from, reason: state.dropped }, 'dropped a replicated state');
        else void this.receiveState(from, state);
        return;
      }
      case 'state-ack':
        this.commits.held(from, msg.body.generation);
        return;
      case 'leave':
        this.departed[from] = msg.body.leaveResources ? 'detached' : 'clean';
        this.host?.memberDown(from, this.departed[from]);
        return;
      case 'admin':
        void this.handle(msg.body.command).then((result) => {
          this.transport.send(from, { v: PROTOCOL_VERSION, kind: 'admin-result', from: this.self, body: { id: msg.body.id, result } });
        });
        return;
      case 'admin-result':
        this.forwarder.answered(msg.body.id, msg.body.result);
        return;
      default:
        return; // exec, fence-exec and their results belong to the executor and remote-ops
    }
  }

  /** Replicated states too large for one message, reassembled per sender; the ids this one sent. */
  private readonly stateParts = new StateAssembler(stateSchema);
  private stateSeq = 0;

  /** Replicated state, taken only from the coordinator of the current epoch (authority.ts). */
  private async receiveState(from: string, body: StateBody): Promise<void> {
    const verdict = await this.authority.whenAuthorized(body.epoch, from);
    if (this.closing) return;
    if (!verdict.accepted) {
      this.opts.logger.warn({ from, epoch: body.epoch, reason: verdict.reason, current: verdict.epoch }, 'replicated state refused: not from the coordinator of the current epoch');
      return;
    }
    this.replicated = body;
    this.held.hold(body.doc.config);
    // On disk now (or something newer is): the coordinator may count this node toward a commit.
    this.transport.send(from, { v: PROTOCOL_VERSION, kind: 'state-ack', from: this.self, epoch: body.epoch, body: { generation: body.doc.config.generation } });
    this.notifyView();
  }

  /** An administrator's command: status here, the rest by the coordinator (forwarded if elsewhere). */
  handle(command: AdminCommand): Promise<AdminResult> {
    return handleAdmin({
      self: this.self, view: () => this.view(), config: () => this.currentDoc().config, doc: () => this.currentDoc(), host: () => this.host,
      coordinator: () => this.election.status().coordinator, forward: (to, c) => this.forwarder.forward(to, c),
      checkAgents: this.opts.checkAgents ?? checkConfigAgents, onStopRequest: this.opts.onStopRequest,
    }, command);
  }

  /**
   * Stops the daemon. Without leaveResources its resources are stopped first (this node
   * announces a clean leave; the coordinator starts them elsewhere). With it, nothing is
   * stopped: the node is shown detached and the next daemon re-probes and finds them running.
   */
  async shutdown(leaveResources: boolean): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const log = this.opts.logger;
    if (this.host) this.stepDown();
    // Stop first, then say goodbye: once the others hear `leave`, they may start these elsewhere.
    if (!leaveResources) {
      log.info({ running: this.executor.running() }, 'stopping this node\'s resources');
      await this.executor.stopAll('daemon shutdown', { final: true });
    }
    this.transport.broadcast({ v: PROTOCOL_VERSION, kind: 'leave', from: this.self, body: { leaveResources } });
    if (this.ticker !== null) this.clock.clearTimeout(this.ticker);
    this.authority.close();
    this.replication.cancel();
    this.remote.close();
    this.executor.close();
    this.alerts?.close();
    await this.inspection?.close();
    await this.control?.close();
    await this.agentChannel?.close();
    await this.transport.close();
    log.info({ leaveResources }, 'daemon stopped');
  }

  status() {
    return { election: this.election.status(), coordinator: this.host !== null, view: this.view() };
  }

  /** The config and status this daemon knows: its coordinator's, else the last replicated. */
  document(): ClusterDocument {
    return this.currentDoc();
  }

  /** The coordinator actor while this daemon hosts it. */
  coordinatorActor(): CoordinatorHost['actor'] | null {
    return this.host?.actor ?? null;
  }

  /** Called whenever the view may have changed (replicated, received, a coordinator up or down). */
  onViewChange(listener: () => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  /** Called for every line the coordinator logs while this daemon hosts it. */
  onCoordinatorLog(listener: (event: CoordinatorLogEvent) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  private notifyView(): void {
    for (const listener of this.viewListeners) listener();
  }
}
