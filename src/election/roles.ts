// One function per role for messages at the node's own epoch (etcd raft's stepFollower,
// stepCandidate, stepLeader), and the per-role tick. Epoch comparisons happen before these are
// called, in election.ts's root `step`.
import { assert } from '../assert.ts';
import { compareGeneration } from '../config/generation.ts';
import {
  becomeCandidate, becomeCoordinator, becomeFollower, becomePreCandidate, broadcastHeartbeat, holdsLease, inLease, log,
  nextCampaignEpoch, resetElectionTimer, send, wonVote, type ElectionState,
} from './state.ts';
import type { Msg, VoteRefusal } from './types.ts';

export function stepFollower(s: ElectionState, msg: Msg): void {
  switch (msg.type) {
    case 'HEARTBEAT.PING':
      s.coordinator = msg.from;
      s.stickyUntilTick = s.nowTicks + s.cfg.electionTimeoutMinTicks;
      s.electionElapsedTicks = 0;
      send(s, { type: 'HEARTBEAT.ACK', from: s.cfg.self, to: msg.from, epoch: s.epoch, sentTick: msg.sentTick, ok: true });
      return;
    case 'VOTE.REQUEST': {
      const refusal = voteRefusal(s, msg);
      if (refusal === null) {
        s.votedFor = msg.from;
        s.hardStateDirty = true;
        s.electionElapsedTicks = 0;
      } else {
        log(s, `refused vote to ${msg.from}: ${refusal}`);
      }
      replyVote(s, msg.from, refusal);
      return;
    }
    default:
      return; // late replies from an earlier role
  }
}

/** Raft's vote rule (§5.2, §5.4.1) plus stickiness (dissertation §4.2.3). null = grant. */
function voteRefusal(s: ElectionState, msg: Extract<Msg, { type: 'VOTE.REQUEST' }>): VoteRefusal | null {
  if (s.votedFor !== null && s.votedFor !== msg.from) return 'already-voted';
  if (s.votedFor === null && s.coordinator !== null) return 'has-coordinator';
  if (inLease(s)) return 'in-lease';
  // Like raft's "log at least as up-to-date": a coordinator must not roll the replicated
  // config back, so a node with an older generation cannot win against a newer one.
  if (compareGeneration(msg.generation, s.generation) < 0) return 'older-generation';
  return null;
}

/**
 * Would this node vote for the sender in the epoch it proposes? Nothing is recorded and no
 * epoch adopted (raft thesis §9.6). Refused while it hears a live coordinator (in-lease, which
 * a coordinator always is) or when the sender's config is older; a sender that is behind learns
 * the current epoch from the refusal.
 */
export function answerPreVote(s: ElectionState, msg: Extract<Msg, { type: 'PREVOTE.REQUEST' }>): void {
  let refusal: VoteRefusal | null = null;
  if (msg.epoch <= s.epoch) refusal = 'stale-epoch';
  else if (inLease(s)) refusal = 'in-lease';
  else if (compareGeneration(msg.generation, s.generation) < 0) refusal = 'older-generation';
  if (refusal !== null) log(s, `refused pre-vote to ${msg.from} for epoch ${msg.epoch}: ${refusal}`);
  send(s, refusal === null
    ? { type: 'PREVOTE.REPLY', from: s.cfg.self, to: msg.from, epoch: msg.epoch, granted: true }
    : { type: 'PREVOTE.REPLY', from: s.cfg.self, to: msg.from, epoch: s.epoch, granted: false, refusal });
}

export function preVoteReply(s: ElectionState, msg: Extract<Msg, { type: 'PREVOTE.REPLY' }>): void {
  // A refusal from a newer epoch: the cluster moved on while this node was away; catch up.
  if (!msg.granted && msg.epoch > s.epoch) return becomeFollower(s, msg.epoch, null, 'higher-epoch');
  if (s.role !== 'pre-candidate' || (msg.granted && msg.epoch !== nextCampaignEpoch(s))) return; // late, from an earlier round
  s.votes[msg.from] = msg.granted;
  if (wonVote(s)) becomeCandidate(s);
}

export function stepPreCandidate(s: ElectionState, msg: Msg): void {
  switch (msg.type) {
    case 'HEARTBEAT.PING':
    case 'VOTE.REQUEST':
      // Its coordinator is alive, or a candidate of this epoch asks: back to following.
      becomeFollower(s, s.epoch, s.coordinator, 'higher-epoch');
      stepFollower(s, msg);
      return;
    default:
      return;
  }
}

export function replyVote(s: ElectionState, to: string, refusal: VoteRefusal | null): void {
  const reply: Msg = refusal === null
    ? { type: 'VOTE.REPLY', from: s.cfg.self, to, epoch: s.epoch, granted: true }
    : { type: 'VOTE.REPLY', from: s.cfg.self, to, epoch: s.epoch, granted: false, refusal };
  send(s, reply);
}

export function stepCandidate(s: ElectionState, msg: Msg): void {
  switch (msg.type) {
    case 'HEARTBEAT.PING':
      // Someone won this epoch: follow it (raft §5.2).
      becomeFollower(s, s.epoch, msg.from, 'higher-epoch');
      stepFollower(s, msg);
      return;
    case 'VOTE.REQUEST':
      replyVote(s, msg.from, 'already-voted');
      return;
    case 'VOTE.REPLY':
      s.votes[msg.from] = msg.granted;
      if (wonVote(s)) becomeCoordinator(s, false);
      return;
    default:
      return;
  }
}

export function stepCoordinator(s: ElectionState, msg: Msg): void {
  switch (msg.type) {
    case 'HEARTBEAT.ACK':
      if (!msg.ok) return;
      assert(msg.sentTick <= s.nowTicks, `ack from ${msg.from} echoes a future tick ${msg.sentTick}`);
      s.ackedSentTick[msg.from] = Math.max(s.ackedSentTick[msg.from] ?? -Infinity, msg.sentTick);
      // The fenced peer is back and acknowledging: the ordinary majority lease takes over.
      if (s.peerFenced) {
        s.peerFenced = false;
        log(s, `fenced peer ${msg.from} is back; lease needs its acknowledgements again`);
      }
      return;
    case 'VOTE.REQUEST':
      replyVote(s, msg.from, 'already-voted');
      return;
    case 'HEARTBEAT.PING':
      assert(false, `two coordinators in epoch ${s.epoch}: ${s.cfg.self} and ${msg.from}`);
      return;
    default:
      return;
  }
}

export function tickCoordinator(s: ElectionState): void {
  if (s.nowTicks - s.lastHeartbeatTick >= s.cfg.heartbeatTicks) broadcastHeartbeat(s);
  if (s.leaseAcquired && !holdsLease(s)) {
    becomeFollower(s, s.epoch, null, 'lease-expired');
    return;
  }
  // A two-node lone winner waits for its fence however long it takes (the fence is retried).
  const awaitingFence = s.fenceRequested && !s.peerFenced;
  if (!s.leaseAcquired && !awaitingFence && s.nowTicks - s.becameCoordinatorTick >= s.cfg.electionTimeoutMinTicks) {
    becomeFollower(s, s.epoch, null, 'no-lease-acquired');
  }
}

export function tickElection(s: ElectionState): void {
  s.electionElapsedTicks++;
  if (s.electionElapsedTicks < s.randomizedTimeoutTicks) return;
  if (s.role === 'candidate' && mayWinAlone(s)) {
    becomeCoordinator(s, true);
    return;
  }
  // Two-node: a silent peer cannot grant a pre-vote; a whole silent round lets it campaign.
  if (s.role === 'pre-candidate' && mayWinAlone(s)) becomeCandidate(s);
  else if (mayCampaign(s)) becomePreCandidate(s);
  else resetElectionTimer(s);
}

/** Two-node: a whole round without a word from the peer (wait_for_all met) wins alone (or may campaign). */
function mayWinAlone(s: ElectionState): boolean {
  return s.cfg.twoNode && !s.peerAnswered && s.seen[s.cfg.peers[0] as string] === true;
}

function mayCampaign(s: ElectionState): boolean {
  if ((s.cfg.votes[s.cfg.self] ?? 0) === 0) return false;
  // wait_for_all is not needed here: a node that never saw its peer may still ask for its vote
  // (that is how they first meet); it only may not win alone (mayWinAlone).
  return !inLease(s);
}
