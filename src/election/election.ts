// The public face of the election core: createElection(config, restored?) returns an object
// with one entry point for input (`step`), one for time (`tick`), and `ready()` that hands over
// the effects. Nothing here touches a clock, a socket or a disk; the daemon (or the simulator)
// does, in this order: persist `ready.hardState`, then send `ready.messages`, then act on the
// role/lease/fence fields. Raft paper (Ongaro & Ousterhout 2014) §5.2 election, §5.4.1 vote
// restriction; dissertation (Ongaro 2014) §4.2.3 disruptive servers, §6.4.1 leases.
import { assert } from '../assert.ts';
import type { Generation } from '../config/model.ts';
import { normalizeConfig } from './config.ts';
import { hashSeed } from './prng.ts';
import { evaluateQuorum, type QuorumResult } from './quorum.ts';
import {
  answerPreVote, preVoteReply, replyVote, stepCandidate, stepCoordinator, stepFollower, stepPreCandidate, tickCoordinator, tickElection,
} from './roles.ts';
import {
  becomeFollower, emptyReady, hardStateOf, holdsLease, inLease, leaseExpiryTick, log, resetElectionTimer, send,
  type ElectionState,
} from './state.ts';
import type { Authorization, ElectionConfig, ElectionStatus, EpochCheck, FenceDone, HardState, Input, Msg, Ready } from './types.ts';

export interface Membership {
  /** Nodes heard from within lostTicks, this one included. */
  present: string[];
  lost: string[];
  quorum: QuorumResult;
}

export interface Election {
  tick(): void;
  step(input: Input): void;
  ready(): Ready;
  hardState(): HardState;
  status(): ElectionStatus;
  /** True only for the coordinator inside its lease: the only state in which it may act. */
  holdsLease(): boolean;
  /** The tick at which the current lease ends (-Infinity if none). */
  leaseExpiryTick(): number;
  /** Daemons call this with every command's epoch: older epochs are refused, newer ones adopted. */
  checkEpoch(commandEpoch: number, from?: string): EpochCheck;
  /**
   * Daemons call this with every command: only the coordinator of the current epoch (this node
   * itself only inside its lease) is obeyed. Unlike checkEpoch, a newer epoch is NOT adopted:
   * a command proves nothing about who won an election (DESIGN: only the coordinator of the
   * current epoch may ask a daemon to run an agent).
   */
  authorize(commandEpoch: number, from: string): Authorization;
  membership(): Membership;
  setGeneration(generation: Generation): void;
}

/**
 * `restored` is the last persisted HardState. Whether fresh or restored, a starting node refuses
 * votes for one minimum election timeout, as if it had just heard a coordinator: it may have
 * acknowledged a lease before it stopped and cannot remember.
 */
export function createElection(config: ElectionConfig, restored?: HardState): Election {
  const cfg = normalizeConfig(config);
  if (restored) {
    assert(Number.isSafeInteger(restored.epoch) && restored.epoch >= 0, `restored epoch ${restored.epoch} is not a whole number`);
    assert(restored.votedFor === null || cfg.nodes.includes(restored.votedFor), `restored vote for unknown ${restored.votedFor}`);
  }
  const s: ElectionState = {
    cfg, role: 'follower', epoch: restored?.epoch ?? 0, votedFor: restored?.votedFor ?? null, hardStateDirty: false,
    coordinator: null, nowTicks: 0, electionElapsedTicks: 0, randomizedTimeoutTicks: 0,
    rng: hashSeed(cfg.seed, cfg.self), stickyUntilTick: cfg.electionTimeoutMinTicks, generation: cfg.generation,
    lastHeardTick: {}, seen: { [cfg.self]: true }, votes: {}, peerAnswered: false, ackedSentTick: {},
    becameCoordinatorTick: 0, lastHeartbeatTick: 0, leaseAcquired: false, fenceRequested: false, peerFenced: false,
    reportedLease: false, out: emptyReady(),
  };
  resetElectionTimer(s);
  return {
    tick: () => afterInput(s, () => tick(s)),
    step: (input) => afterInput(s, () => step(s, input)),
    ready: () => takeReady(s),
    hardState: () => hardStateOf(s),
    status: () => statusOf(s),
    holdsLease: () => holdsLease(s),
    leaseExpiryTick: () => leaseExpiryTick(s),
    checkEpoch: (commandEpoch, from) => afterInput(s, () => checkEpoch(s, commandEpoch, from)),
    authorize: (commandEpoch, from) => authorize(s, commandEpoch, from),
    membership: () => membershipOf(s),
    setGeneration: (generation) => { s.generation = generation; },
  };
}

function afterInput<T>(s: ElectionState, run: () => T): T {
  const result = run();
  const held = holdsLease(s);
  if (held) s.leaseAcquired = true;
  if (held !== s.reportedLease) {
    s.out.lease = held ? 'acquired' : 'lost';
    s.reportedLease = held;
  }
  return result;
}

function tick(s: ElectionState): void {
  s.nowTicks++;
  if (s.role === 'coordinator') tickCoordinator(s);
  else tickElection(s);
}

/** The root guard (etcd's Step): sender and epoch checks for every role, then the role's step. */
function step(s: ElectionState, input: Input): void {
  if (input.type === 'FENCE.DONE') return fenceDone(s, input);
  const msg: Msg = input;
  if (msg.to !== s.cfg.self || msg.from === s.cfg.self || !s.cfg.peers.includes(msg.from)) {
    log(s, `dropped ${msg.type} from ${msg.from} to ${msg.to}: not a configured peer of this node`);
    return;
  }
  s.lastHeardTick[msg.from] = s.nowTicks;
  s.seen[msg.from] = true;
  if (s.role === 'candidate' || s.role === 'pre-candidate') s.peerAnswered = true;
  // Pre-votes never move an epoch forward (their epoch is only proposed): handled apart.
  if (msg.type === 'PREVOTE.REQUEST') return answerPreVote(s, msg);
  if (msg.type === 'PREVOTE.REPLY') return preVoteReply(s, msg);
  if (msg.epoch > s.epoch) {
    if (msg.type === 'VOTE.REQUEST' && inLease(s)) {
      // Do not even adopt the epoch: a live coordinator's followers ignore disruptive candidates.
      log(s, `refused vote to ${msg.from} for epoch ${msg.epoch}: in-lease`);
      return replyVote(s, msg.from, 'in-lease');
    }
    becomeFollower(s, msg.epoch, msg.type === 'HEARTBEAT.PING' ? msg.from : null, 'higher-epoch');
  } else if (msg.epoch < s.epoch) {
    return refuseStale(s, msg);
  }
  if (s.role === 'follower') stepFollower(s, msg);
  else if (s.role === 'pre-candidate') stepPreCandidate(s, msg);
  else if (s.role === 'candidate') stepCandidate(s, msg);
  else stepCoordinator(s, msg);
}

/** A deposed coordinator learns the newer epoch from the refusal and steps down (etcd's checkQuorum reply). */
function refuseStale(s: ElectionState, msg: Msg): void {
  if (msg.type === 'HEARTBEAT.PING') {
    send(s, { type: 'HEARTBEAT.ACK', from: s.cfg.self, to: msg.from, epoch: s.epoch, sentTick: msg.sentTick, ok: false });
  } else if (msg.type === 'VOTE.REQUEST') {
    replyVote(s, msg.from, 'stale-epoch');
  }
}

function fenceDone(s: ElectionState, done: FenceDone): void {
  const current = s.role === 'coordinator' && s.fenceRequested && done.epoch === s.epoch;
  if (!current) {
    log(s, `ignored fence result for ${done.target} from epoch ${done.epoch}`);
    return;
  }
  assert(done.target === s.cfg.peers[0], `fence result for ${done.target}, but the peer is ${s.cfg.peers[0]}`);
  if (done.ok) s.peerFenced = true;
  log(s, done.ok ? `peer ${done.target} fenced: acting alone` : `fencing ${done.target} failed: still not acting`);
}

function checkEpoch(s: ElectionState, commandEpoch: number, from?: string): EpochCheck {
  assert(Number.isSafeInteger(commandEpoch) && commandEpoch >= 0, `command epoch ${commandEpoch} is not a whole number`);
  if (commandEpoch < s.epoch) {
    log(s, `refused a command from ${from ?? 'unknown'} of older epoch ${commandEpoch}`);
    return { accepted: false, epoch: s.epoch, reason: 'stale-epoch' };
  }
  if (commandEpoch > s.epoch) becomeFollower(s, commandEpoch, from ?? null, 'higher-epoch');
  return { accepted: true, epoch: s.epoch };
}

function authorize(s: ElectionState, commandEpoch: number, from: string): Authorization {
  assert(Number.isSafeInteger(commandEpoch) && commandEpoch >= 0, `command epoch ${commandEpoch} is not a whole number`);
  if (commandEpoch < s.epoch) {
    log(s, `refused a command from ${from} of older epoch ${commandEpoch}`);
    return { accepted: false, epoch: s.epoch, reason: 'stale-epoch' };
  }
  if (from === s.cfg.self) {
    return commandEpoch === s.epoch && holdsLease(s) ? { accepted: true, epoch: s.epoch } : { accepted: false, epoch: s.epoch, reason: 'lease-expired' };
  }
  // A pre-candidate still follows its coordinator: asking for pre-votes changes no epoch.
  const following = s.role === 'follower' || s.role === 'pre-candidate';
  if (commandEpoch === s.epoch && following && s.coordinator === from) return { accepted: true, epoch: s.epoch };
  return { accepted: false, epoch: s.epoch, reason: 'not-coordinator' };
}

function takeReady(s: ElectionState): Ready {
  const ready = s.out;
  if (s.hardStateDirty) ready.hardState = hardStateOf(s);
  s.hardStateDirty = false;
  s.out = emptyReady();
  return ready;
}

function statusOf(s: ElectionState): ElectionStatus {
  return {
    self: s.cfg.self, role: s.role, epoch: s.epoch, votedFor: s.votedFor, coordinator: s.coordinator,
    holdsLease: holdsLease(s), nowTicks: s.nowTicks,
  };
}

function membershipOf(s: ElectionState): Membership {
  const present = [s.cfg.self];
  const lost: string[] = [];
  for (const peer of s.cfg.peers) {
    const heard = s.lastHeardTick[peer];
    if (heard !== undefined && s.nowTicks - heard < s.cfg.lostTicks) present.push(peer);
    else lost.push(peer);
  }
  const seenAll = s.cfg.nodes.every((node) => s.seen[node] === true);
  return { present, lost, quorum: evaluateQuorum({ votes: s.cfg.votes, self: s.cfg.self, present, twoNode: s.cfg.twoNode, seenAll }) };
}
