// Checks an election configuration once, with errors that name the field and the fix, and
// normalizes it (vote table, defaults). Relations between the timings are what the lease's
// safety rests on, so they are checked here rather than trusted.
import type { Generation } from '../config/model.ts';
import { totalVotes, voteTable, type VoteTable } from './quorum.ts';
import type { ElectionConfig } from './types.ts';

export class ElectionConfigError extends Error {
  override name = 'ElectionConfigError';
}

export interface NormalizedConfig {
  self: string;
  nodes: string[];
  /** The peers, in configured order. */
  peers: string[];
  votes: VoteTable;
  totalVotes: number;
  electionTimeoutMinTicks: number;
  electionTimeoutMaxTicks: number;
  leaseTicks: number;
  heartbeatTicks: number;
  lostTicks: number;
  seed: number;
  twoNode: boolean;
  generation: Generation;
}

export function normalizeConfig(config: ElectionConfig): NormalizedConfig {
  const fail = (field: string, problem: string, fix: string): never => {
    throw new ElectionConfigError(`election config of ${String(config.self)}: ${field} ${problem}; ${fix}`);
  };
  if (new Set(config.nodes).size !== config.nodes.length) fail('nodes', 'lists a node twice', 'list each node once');
  if (!config.nodes.includes(config.self)) fail('self', `"${config.self}" is not in nodes`, 'add it to nodes');
  const votes = voteTable(config.nodes, config.votes);
  for (const [node, count] of Object.entries(config.votes ?? {})) {
    if (!config.nodes.includes(node)) fail(`votes.${node}`, 'names a node that is not configured', 'remove it or add the node');
    if (!Number.isSafeInteger(count) || count < 0) fail(`votes.${node}`, `is ${count}`, 'use a whole number >= 0');
  }
  if (totalVotes(votes) === 0) fail('votes', 'add up to 0', 'give at least one node a vote');
  const [minTicks, maxTicks] = config.electionTimeoutTicks;
  checkTimings(config, fail);
  if (config.twoNode && (config.nodes.length !== 2 || Object.values(votes).some((count) => count !== 1))) {
    fail('twoNode', 'is set but the cluster is not two nodes of one vote each', 'remove twoNode or fix nodes/votes');
  }
  return {
    self: config.self, nodes: [...config.nodes], peers: config.nodes.filter((node) => node !== config.self),
    votes, totalVotes: totalVotes(votes), electionTimeoutMinTicks: minTicks, electionTimeoutMaxTicks: maxTicks,
    leaseTicks: config.leaseTicks, heartbeatTicks: config.heartbeatTicks,
    lostTicks: config.lostTicks ?? maxTicks, seed: config.seed, twoNode: config.twoNode ?? false,
    generation: config.generation ?? { adminEpoch: 0, epoch: 0, updates: 0 },
  };
}

function checkTimings(config: ElectionConfig, fail: (field: string, problem: string, fix: string) => never): void {
  const whole = (value: number): boolean => Number.isSafeInteger(value) && value > 0;
  const [minTicks, maxTicks] = config.electionTimeoutTicks;
  if (!whole(minTicks) || !whole(maxTicks) || maxTicks <= minTicks) {
    fail('electionTimeoutTicks', `is [${minTicks}, ${maxTicks}]`, 'use whole numbers with 0 < min < max');
  }
  if (!whole(config.heartbeatTicks)) fail('heartbeatTicks', `is ${config.heartbeatTicks}`, 'use a whole number > 0');
  // Safety: a follower refuses votes for min election timeout after a heartbeat, so the lease
  // (counted from when that heartbeat was sent) must end first; the gap absorbs clock drift
  // (raft dissertation §6.4.1).
  if (!whole(config.leaseTicks) || config.leaseTicks >= minTicks) {
    fail('leaseTicks', `is ${config.leaseTicks}`, `use a whole number below the minimum election timeout (${minTicks})`);
  }
  // Liveness: a lease must outlive a heartbeat interval, or it lapses between renewals.
  if (config.heartbeatTicks >= config.leaseTicks) {
    fail('heartbeatTicks', `(${config.heartbeatTicks}) is not below leaseTicks (${config.leaseTicks})`, 'send heartbeats more often than the lease lasts');
  }
  if (config.lostTicks !== undefined && !whole(config.lostTicks)) fail('lostTicks', `is ${config.lostTicks}`, 'use a whole number > 0');
  if (!Number.isSafeInteger(config.seed)) fail('seed', `is ${config.seed}`, 'use a whole number');
}
