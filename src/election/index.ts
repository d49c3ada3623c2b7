// The coordinator election and membership core: pure, deterministic, driven by tick/step/ready.
export { createElection, type Election, type Membership } from './election.ts';
export { ElectionConfigError } from './config.ts';
export { evaluateQuorum, quorum, totalVotes, voteTable, type QuorumResult, type VoteTable } from './quorum.ts';
export type * from './types.ts';
