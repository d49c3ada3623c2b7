// Per-role tables: one event in, the exact effects out (etcd raft's stepFollower/stepCandidate/
// stepLeader tests, written as data).
import { describe, expect, it } from 'vitest';
import type { Election } from '../../src/election/election.ts';
import type { Input, Ready } from '../../src/election/types.ts';
import { ack, candidate, coordinator, freeFollower, newNode, ping, preCandidate, preVote, preVoteRequest, tickUntil, unitTiming, vote, voteRequest } from './drive.ts';

interface Row {
  should: string;
  given: () => Election;
  /** Extra inputs before the one under test. */
  before?: Input[];
  input: Input | ((node: Election) => Input);
  expect: (ready: Ready, node: Election) => void;
}

function runTable(rows: Row[]): void {
  for (const row of rows) {
    it(`should ${row.should}`, () => {
      const node = row.given();
      for (const input of row.before ?? []) node.step(input);
      node.ready();
      node.step(typeof row.input === 'function' ? row.input(node) : row.input);
      row.expect(node.ready(), node);
    });
  }
}

const newer = { adminEpoch: 0, epoch: 3, updates: 0 };

describe('follower', () => {
  runTable([
    {
      should: 'grant its vote to the first candidate of an epoch and persist it', given: freeFollower,
      input: voteRequest('n2', 1),
      expect: (ready) => {
        expect(ready.hardState).toEqual({ epoch: 1, votedFor: 'n2' });
        expect(ready.messages).toEqual([{ type: 'VOTE.REPLY', from: 'n1', to: 'n2', epoch: 1, granted: true }]);
      },
    },
    {
      should: 'refuse a second candidate in the same epoch', given: freeFollower, before: [voteRequest('n2', 1)],
      input: voteRequest('n3', 1),
      expect: (ready, node) => {
        expect(ready.messages).toEqual([{ type: 'VOTE.REPLY', from: 'n1', to: 'n3', epoch: 1, granted: false, refusal: 'already-voted' }]);
        expect(node.hardState()).toEqual({ epoch: 1, votedFor: 'n2' });
      },
    },
    {
      should: 'grant the same candidate again (a retransmitted request)', given: freeFollower, before: [voteRequest('n2', 1)],
      input: voteRequest('n2', 1),
      expect: (ready) => expect(ready.messages[0]).toMatchObject({ granted: true }),
    },
    {
      should: 'refuse votes without adopting the epoch while it hears a live coordinator', given: freeFollower,
      before: [ping('n2', 1)], input: voteRequest('n3', 5),
      expect: (ready, node) => {
        expect(ready.messages).toEqual([{ type: 'VOTE.REPLY', from: 'n1', to: 'n3', epoch: 1, granted: false, refusal: 'in-lease' }]);
        expect(node.status().epoch).toBe(1);
        expect(ready.hardState).toBeUndefined();
      },
    },
    {
      should: 'refuse votes right after starting, as it may have acknowledged a lease it forgot', given: () => newNode(),
      input: voteRequest('n3', 5),
      expect: (ready, node) => {
        expect(ready.messages[0]).toMatchObject({ granted: false, refusal: 'in-lease' });
        expect(node.status().epoch).toBe(0);
      },
    },
    {
      should: 'refuse a candidate whose config generation is older', given: () => freeFollower({ generation: newer }),
      input: voteRequest('n2', 1),
      expect: (ready) => expect(ready.messages[0]).toMatchObject({ granted: false, refusal: 'older-generation' }),
    },
    {
      should: 'grant a candidate whose generation is newer', given: freeFollower,
      input: voteRequest('n2', 1, newer),
      expect: (ready) => expect(ready.messages[0]).toMatchObject({ granted: true }),
    },
    {
      should: 'acknowledge a heartbeat, echo its send tick and follow its sender', given: freeFollower,
      input: ping('n2', 2, 7),
      expect: (ready, node) => {
        expect(ready.messages).toEqual([{ type: 'HEARTBEAT.ACK', from: 'n1', to: 'n2', epoch: 2, sentTick: 7, ok: true }]);
        expect(ready.hardState).toEqual({ epoch: 2, votedFor: null });
        expect(node.status().coordinator).toBe('n2');
      },
    },
    {
      should: 'tell a deposed coordinator the newer epoch', given: freeFollower, before: [ping('n2', 4)],
      input: ping('n3', 3, 9),
      expect: (ready) => expect(ready.messages).toEqual([{ type: 'HEARTBEAT.ACK', from: 'n1', to: 'n3', epoch: 4, sentTick: 9, ok: false }]),
    },
    {
      should: 'refuse a vote request from an older epoch', given: freeFollower, before: [voteRequest('n2', 4)],
      input: voteRequest('n3', 3),
      expect: (ready) => expect(ready.messages[0]).toMatchObject({ epoch: 4, granted: false, refusal: 'stale-epoch' }),
    },
    {
      should: 'drop and log a message from a node that is not configured', given: freeFollower,
      input: ping('intruder', 9),
      expect: (ready, node) => {
        expect(ready.messages).toEqual([]);
        expect(ready.logs.join()).toMatch(/not a configured peer/);
        expect(node.status().epoch).toBe(0);
      },
    },
  ]);

  it('should campaign only after its randomized timeout, within [min, max)', () => {
    const node = newNode();
    let ticks = 0;
    while (node.status().role === 'follower' && ticks < 200) { node.tick(); ticks++; }
    expect(ticks).toBeGreaterThanOrEqual(unitTiming.electionTimeoutTicks[0]);
    expect(ticks).toBeLessThan(unitTiming.electionTimeoutTicks[1]);
  });

  it('should not campaign while it keeps hearing heartbeats', () => {
    const node = freeFollower();
    for (let i = 0; i < 300; i++) {
      if (i % 3 === 0) node.step(ping('n2', 1, i));
      node.tick();
    }
    expect(node.status()).toMatchObject({ role: 'follower', epoch: 1, coordinator: 'n2' });
  });

  it('should draw the same timeouts from the same seed and different ones per node', () => {
    const campaignTick = (self: string, seed: number): number => {
      const node = newNode({ self, seed });
      let ticks = 0;
      while (node.status().role === 'follower') { node.tick(); ticks++; }
      return ticks;
    };
    expect(campaignTick('n1', 5)).toBe(campaignTick('n1', 5));
    const spread = new Set(['n1', 'n2', 'n3'].flatMap((self) => [1, 2, 3].map((seed) => campaignTick(self, seed))));
    expect(spread.size).toBeGreaterThan(3);
  });
});

describe('candidate', () => {
  it('should first ask for pre-votes without raising its epoch, then start an epoch, vote for itself, persist that, and ask every voter', () => {
    const node = newNode({ generation: newer });
    let ready: Ready = node.ready();
    while (node.status().role === 'follower') { node.tick(); ready = node.ready(); }
    expect(node.status()).toMatchObject({ role: 'pre-candidate', epoch: 0, votedFor: null });
    expect(ready.hardState).toBeUndefined();
    expect(ready.messages).toEqual(['n2', 'n3'].map((to) => ({ type: 'PREVOTE.REQUEST', from: 'n1', to, epoch: 1, generation: newer })));
    node.step(preVote('n3', 1, true));
    ready = node.ready();
    expect(ready.hardState).toEqual({ epoch: 1, votedFor: 'n1' });
    expect(ready.messages).toEqual(['n2', 'n3'].map((to) => ({ type: 'VOTE.REQUEST', from: 'n1', to, epoch: 1, generation: newer })));
    expect(ready.logs).toEqual(['n1 epoch 1: became candidate']);
    expect(node.status().role).toBe('candidate');
  });

  it('should not ask a member without a vote', () => {
    const node = candidate({ votes: { n3: 0 } });
    node.tick();
    while (node.status().role === 'candidate' && node.status().epoch === 1) node.tick();
    const asked = node.ready().messages.filter((m) => m.type === 'VOTE.REQUEST' || m.type === 'PREVOTE.REQUEST').map((m) => m.to);
    expect(asked).toEqual(['n2']);
  });

  runTable([
    {
      should: 'win with a strict majority and announce itself at once', given: candidate,
      input: vote('n2', 1, true),
      expect: (ready, node) => {
        expect(ready.becameCoordinator).toEqual({ epoch: 1 });
        expect(ready.messages.map((m) => [m.type, m.to])).toEqual([['HEARTBEAT.PING', 'n2'], ['HEARTBEAT.PING', 'n3']]);
        expect(node.holdsLease()).toBe(false);
      },
    },
    {
      should: 'not count a refusal', given: candidate, input: vote('n2', 1, false),
      expect: (ready, node) => {
        expect(ready.becameCoordinator).toBeUndefined();
        expect(node.status().role).toBe('candidate');
      },
    },
    {
      should: 'ignore a grant from an older epoch', given: candidate, input: vote('n2', 0, true),
      expect: (_ready, node) => expect(node.status().role).toBe('candidate'),
    },
    {
      should: 'follow a coordinator of its own epoch', given: candidate, input: ping('n3', 1, 4),
      expect: (ready, node) => {
        expect(node.status()).toMatchObject({ role: 'follower', coordinator: 'n3', epoch: 1, votedFor: 'n1' });
        expect(ready.messages).toEqual([{ type: 'HEARTBEAT.ACK', from: 'n1', to: 'n3', epoch: 1, sentTick: 4, ok: true }]);
      },
    },
    {
      should: 'refuse another candidate of its epoch', given: candidate, input: voteRequest('n3', 1),
      expect: (ready) => expect(ready.messages[0]).toMatchObject({ granted: false, refusal: 'already-voted' }),
    },
    {
      should: 'grant a newer epoch\'s candidate (it is not in anyone\'s lease)', given: candidate, input: voteRequest('n3', 2),
      expect: (ready, node) => {
        expect(ready.hardState).toEqual({ epoch: 2, votedFor: 'n3' });
        expect(node.status().role).toBe('follower');
      },
    },
  ]);

  it('should ask for pre-votes again when a round times out without a majority', () => {
    const node = candidate();
    tickUntil(node, (n) => n.status().role === 'pre-candidate');
    expect(node.status()).toMatchObject({ epoch: 1, votedFor: 'n1' });
    expect(node.ready().messages.map((m) => [m.type, m.epoch])).toEqual([['PREVOTE.REQUEST', 2], ['PREVOTE.REQUEST', 2]]);
  });
});

describe('coordinator', () => {
  runTable([
    {
      should: 'acquire its lease once a majority acknowledged a heartbeat', given: coordinator,
      input: (node) => ack('n3', 1, node.status().nowTicks),
      expect: (ready, node) => {
        expect(ready.lease).toBe('acquired');
        expect(node.holdsLease()).toBe(true);
        expect(node.leaseExpiryTick()).toBe(node.status().nowTicks + unitTiming.leaseTicks);
      },
    },
    {
      should: 'step down on a newer epoch', given: coordinator, input: ack('n2', 5, 0, false),
      expect: (ready, node) => {
        expect(ready.lostCoordinator).toEqual({ epoch: 1, reason: 'higher-epoch' });
        expect(node.status()).toMatchObject({ role: 'follower', epoch: 5 });
      },
    },
    {
      should: 'refuse votes for newer epochs without adopting them', given: coordinator, input: voteRequest('n2', 9),
      expect: (ready, node) => {
        expect(ready.messages[0]).toMatchObject({ epoch: 1, granted: false, refusal: 'in-lease' });
        expect(node.status()).toMatchObject({ role: 'coordinator', epoch: 1 });
      },
    },
    {
      should: 'ignore acknowledgements from an older epoch', given: coordinator, input: (node) => ack('n2', 0, node.status().nowTicks),
      expect: (_ready, node) => expect(node.holdsLease()).toBe(false),
    },
  ]);

  it('should renew the lease only from heartbeats a majority acknowledged, counted from their send tick', () => {
    const node = coordinator();
    const sentTick = node.status().nowTicks;
    node.step(ack('n2', 1, sentTick));
    expect(node.leaseExpiryTick()).toBe(sentTick + unitTiming.leaseTicks);
    for (let i = 0; i < unitTiming.leaseTicks - 1; i++) node.tick();
    expect(node.holdsLease()).toBe(true);
    node.tick();
    expect(node.holdsLease()).toBe(false);
    const ready = node.ready();
    expect(ready.lostCoordinator).toEqual({ epoch: 1, reason: 'lease-expired' });
    expect(ready.lease).toBe('lost');
  });

  it('should keep the lease while a majority keeps acknowledging', () => {
    const node = coordinator();
    for (let i = 0; i < 100; i++) {
      node.tick();
      for (const msg of node.ready().messages) if (msg.type === 'HEARTBEAT.PING' && msg.to === 'n2') node.step(ack('n2', 1, msg.sentTick));
    }
    expect(node.status()).toMatchObject({ role: 'coordinator', holdsLease: true });
  });

  it('should step down when no majority acknowledges within the minimum election timeout', () => {
    const node = coordinator();
    for (let i = 0; i < unitTiming.electionTimeoutTicks[0]; i++) node.tick();
    expect(node.ready().lostCoordinator).toEqual({ epoch: 1, reason: 'no-lease-acquired' });
  });

  it('should send heartbeats every heartbeatTicks', () => {
    const node = coordinator();
    let pings = 0;
    for (let i = 0; i < 8; i++) {
      node.tick();
      pings += node.ready().messages.filter((m) => m.type === 'HEARTBEAT.PING').length;
    }
    expect(pings).toBe((8 / unitTiming.heartbeatTicks) * 2);
  });
});

describe('checkEpoch (the fencing token daemons apply to every command)', () => {
  it('should refuse commands of an older epoch, accept the current one and adopt a newer one', () => {
    const node = freeFollower();
    node.step(ping('n2', 3));
    expect(node.checkEpoch(2, 'n3')).toEqual({ accepted: false, epoch: 3, reason: 'stale-epoch' });
    expect(node.checkEpoch(3, 'n2')).toEqual({ accepted: true, epoch: 3 });
    expect(node.checkEpoch(4, 'n3')).toEqual({ accepted: true, epoch: 4 });
    expect(node.checkEpoch(3, 'n2')).toMatchObject({ accepted: false });
    expect(node.ready().hardState).toEqual({ epoch: 4, votedFor: null });
  });
});

describe('pre-vote (raft thesis §9.6)', () => {
  runTable([
    {
      should: 'grant a pre-vote without recording a vote or adopting the proposed epoch', given: freeFollower,
      input: preVoteRequest('n2', 1),
      expect: (ready, node) => {
        expect(ready.messages).toEqual([{ type: 'PREVOTE.REPLY', from: 'n1', to: 'n2', epoch: 1, granted: true }]);
        expect(ready.hardState).toBeUndefined();
        expect(node.status()).toMatchObject({ epoch: 0, votedFor: null, role: 'follower' });
      },
    },
    {
      should: 'refuse a pre-vote while it hears its coordinator', given: freeFollower, before: [ping('n2', 1)],
      input: preVoteRequest('n3', 2),
      expect: (ready, node) => {
        expect(ready.messages).toEqual([{ type: 'PREVOTE.REPLY', from: 'n1', to: 'n3', epoch: 1, granted: false, refusal: 'in-lease' }]);
        expect(node.status()).toMatchObject({ epoch: 1, coordinator: 'n2' });
      },
    },
    {
      should: 'refuse a pre-vote as coordinator', given: coordinator, input: preVoteRequest('n3', 2),
      expect: (ready, node) => {
        expect(ready.messages).toEqual([{ type: 'PREVOTE.REPLY', from: 'n1', to: 'n3', epoch: 1, granted: false, refusal: 'in-lease' }]);
        expect(node.status().role).toBe('coordinator');
      },
    },
    {
      should: 'refuse a pre-vote for an epoch not above its own: the asker learns the current one', given: freeFollower, before: [ping('n2', 3)],
      input: () => ({ ...preVoteRequest('n3', 3) }),
      expect: (ready) => expect(ready.messages[0]).toMatchObject({ granted: false, epoch: 3, refusal: 'stale-epoch' }),
    },
    {
      should: 'become a candidate only with a majority of pre-votes', given: preCandidate, input: preVote('n2', 0, false),
      expect: (ready, node) => {
        expect(node.status()).toMatchObject({ role: 'pre-candidate', epoch: 0 });
        expect(ready.hardState).toBeUndefined();
      },
    },
    {
      should: 'catch up with a newer epoch a refusal carries, without campaigning', given: preCandidate,
      input: { type: 'PREVOTE.REPLY', from: 'n2', to: 'n1', epoch: 7, granted: false, refusal: 'in-lease' },
      expect: (ready, node) => {
        expect(node.status()).toMatchObject({ role: 'follower', epoch: 7, votedFor: null });
        expect(ready.hardState).toEqual({ epoch: 7, votedFor: null });
        expect(ready.messages).toEqual([]);
      },
    },
    {
      should: 'go back to following when its coordinator\'s heartbeat arrives', given: preCandidate, before: [],
      input: ping('n2', 0, 3),
      expect: (_ready, node) => expect(node.status()).toMatchObject({ role: 'follower', coordinator: 'n2', epoch: 0 }),
    },
  ]);

  it('should keep obeying its coordinator while it asks for pre-votes (its epoch did not change)', () => {
    const node = freeFollower();
    node.step(ping('n2', 1));
    tickUntil(node, (n) => n.status().role === 'pre-candidate');
    expect(node.authorize(1, 'n2')).toEqual({ accepted: true, epoch: 1 });
  });
});

describe('authorize (only the coordinator of the current epoch commands a daemon)', () => {
  it('should obey only the coordinator it follows, and never adopt a newer epoch from a command', () => {
    const node = freeFollower();
    node.step(ping('n2', 3));
    node.ready();
    expect(node.authorize(3, 'n2')).toEqual({ accepted: true, epoch: 3 });
    // Any key holder could send these (issue 14: they ran, and the epoch moved).
    expect(node.authorize(3, 'n3')).toEqual({ accepted: false, epoch: 3, reason: 'not-coordinator' });
    expect(node.authorize(4, 'n3')).toEqual({ accepted: false, epoch: 3, reason: 'not-coordinator' });
    expect(node.authorize(2, 'n2')).toEqual({ accepted: false, epoch: 3, reason: 'stale-epoch' });
    expect(node.status()).toMatchObject({ epoch: 3, coordinator: 'n2', role: 'follower' });
    expect(node.ready().hardState).toBeUndefined();
  });

  it('should obey a node it only voted for once its heartbeat arrives', () => {
    const node = freeFollower();
    node.step(voteRequest('n2', 1));
    expect(node.authorize(1, 'n2')).toMatchObject({ accepted: false, reason: 'not-coordinator' });
    node.step(ping('n2', 1));
    expect(node.authorize(1, 'n2')).toEqual({ accepted: true, epoch: 1 });
  });

  it('should obey its own coordinator only inside its lease', () => {
    const node = coordinator();
    const epoch = node.status().epoch;
    node.step(ack('n2', epoch, node.status().nowTicks));
    expect(node.authorize(epoch, 'n1')).toEqual({ accepted: true, epoch });
    for (let i = 0; i < unitTiming.leaseTicks; i++) node.tick();
    expect(node.authorize(epoch, 'n1')).toMatchObject({ accepted: false, reason: 'lease-expired' });
  });
});

describe('restart from HardState', () => {
  it('should keep its epoch and its vote: no second vote in that epoch', () => {
    const node = newNode({}, { epoch: 3, votedFor: 'n2' });
    for (let i = 0; i < unitTiming.electionTimeoutTicks[0]; i++) node.tick();
    node.ready();
    expect(node.hardState()).toEqual({ epoch: 3, votedFor: 'n2' });
    node.step(voteRequest('n3', 3));
    expect(node.ready().messages[0]).toMatchObject({ granted: false, refusal: 'already-voted' });
  });

  it('should reject a HardState voting for an unknown node', () => {
    expect(() => newNode({}, { epoch: 1, votedFor: 'nx' })).toThrow(/unknown nx/);
  });
});
