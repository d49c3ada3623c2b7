// The election's mutable state and the transitions every role shares: becomeX (the only place a
// role changes, one log line each), the election timer, the lease arithmetic and the outbox.
// Like etcd raft's `raft` struct: mutable inside, deterministic, no clock and no I/O.
import { assert } from '../assert.ts';
import type { Generation } from '../config/model.ts';
import type { NormalizedConfig } from './config.ts';
import { nextInt } from './prng.ts';
import { quorum } from './quorum.ts';
import type { HardState, LostReason, Msg, Ready, Role } from './types.ts';

export interface ElectionState {
  cfg: NormalizedConfig;
  role: Role;
  /** Persistent (HardState). */
  epoch: number;
  votedFor: string | null;
  hardStateDirty: boolean;
  coordinator: string | null;
  nowTicks: number;
  electionElapsedTicks: number;
  randomizedTimeoutTicks: number;
  rng: number;
  /** Vote requests from anyone but `coordinator` are refused before this tick (stickiness). */
  stickyUntilTick: number;
  generation: Generation;
  /** Membership: last tick each peer was heard from; who was ever heard (wait_for_all). */
  lastHeardTick: Record<string, number>;
  seen: Record<string, boolean>;
  /** (Pre-)candidate: answers received this round (true = granted); did the two-node peer answer at all? */
  votes: Record<string, boolean>;
  peerAnswered: boolean;
  /** Coordinator: per peer, the newest own heartbeat send tick it acknowledged in this epoch. */
  ackedSentTick: Record<string, number>;
  becameCoordinatorTick: number;
  lastHeartbeatTick: number;
  leaseAcquired: boolean;
  /** Two-node: won alone, fence asked for; the fence confirmed and the peer not heard since. */
  fenceRequested: boolean;
  peerFenced: boolean;
  /** Last lease state reported in Ready. */
  reportedLease: boolean;
  out: Ready;
}

export function emptyReady(): Ready {
  return { messages: [], logs: [] };
}

export function send(s: ElectionState, msg: Msg): void {
  assert(msg.from === s.cfg.self && msg.to !== s.cfg.self, `bad envelope ${msg.from} -> ${msg.to}`);
  assert(s.out.messages.length < 64 * s.cfg.nodes.length, 'outbox bound exceeded: ready() is not being drained');
  s.out.messages.push(msg);
}

export function log(s: ElectionState, line: string): void {
  assert(s.out.logs.length < 1024, 'log bound exceeded: ready() is not being drained');
  s.out.logs.push(`${s.cfg.self} epoch ${s.epoch}: ${line}`);
}

export function hardStateOf(s: ElectionState): HardState {
  return { epoch: s.epoch, votedFor: s.votedFor };
}

export function resetElectionTimer(s: ElectionState): void {
  const [ticks, rng] = nextInt(s.rng, s.cfg.electionTimeoutMinTicks, s.cfg.electionTimeoutMaxTicks);
  s.rng = rng;
  s.randomizedTimeoutTicks = ticks;
  s.electionElapsedTicks = 0;
}

function setEpoch(s: ElectionState, epoch: number): void {
  assert(epoch >= s.epoch, `epochs only grow: ${s.epoch} -> ${epoch}`);
  if (epoch > s.epoch) {
    s.epoch = epoch;
    s.votedFor = null;
    s.hardStateDirty = true;
  }
}

export function becomeFollower(s: ElectionState, epoch: number, coordinator: string | null, why: LostReason): void {
  const wasCoordinator = s.role === 'coordinator';
  if (wasCoordinator) s.out.lostCoordinator = { epoch: s.epoch, reason: why };
  setEpoch(s, epoch);
  s.role = 'follower';
  s.coordinator = coordinator;
  resetElectionTimer(s);
  log(s, `became follower of ${coordinator ?? 'nobody'}${wasCoordinator ? ` (stepped down: ${why})` : ''}`);
}

/** Two-node mode splits the epochs between the two nodes (even/odd) so that two lone winners
 * can never share an epoch: each epoch keeps at most one coordinator. */
export function nextCampaignEpoch(s: ElectionState): number {
  const epoch = s.epoch + 1;
  if (!s.cfg.twoNode) return epoch;
  const parity = s.cfg.nodes.indexOf(s.cfg.self);
  return epoch % 2 === parity ? epoch : epoch + 1;
}

/**
 * Asks the voters whether they would vote, without raising the epoch (raft thesis §9.6): a node
 * back from a pause or a partition learns it cannot win, and leaves the live coordinator alone.
 * It keeps following its coordinator meanwhile (the epoch did not change, so neither did who
 * coordinates it).
 */
export function becomePreCandidate(s: ElectionState): void {
  assert(s.role !== 'coordinator', 'a coordinator does not campaign');
  assert((s.cfg.votes[s.cfg.self] ?? 0) > 0, 'a node without a vote does not campaign');
  s.role = 'pre-candidate';
  s.votes = { [s.cfg.self]: true };
  s.peerAnswered = false;
  resetElectionTimer(s);
  log(s, 'became pre-candidate');
  for (const peer of s.cfg.peers) {
    if ((s.cfg.votes[peer] ?? 0) === 0) continue;
    send(s, { type: 'PREVOTE.REQUEST', from: s.cfg.self, to: peer, epoch: nextCampaignEpoch(s), generation: s.generation });
  }
  if (wonVote(s)) becomeCandidate(s);
}

export function becomeCandidate(s: ElectionState): void {
  assert(s.role !== 'coordinator', 'a coordinator does not campaign');
  assert((s.cfg.votes[s.cfg.self] ?? 0) > 0, 'a node without a vote does not campaign');
  setEpoch(s, nextCampaignEpoch(s));
  s.role = 'candidate';
  s.coordinator = null;
  s.votedFor = s.cfg.self;
  s.hardStateDirty = true;
  s.votes = { [s.cfg.self]: true };
  s.peerAnswered = false;
  resetElectionTimer(s);
  log(s, 'became candidate');
  for (const peer of s.cfg.peers) {
    if ((s.cfg.votes[peer] ?? 0) === 0) continue;
    send(s, { type: 'VOTE.REQUEST', from: s.cfg.self, to: peer, epoch: s.epoch, generation: s.generation });
  }
  if (wonVote(s)) becomeCoordinator(s, false);
}

export function wonVote(s: ElectionState): boolean {
  const granted = Object.keys(s.votes).filter((node) => s.votes[node] === true);
  return quorum(s.cfg.votes, granted);
}

/** `alone`: a two-node win without the peer's vote, so the peer is fenced before acting. */
export function becomeCoordinator(s: ElectionState, alone: boolean): void {
  assert(s.role === 'candidate', `only a candidate becomes coordinator, not a ${s.role}`);
  assert(s.votedFor === s.cfg.self, 'a coordinator voted for itself in its epoch');
  s.role = 'coordinator';
  s.coordinator = s.cfg.self;
  s.ackedSentTick = {};
  s.becameCoordinatorTick = s.nowTicks;
  s.leaseAcquired = false;
  s.peerFenced = false;
  s.fenceRequested = alone;
  s.out.becameCoordinator = { epoch: s.epoch };
  log(s, `became coordinator${alone ? ' alone (two-node): fencing the peer before acting' : ''}`);
  if (alone) s.out.fence = { target: peerOf(s), epoch: s.epoch };
  broadcastHeartbeat(s);
}

export function peerOf(s: ElectionState): string {
  assert(s.cfg.twoNode && s.cfg.peers.length === 1, 'only two-node mode has a single peer');
  return s.cfg.peers[0] as string;
}

export function broadcastHeartbeat(s: ElectionState): void {
  assert(s.role === 'coordinator', 'only the coordinator sends heartbeats');
  s.lastHeartbeatTick = s.nowTicks;
  for (const peer of s.cfg.peers) {
    send(s, { type: 'HEARTBEAT.PING', from: s.cfg.self, to: peer, epoch: s.epoch, sentTick: s.nowTicks });
  }
}

/**
 * The lease ends `leaseTicks` after the newest heartbeat round that a strict majority of votes
 * acknowledged (itself counting as acknowledging now). Counting from the SEND tick, not the
 * reply's arrival, is what makes it safe: every acknowledging follower received that heartbeat
 * later, and refuses votes for a minimum election timeout (> leaseTicks) after it.
 */
export function leaseExpiryTick(s: ElectionState): number {
  if (s.role !== 'coordinator') return -Infinity;
  if (s.peerFenced) return Infinity;
  // The newest send tick t such that the nodes that acknowledged t or later hold a strict
  // majority. O(nodes^2) without allocation: this runs on every lease query.
  let best = -Infinity;
  for (const candidate of s.cfg.nodes) {
    const tick = ackTick(s, candidate);
    if (tick <= best) continue;
    let held = 0;
    for (const node of s.cfg.nodes) if (ackTick(s, node) >= tick) held += s.cfg.votes[node] ?? 0;
    if (2 * held > s.cfg.totalVotes) best = tick;
  }
  return best + s.cfg.leaseTicks;
}

function ackTick(s: ElectionState, node: string): number {
  return node === s.cfg.self ? s.nowTicks : (s.ackedSentTick[node] ?? -Infinity);
}

export function holdsLease(s: ElectionState): boolean {
  return s.role === 'coordinator' && s.nowTicks < leaseExpiryTick(s);
}

/** Leader stickiness (raft dissertation §4.2.3, etcd's checkQuorum `inLease`). */
export function inLease(s: ElectionState): boolean {
  if (s.role === 'coordinator') return true;
  return s.nowTicks < s.stickyUntilTick;
}
