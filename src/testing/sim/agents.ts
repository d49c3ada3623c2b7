// The simulated machines' agents: what really runs on each node (the truth the cluster can only
// learn through probes and monitors), agent runners and fence runners that play the OCF and
// fence-agents contracts against that truth, and the scripted failures the fault schedule asks
// for (an operation failing with a chosen exit code or timing out, an instance dying, a fence
// device failing or hanging). Every duration and choice comes from the seeded PRNG.
//
// An agent keeps running when its daemon crashes or pauses: only power (a fence, or the
// harness) clears a node's truth. Results reach the daemon through its NodeClock gate.
import { assert } from '../../assert.ts';
import type { FenceRequest, FenceResult, FenceRunner } from '../../agents/fence.ts';
import type { AgentRunner } from '../../agents/ocf-runner.ts';
import { OCF } from '../../ocf/exit-codes.ts';
import type { AgentOperation, AgentResult } from '../../ocf/operation.ts';
import type { Prng } from '../../transport/prng.ts';
import type { TransportClock } from '../../transport/types.ts';
import type { NodeClock } from './clock.ts';

/** What a scripted agent failure does to the next matching operation. */
export type AgentFailMode = { kind: 'rc'; rc: number } | { kind: 'timeout' } | { kind: 'dies' };

export interface AgentFault {
  node: string;
  instance: string;
  /** start, stop or monitor (recurring or probe). */
  op: 'start' | 'stop' | 'monitor';
  mode: AgentFailMode;
}

export interface FenceFault {
  device: string;
  mode: 'fail' | 'hang';
  untilMs: number;
}

/** Two nodes really running one single-instance resource at once (the harness's own oracle). */
export interface TruthViolation {
  atMs: number;
  instance: string;
  nodes: string[];
}

export interface WorldOptions {
  clock: TransportClock;
  prng: Prng;
  /** Instances that may be really active on one node only at a time. */
  singleInstance: readonly string[];
  /** A fence action succeeded on `target`: the harness powers it off (and on, for reboot). */
  powerOff(target: string, action: string): void;
}

/** Scripted faults waiting at once; the schedule adds a few per run. */
const AGENT_FAULTS_MAX = 1_000;
const FENCE_ACTIONS = new Set(['reboot', 'off', 'on']);

/** What the real node reports after a start or reload of ocf:heartbeat:Dummy (reload-runner.ts): only its unique `state` needs a restart. */
function reloadable(op: AgentOperation, result: AgentResult): AgentResult {
  return op.agent.provider === 'heartbeat' && op.agent.type === 'Dummy' ? { ...result, forceRestart: ['state'] } : result;
}

function agentResult(rc: number, durationMs: number, reason?: string, timedOut = false): AgentResult {
  return { rc, timedOut, signal: timedOut ? 'SIGKILL' : null, durationMs, outputTail: '', ...(reason ? { exitReason: reason } : {}) };
}

function fenceResult(ok: boolean, durationMs: number, reason: string, timedOut = false): FenceResult {
  return { ok, rc: ok ? 0 : timedOut ? null : 1, timedOut, signal: timedOut ? 'SIGKILL' : null, durationMs, outputTail: '', reason };
}

export class SimWorld {
  readonly truthViolations: TruthViolation[] = [];
  private readonly active = new Map<string, Set<string>>();
  /** Bumped at each power-off: effects of operations started before it are void. */
  private readonly power = new Map<string, number>();
  private readonly agentFaults: AgentFault[] = [];
  private readonly fenceFaults: FenceFault[] = [];

  constructor(private readonly opts: WorldOptions) {}

  /** Instances really running on `node`, sorted. */
  activeOn(node: string): string[] {
    return [...(this.active.get(node) ?? [])].sort();
  }

  addAgentFault(fault: AgentFault): void {
    assert(this.agentFaults.length < AGENT_FAULTS_MAX, `more than ${AGENT_FAULTS_MAX} agent faults waiting`);
    // An instance that dies does so now; its next monitor finds it stopped.
    if (fault.mode.kind === 'dies') this.active.get(fault.node)?.delete(fault.instance);
    else this.agentFaults.push(fault);
  }

  addFenceFault(fault: FenceFault): void {
    this.fenceFaults.push(fault);
  }

  /** The harness heals: scripted failures that have not fired yet are dropped. */
  clearFaults(): void {
    this.agentFaults.length = 0;
    this.fenceFaults.length = 0;
  }

  /** Power loss: nothing runs on the node any more, and what was under way there has no effect. */
  clearNode(node: string): void {
    this.active.delete(node);
    this.power.set(node, (this.power.get(node) ?? 0) + 1);
    this.inFlight.delete(node);
  }

  /**
   * A new daemon on `node` kills the agents its predecessor left running (src/agents/strays.ts):
   * they end now, without an answer; a start killed mid-way may have got far enough to run.
   * Returns a pseudo pid for each.
   */
  killStrays(node: string): number[] {
    const running = this.inFlight.get(node);
    const killed = [...(running ?? [])];
    running?.clear();
    for (const op of killed) if (op.action === 'start' || op.action === 'migrate_from') this.activate(node, op.resource);
    return killed.map((_, i) => i + 1);
  }

  /** Agent operations under way, per node (killed by killStrays, forgotten at power loss). */
  private readonly inFlight = new Map<string, Set<AgentOperation | FenceRequest>>();

  runner(node: string, gate: NodeClock): AgentRunner {
    return { run: (op) => this.runOp(node, gate, op) };
  }

  fenceRunner(node: string, gate: NodeClock): FenceRunner {
    return { run: (req) => this.runFence(node, gate, req) };
  }

  private takeAgentFault(node: string, op: AgentOperation): AgentFault | undefined {
    const kind = op.action === 'start' || op.action === 'stop' || op.action === 'monitor' ? op.action : undefined;
    const index = this.agentFaults.findIndex((f) => f.node === node && f.instance === op.resource && f.op === kind);
    return index < 0 ? undefined : this.agentFaults.splice(index, 1)[0];
  }

  private runOp(node: string, gate: NodeClock, op: AgentOperation): Promise<AgentResult> {
    const fault = this.takeAgentFault(node, op);
    const timedOut = fault?.mode.kind === 'timeout';
    const durationMs = timedOut ? op.timeoutMs : op.action === 'monitor' ? this.opts.prng.int(1, 30) : this.opts.prng.int(5, 300);
    const powerAtStart = this.power.get(node) ?? 0;
    const running = this.track(node, op);
    return new Promise((resolve) => {
      this.opts.clock.setTimeout(() => {
        if ((this.power.get(node) ?? 0) !== powerAtStart) return; // the machine lost power: no answer, ever
        if (!running.delete(op)) return; // killed as a stray: no effect, no answer
        const result = this.complete(node, op, fault, durationMs);
        gate.gate(() => resolve(result));
      }, durationMs);
    });
  }

  /** Applies the operation to the truth and says what the agent answers. */
  private complete(node: string, op: AgentOperation, fault: AgentFault | undefined, durationMs: number): AgentResult {
    const set = this.active.get(node) ?? new Set<string>();
    this.active.set(node, set);
    const mode = fault?.mode;
    if (mode?.kind === 'timeout') {
      // Killed mid-way: a start may have got far enough to run; a stop did not finish.
      if (op.action === 'start') this.activate(node, op.resource);
      return agentResult(OCF.ERR_GENERIC, durationMs, `simulated ${op.action} timed out after ${op.timeoutMs} ms`, true);
    }
    switch (op.action) {
      case 'start':
        if (mode?.kind === 'rc') {
          if (mode.rc === OCF.ERR_GENERIC) this.activate(node, op.resource); // half-started
          return agentResult(mode.rc, durationMs, `simulated start failure (rc ${mode.rc})`);
        }
        this.activate(node, op.resource);
        return reloadable(op, agentResult(OCF.SUCCESS, durationMs));
      case 'stop':
        if (mode?.kind === 'rc') return agentResult(mode.rc, durationMs, `simulated stop failure (rc ${mode.rc})`);
        set.delete(op.resource);
        return agentResult(OCF.SUCCESS, durationMs);
      case 'monitor':
        if (mode?.kind === 'rc') return agentResult(mode.rc, durationMs, `simulated monitor failure (rc ${mode.rc})`);
        return agentResult(set.has(op.resource) ? OCF.SUCCESS : OCF.NOT_RUNNING, durationMs);
      case 'reload': case 'reload-agent':
        return reloadable(op, agentResult(OCF.SUCCESS, durationMs));
      case 'validate-all': case 'meta-data': case 'notify':
        return agentResult(OCF.SUCCESS, durationMs);
      default:
        return agentResult(OCF.ERR_UNIMPLEMENTED, durationMs, `the simulated agent does not do ${op.action}`);
    }
  }

  private track(node: string, work: AgentOperation | FenceRequest): Set<AgentOperation | FenceRequest> {
    const set = this.inFlight.get(node) ?? new Set<AgentOperation | FenceRequest>();
    this.inFlight.set(node, set);
    set.add(work);
    return set;
  }

  private activate(node: string, instance: string): void {
    const set = this.active.get(node) ?? new Set<string>();
    this.active.set(node, set);
    set.add(instance);
    if (!this.opts.singleInstance.includes(instance)) return;
    const nodes = [...this.active].filter(([, set]) => set.has(instance)).map(([n]) => n).sort();
    if (nodes.length > 1) this.truthViolations.push({ atMs: this.opts.clock.now(), instance, nodes });
  }

  private fenceFault(device: string): FenceFault | undefined {
    const nowMs = this.opts.clock.now();
    return this.fenceFaults.find((f) => f.device === device && f.untilMs > nowMs);
  }

  private runFence(node: string, gate: NodeClock, req: FenceRequest): Promise<FenceResult> {
    const fault = this.fenceFault(req.device);
    const hang = fault?.mode === 'hang';
    const durationMs = hang ? req.timeoutMs : this.opts.prng.int(10, 400);
    const powerAtStart = this.power.get(node) ?? 0;
    const running = this.track(node, req);
    return new Promise((resolve) => {
      this.opts.clock.setTimeout(() => {
        if ((this.power.get(node) ?? 0) !== powerAtStart) return;
        if (!running.delete(req)) return;
        let result: FenceResult;
        if (hang) result = fenceResult(false, durationMs, `simulated: ${req.device} hung; killed after ${req.timeoutMs} ms`, true);
        else if (fault) result = fenceResult(false, durationMs, `simulated: ${req.device} failed`);
        else {
          if (FENCE_ACTIONS.has(req.action) && req.target !== undefined && req.action !== 'on') this.opts.powerOff(req.target, req.action);
          result = fenceResult(true, durationMs, `simulated: ${req.device} ${req.action}${req.target ? ` of ${req.target}` : ''} done`);
        }
        gate.gate(() => resolve(result));
      }, durationMs);
    });
  }
}
