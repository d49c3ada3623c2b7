// Drives one election node by hand for the per-role tables: build it, bring it to a role,
// then feed one event and look at the Ready batch it produced.
import { createElection, type Election } from '../../src/election/election.ts';
import type { ElectionConfig, HardState, Msg } from '../../src/election/types.ts';

export const unitTiming = { electionTimeoutTicks: [10, 100] as [number, number], leaseTicks: 8, heartbeatTicks: 2 };
export const generation0 = { adminEpoch: 0, epoch: 0, updates: 0 };

export function newNode(extra: Partial<ElectionConfig> = {}, restored?: HardState): Election {
  return createElection({ self: 'n1', nodes: ['n1', 'n2', 'n3'], seed: 1, ...unitTiming, ...extra }, restored);
}

/** Ticks until `done` or throws: a test's precondition, never silently skipped. */
export function tickUntil(node: Election, done: (node: Election) => boolean, ticksMax = 200): void {
  for (let i = 0; i < ticksMax; i++) {
    if (done(node)) return;
    node.tick();
  }
  if (!done(node)) throw new Error(`precondition not reached in ${ticksMax} ticks: ${JSON.stringify(node.status())}`);
}

/** A follower past its start-up stickiness, still without a coordinator. */
export function freeFollower(extra: Partial<ElectionConfig> = {}): Election {
  const node = newNode(extra);
  for (let i = 0; i < unitTiming.electionTimeoutTicks[0]; i++) node.tick();
  if (node.status().role !== 'follower') throw new Error('precondition: still a follower');
  node.ready();
  return node;
}

/** Past its election timeout, asking for pre-votes (its epoch unchanged). */
export function preCandidate(extra: Partial<ElectionConfig> = {}): Election {
  const node = newNode(extra);
  tickUntil(node, (n) => n.status().role === 'pre-candidate');
  node.ready();
  return node;
}

/** A pre-candidate that got n2's pre-vote: campaigning in the next epoch. */
export function candidate(extra: Partial<ElectionConfig> = {}): Election {
  const node = preCandidate(extra);
  node.step(preVote('n2', node.status().epoch + 1, true));
  if (node.status().role !== 'candidate') throw new Error('precondition: candidate');
  node.ready();
  return node;
}

export function preVote(from: string, epoch: number, granted: boolean): Msg {
  return granted
    ? { type: 'PREVOTE.REPLY', from, to: 'n1', epoch, granted }
    : { type: 'PREVOTE.REPLY', from, to: 'n1', epoch, granted, refusal: 'in-lease' };
}

export function preVoteRequest(from: string, epoch: number, generation = generation0): Msg {
  return { type: 'PREVOTE.REQUEST', from, to: 'n1', epoch, generation };
}

export function coordinator(extra: Partial<ElectionConfig> = {}): Election {
  const node = candidate(extra);
  node.step(vote('n2', node.status().epoch, true));
  if (node.status().role !== 'coordinator') throw new Error('precondition: coordinator');
  node.ready();
  return node;
}

export function vote(from: string, epoch: number, granted: boolean): Msg {
  return granted
    ? { type: 'VOTE.REPLY', from, to: 'n1', epoch, granted }
    : { type: 'VOTE.REPLY', from, to: 'n1', epoch, granted, refusal: 'already-voted' };
}

export function voteRequest(from: string, epoch: number, generation = generation0): Msg {
  return { type: 'VOTE.REQUEST', from, to: 'n1', epoch, generation };
}

export function ping(from: string, epoch: number, sentTick = 0): Msg {
  return { type: 'HEARTBEAT.PING', from, to: 'n1', epoch, sentTick };
}

export function ack(from: string, epoch: number, sentTick: number, ok = true): Msg {
  return { type: 'HEARTBEAT.ACK', from, to: 'n1', epoch, sentTick, ok };
}
