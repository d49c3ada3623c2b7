// One node's daemon: the mesh to its peers, the executor of its agents, its part in the
// election, the control channel for the CLI, and, while it holds the coordinator's lease, the
// coordinator itself (coordinator-host.ts). It keeps no resource state: only its vote.
//
// Order of effects per election batch: persist the vote, then send, then act on the role.
import { randomInt } from 'node:crypto';
import { createOcfRunner, type AgentRunner } from '../agents/ocf-runner.ts';
import { createFenceRunner, type FenceRunner } from '../agents/fence.ts';
import { createStonithAwareRunner } from '../agents/stonith-runner.ts';
import { loadDocumentText } from '../config/load.ts';
import { compareGeneration } from '../config/generation.ts';
import type { ClusterDocument } from '../config/model.ts';
import { ConfigError } from '../config/errors.ts';
import { createElection, type Election } from '../election/election.ts';
import type { Departure } from '../machines/coordinator-types.ts';
import type { Logger } from '../runtime/logger.ts';
import { loadClusterKey } from '../transport/cluster-key.ts';
import type { Message, Transport } from '../transport/types.ts';
import { createWsMesh } from '../transport/ws-mesh.ts';
import { PROTOCOL_VERSION } from '../transport/constants.ts';
import { CoordinatorHost } from './coordinator-host.ts';
import { controlPortOf, createControlServer, type ControlServer } from './control-server.ts';
import type { AdminCommand, AdminResult } from './control-types.ts';
import { createExecutor, type Executor } from './executor.ts';
import { hardStateFile, loadHardState, saveHardState } from './hard-state.ts';
import { createDaemonRegistry } from './protocol-kinds.ts';
import type { StateBody } from './protocol.ts';
import { createRemoteOps, type RemoteOps } from './remote-ops.ts';
import type { ClusterView } from './view-types.ts';

export interface DaemonOptions {
  doc: ClusterDocument;
  node: string;
  logger: Logger;
  /** Extra environment for every agent (the loopback demo gives each node its own HA_RSCTMP). */
  agentEnv?: Record<string, string>;
  runner?: AgentRunner;
  fenceRunner?: FenceRunner;
  /** Called when an administrator asks this daemon to stop. */
  onStopRequest?: (leaveResources: boolean) => void;
}

const REPLICATE_MIN_INTERVAL_MS = 100;
const ADMIN_FORWARD_TIMEOUT_MS = 10_000;

export class Daemon {
  private transport!: Transport;
  private executor!: Executor;
  private remote!: RemoteOps;
  private control!: ControlServer;
  private election!: Election;
  private host: CoordinatorHost | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private replicateTimer: NodeJS.Timeout | null = null;
  private lastReplicateMs = 0;
  /** The last state a coordinator replicated (or this one's own). */
  private replicated: StateBody | null = null;
  private readonly departed: Record<string, Departure> = {};
  private readonly forwards = new Map<string, (r: AdminResult) => void>();
  private forwardSeq = 0;
  private closing = false;
  readonly self: string;

  private constructor(private readonly opts: DaemonOptions) {
    this.self = opts.node;
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
    const { doc, node, logger } = this.opts;
    const cluster = this.cluster;
    const me = doc.config.nodes.find((n) => n.name === node);
    if (!me?.address) throw new Error(`node ${node} is not in the config's nodes with an address; use one of: ${doc.config.nodes.map((n) => n.name).join(', ')}`);
    const key = await loadClusterKey(cluster.keyFile);
    const stateFile = hardStateFile(cluster.stateDir, node);
    this.election = createElection({
      self: node, nodes: doc.config.nodes.map((n) => n.name), electionTimeoutTicks: [10, 20], leaseTicks: 8, heartbeatTicks: 2,
      seed: randomInt(2 ** 31), generation: doc.config.generation, lostTicks: Math.ceil(cluster.heartbeatTimeoutMs / cluster.electionTickMs),
    }, loadHardState(stateFile));
    this.transport = await createWsMesh({
      self: node, key, logger, registry: createDaemonRegistry(),
      nodes: doc.config.nodes.map((n) => ({ name: n.name, host: n.address!.host, port: n.address!.port })),
      heartbeat: { intervalMs: cluster.heartbeatIntervalMs, timeoutMs: cluster.heartbeatTimeoutMs },
    });
    const fenceRunner = this.opts.fenceRunner ?? createFenceRunner();
    this.executor = createExecutor({
      self: node, transport: this.transport, logger,
      runner: this.opts.runner ?? createStonithAwareRunner(createOcfRunner({ extraEnv: this.opts.agentEnv }), fenceRunner),
      fenceRunner,
      checkEpoch: (epoch, from) => this.election.checkEpoch(epoch, from),
    });
    this.remote = createRemoteOps({ transport: this.transport, epoch: () => this.election.status().epoch, logger, local: this.executor });
    this.transport.onMessage((from, msg) => this.onMessage(from, msg));
    this.transport.onPeer((peer, up) => this.onPeer(peer, up));
    this.control = await createControlServer({ host: me.address.host, port: controlPortOf(me.address), key, logger, handler: { handle: (c) => this.handle(c) } });
    this.ticker = setInterval(() => this.tick(stateFile), cluster.electionTickMs);
    logger.info({ node, mesh: `${me.address.host}:${me.address.port}`, control: this.control.port, generation: doc.config.generation }, 'daemon started');
  }

  private tick(stateFile: string): void {
    this.election.tick();
    this.drainElection(stateFile);
  }

  private drainElection(stateFile = hardStateFile(this.cluster.stateDir, this.self)): void {
    const ready = this.election.ready();
    if (ready.hardState) saveHardState(stateFile, ready.hardState);
    for (const m of ready.messages) this.transport.send(m.to, { v: PROTOCOL_VERSION, kind: 'election', from: this.self, body: m });
    for (const line of ready.logs) this.opts.logger.info({ component: 'election' }, line);
    const leader = this.election.holdsLease() && !this.closing;
    if (leader && !this.host) this.becomeCoordinator();
    else if (!leader && this.host) this.stepDown();
    this.checkQuorum();
  }

  private quorumLostSince: number | null = null;

  /** Without quorum and with no-quorum-policy=stop, this node stops what it runs. */
  private checkQuorum(): void {
    const quorate = this.election.membership().quorum.quorate;
    if (quorate) {
      this.quorumLostSince = null;
      return;
    }
    if (this.quorumLostSince !== null) return;
    this.quorumLostSince = Date.now();
    const policy = this.currentDoc().config.options.noQuorumPolicy;
    this.opts.logger.warn({ policy }, 'this partition has no quorum');
    if (policy === 'stop' && this.executor.running().length > 0) void this.executor.stopAll('quorum lost (no-quorum-policy=stop)');
  }

  private currentDoc(): ClusterDocument {
    if (this.host) return this.host.doc();
    const rep = this.replicated?.doc;
    return rep && compareGeneration(rep.config.generation, this.opts.doc.config.generation) >= 0 ? rep : this.opts.doc;
  }

  private becomeCoordinator(): void {
    const epoch = this.election.status().epoch;
    const base = this.currentDoc();
    const doc = this.replicated && compareGeneration(this.replicated.doc.config.generation, base.config.generation) >= 0
      ? this.replicated.doc : { config: base.config, status: this.replicated?.doc.status ?? base.status };
    this.opts.logger.info({ epoch }, 'became the coordinator');
    this.host = new CoordinatorHost({
      self: this.self, epoch, doc, members: [this.self, ...this.transport.peers()].sort(), departed: { ...this.departed },
      fenceHistory: this.replicated?.view?.fencing ?? [], remote: this.remote, logger: this.opts.logger, now: Date.now, batchMs: 50,
      onChange: () => this.scheduleReplication(),
    });
    this.scheduleReplication();
  }

  private stepDown(): void {
    this.opts.logger.warn({ epoch: this.election.status().epoch }, 'no longer the coordinator');
    this.host?.stop();
    this.host = null;
  }

  private scheduleReplication(): void {
    if (this.replicateTimer) return;
    const wait = Math.max(0, this.lastReplicateMs + REPLICATE_MIN_INTERVAL_MS - Date.now());
    this.replicateTimer = setTimeout(() => {
      this.replicateTimer = null;
      this.lastReplicateMs = Date.now();
      this.replicate();
    }, wait);
  }

  private replicate(): void {
    if (!this.host) return;
    const body: StateBody = { epoch: this.election.status().epoch, coordinator: this.self, doc: this.host.doc(), view: this.host.view(this.election.membership().quorum.quorate) };
    this.replicated = body;
    this.transport.broadcast({ v: PROTOCOL_VERSION, kind: 'state', from: this.self, epoch: body.epoch, body });
  }

  private view(): ClusterView | null {
    const quorate = this.election.membership().quorum.quorate;
    if (this.host) return this.host.view(quorate);
    return this.replicated ? { ...this.replicated.view, quorum: quorate } : null;
  }

  private onPeer(peer: string, up: boolean): void {
    if (up) delete this.departed[peer];
    if (!this.host) return;
    if (up) this.host.memberUp(peer);
    else this.host.memberDown(peer, this.departed[peer]);
  }

  private onMessage(from: string, msg: Message): void {
    switch (msg.kind) {
      case 'election':
        this.election.step(msg.body);
        this.drainElection();
        return;
      case 'state': {
        const check = this.election.checkEpoch(msg.body.epoch, from);
        if (!check.accepted) return;
        this.replicated = msg.body;
        return;
      }
      case 'leave':
        this.departed[from] = msg.body.leaveResources ? 'detached' : 'clean';
        this.host?.memberDown(from, this.departed[from]);
        return;
      case 'admin':
        void this.handle(msg.body.command).then((result) => {
          this.transport.send(from, { v: PROTOCOL_VERSION, kind: 'admin-result', from: this.self, body: { id: msg.body.id, result } });
        });
        return;
      case 'admin-result': {
        const resolve = this.forwards.get(msg.body.id);
        this.forwards.delete(msg.body.id);
        resolve?.(msg.body.result);
        return;
      }
      default:
        return; // exec, fence-exec and their results belong to the executor and remote-ops
    }
  }

  /** An administrator's command: status here, the rest by the coordinator (forwarded if elsewhere). */
  async handle(command: AdminCommand): Promise<AdminResult> {
    if (command.type === 'status' || command.type === 'fence.history') {
      const view = this.view();
      if (!view) return { ok: false, error: `${this.self} has not heard from a coordinator yet (no quorum, or the cluster is forming); try again` };
      return { ok: true, message: command.type, view };
    }
    if (command.type === 'config.show') {
      const { writeYamlConfig } = await import('../config/yaml/write.ts');
      return { ok: true, message: 'config', text: writeYamlConfig({ config: this.currentDoc().config, status: { nodes: [], history: [], quorum: true } }) };
    }
    if (command.type === 'daemon.stop') {
      this.opts.onStopRequest?.(command.leaveResources);
      return { ok: true, message: `${this.self}'s daemon is stopping${command.leaveResources ? ', leaving its resources running' : ''}` };
    }
    if (this.host) {
      if (command.type === 'config.apply') return this.applyConfig(command.file, command.text);
      return this.host.command(command);
    }
    const coordinator = this.election.status().coordinator;
    if (!coordinator || coordinator === this.self) return { ok: false, error: 'there is no coordinator right now (no quorum, or an election is running); try again' };
    return this.forward(coordinator, command);
  }

  private async applyConfig(file: string, text: string): Promise<AdminResult> {
    let doc: ClusterDocument;
    try {
      doc = await loadDocumentText(text, file);
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, error: `${file} refused, nothing changed:\n${error.format()}` };
      return { ok: false, error: `${file} refused, nothing changed: ${error instanceof Error ? error.message : String(error)}` };
    }
    const current = this.host!.doc().config;
    let config = { ...doc.config, cluster: doc.config.cluster ?? current.cluster };
    if (compareGeneration(config.generation, current.generation) <= 0) {
      config = { ...config, generation: { ...current.generation, epoch: current.generation.epoch + 1, updates: 0 } };
    }
    return this.host!.replaceConfig(config);
  }

  private forward(coordinator: string, command: AdminCommand): Promise<AdminResult> {
    const id = `${this.self}-${++this.forwardSeq}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.forwards.delete(id);
        resolve({ ok: false, error: `no answer from the coordinator ${coordinator} within ${ADMIN_FORWARD_TIMEOUT_MS} ms` });
      }, ADMIN_FORWARD_TIMEOUT_MS);
      this.forwards.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.transport.send(coordinator, { v: PROTOCOL_VERSION, kind: 'admin', from: this.self, body: { id, command } });
    });
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
      await this.executor.stopAll('daemon shutdown');
    }
    this.transport.broadcast({ v: PROTOCOL_VERSION, kind: 'leave', from: this.self, body: { leaveResources } });
    if (this.ticker) clearInterval(this.ticker);
    if (this.replicateTimer) clearTimeout(this.replicateTimer);
    this.remote.close();
    this.executor.close();
    await this.control.close();
    await this.transport.close();
    log.info({ leaveResources }, 'daemon stopped');
  }

  status() {
    return { election: this.election.status(), coordinator: this.host !== null, view: this.view() };
  }
}
