// The election core's plain-JSON data: configuration, persistent state, wire messages, and the
// Ready batch of effects the caller executes (etcd raft's RawNode/Ready split: the core decides,
// the caller does the I/O).
import type { Generation } from '../config/model.ts';

/** pre-candidate: asking whether it could win before raising the epoch (raft thesis §9.6, etcd's PreVote). */
export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'coordinator';

/**
 * What a node must keep on disk across restarts (raft's currentTerm/votedFor, paper §5.1 and
 * Figure 2). The caller persists `Ready.hardState` BEFORE sending `Ready.messages`: a vote sent
 * and then forgotten by a crash would let the node vote twice in one epoch.
 */
export interface HardState {
  epoch: number;
  votedFor: string | null;
}

export interface ElectionConfig {
  self: string;
  /** Every configured node, this one included. */
  nodes: string[];
  /** Votes per node (corosync's quorum_votes); 1 for any node not listed. 0 = member without a vote. */
  votes?: Record<string, number>;
  /** Randomized election timeout range [min, max), in ticks (raft §5.2). */
  electionTimeoutTicks: [number, number];
  /** How long a majority acknowledgement keeps the coordinator's lease, in ticks; < min election timeout. */
  leaseTicks: number;
  heartbeatTicks: number;
  /** Seeds this node's PRNG (mixed with `self`, so nodes sharing a seed still draw differently). */
  seed: number;
  /** corosync votequorum's two_node + wait_for_all; only for exactly two nodes of one vote each. */
  twoNode?: boolean;
  /** The node's config generation, compared in the vote rule like raft's log up-to-date check. */
  generation?: Generation;
  /** A peer not heard from for this many ticks is lost (membership); default: max election timeout. */
  lostTicks?: number;
}

/** Why a vote was refused: data, so tests and logs can say why. */
export type VoteRefusal = 'already-voted' | 'older-generation' | 'in-lease' | 'stale-epoch' | 'has-coordinator';

export type Msg =
  | { type: 'VOTE.REQUEST'; from: string; to: string; epoch: number; generation: Generation }
  /**
   * Pre-vote: `epoch` is the epoch the sender WOULD campaign in; nobody adopts it or records a
   * vote. Granted means "I would vote for you"; a refusal carries the voter's own epoch.
   */
  | { type: 'PREVOTE.REQUEST'; from: string; to: string; epoch: number; generation: Generation }
  | { type: 'PREVOTE.REPLY'; from: string; to: string; epoch: number; granted: boolean; refusal?: VoteRefusal }
  | { type: 'VOTE.REPLY'; from: string; to: string; epoch: number; granted: boolean; refusal?: VoteRefusal }
  /** `sentTick` is the coordinator's own tick when it sent this round; the ack echoes it. */
  | { type: 'HEARTBEAT.PING'; from: string; to: string; epoch: number; sentTick: number }
  | { type: 'HEARTBEAT.ACK'; from: string; to: string; epoch: number; sentTick: number; ok: boolean };

/** Local input (not from the wire): the caller's fence of `target`, asked for in `Ready.fence`, finished. */
export interface FenceDone {
  type: 'FENCE.DONE';
  target: string;
  epoch: number;
  ok: boolean;
}

export type Input = Msg | FenceDone;

export type LostReason = 'lease-expired' | 'no-lease-acquired' | 'higher-epoch';

/** One batch of effects; `ready()` hands it over and clears it. */
export interface Ready {
  /** Persist before sending `messages`. Present only when it changed. */
  hardState?: HardState;
  messages: Msg[];
  becameCoordinator?: { epoch: number };
  lostCoordinator?: { epoch: number; reason: LostReason };
  /** The lease (the right to act) was acquired or lost in this batch. */
  lease?: 'acquired' | 'lost';
  /** Two-node mode only: won alone, so the peer must be fenced before this node may act. */
  fence?: { target: string; epoch: number };
  /** One line per role change or refused input (STYLE: becomeX logs one line). */
  logs: string[];
}

export interface ElectionStatus {
  self: string;
  role: Role;
  epoch: number;
  votedFor: string | null;
  /** The coordinator this node follows (or itself), if known, at `epoch`. */
  coordinator: string | null;
  holdsLease: boolean;
  nowTicks: number;
}

export type EpochCheck =
  | { accepted: true; epoch: number }
  | { accepted: false; epoch: number; reason: 'stale-epoch' };

/**
 * Whether a command (an agent operation, a fence attempt, replicated state) comes from the
 * coordinator of this node's current epoch. `not-coordinator` may turn into acceptance once the
 * node hears that coordinator's heartbeat (a command can overtake it, or come right after a restart).
 */
export type Authorization =
  | { accepted: true; epoch: number }
  /** lease-expired: this node's own coordinator, outside its lease (it may have been paused). */
  | { accepted: false; epoch: number; reason: 'stale-epoch' | 'not-coordinator' | 'lease-expired' };
