// A changed definition of a running resource, carried out as Pacemaker does: the start records
// the digest of its parameters (and, for an agent that can reload, of those a reload cannot
// change); a change of reloadable parameters only is reloaded in place, any other restarts it
// (stop with the old parameters, start with the new), and once done nothing more is planned.
import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../src/config/model.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';
import { opDigest, recordedDigests } from '../../src/scheduler/digest.ts';
import { buildView } from '../../src/daemon/view.ts';
import { CoordinatorHarness, coordinatorInput, harnessConfig, harnessDocument, opName, type OpOutcome } from './support/coordinator-harness.ts';

const OLD = { state: '/run/rsc-1.state', fake: 'a' };

function configWith(params: Record<string, string>, generation: number): ClusterConfig {
  const config = harnessConfig();
  const rsc = config.resources.find((r) => r.id === 'rsc')!;
  if (rsc.kind === 'primitive') rsc.params = params;
  config.generation = { ...config.generation, updates: generation };
  return config;
}

/** The world, with an agent like ocf:heartbeat:Dummy: `state` is unique, so only `fake` reloads. */
function reloadable(h: CoordinatorHarness, forceRestart: string[] | undefined): (op: AgentOperation) => OpOutcome {
  const world = h.truth();
  return (op) => {
    const o = world(op);
    return op.action === 'start' || op.action === 'reload-agent' ? { ...o, ...(forceRestart ? { forceRestart } : {}) } : o;
  };
}

async function settle(h: CoordinatorHarness, outcome: (op: AgentOperation) => OpOutcome): Promise<string[]> {
  const from = h.ops.length;
  for (let i = 0; i < 6 && h.state !== 'idle'; i++) {
    await h.advance(100);
    await h.drain(outcome);
  }
  expect(h.state).toBe('idle');
  return h.ops.slice(from).filter((o) => o.resource === 'rsc').map(opName);
}

async function runningWith(forceRestart: string[] | undefined): Promise<CoordinatorHarness> {
  const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(configWith(OLD, 0)) }));
  await settle(h, reloadable(h, forceRestart));
  expect(h.runningOn('rsc')).toEqual(['n2']);
  const start = h.context.doc.status.history.find((e) => e.resource === 'rsc' && e.node === 'n2')!.operations.find((r) => r.operation === 'start')!;
  expect(start.opDigest).toBe(opDigest(OLD));
  return h;
}

function lastStartOf(h: CoordinatorHarness) {
  return h.context.doc.status.history.find((e) => e.resource === 'rsc' && e.node === 'n2')!.operations.find((r) => r.operation === 'start');
}

describe('coordinator: definition changes of a running resource', () => {
  it('should reload in place when only reloadable parameters changed, then plan nothing more', async () => {
    const h = await runningWith(['state']);
    const NEW = { ...OLD, fake: 'b' };
    await h.send({ type: 'CONFIG.REPLACE', id: 'c1', config: configWith(NEW, 1) });
    const from = h.ops.length;
    expect(await settle(h, reloadable(h, ['state']))).toEqual(['reload-agent rsc@n2']);
    expect(h.ops[from]!.params).toEqual(NEW);
    expect(lastStartOf(h)).toMatchObject({ opDigest: opDigest(NEW), restartDigest: opDigest({ state: OLD.state }), forceRestart: ['state'] });
    expect(h.logs.flatMap((l) => (l.fields['summary'] as string[] | undefined) ?? [])).toContain('Reload rsc ( n2 )');
    expect(await settle(h, reloadable(h, ['state'])), 'a reload is done once').toEqual([]);
  });

  it('should restart (stop with the old parameters, start with the new) when a parameter a reload cannot change changed', async () => {
    const h = await runningWith(['state']);
    const NEW = { ...OLD, state: '/run/rsc-2.state' };
    await h.send({ type: 'CONFIG.REPLACE', id: 'c1', config: configWith(NEW, 1) });
    const from = h.ops.length;
    expect(await settle(h, reloadable(h, ['state']))).toEqual(['stop rsc@n2', 'start rsc@n2']);
    expect(h.ops.slice(from).map((o) => o.params)).toEqual([OLD, NEW]);
    expect(lastStartOf(h)?.opDigest).toBe(opDigest(NEW));
    expect(await settle(h, reloadable(h, ['state']))).toEqual([]);
  });

  it('should tell in the status view that the change is not settled, until it is', async () => {
    const h = await runningWith(['state']);
    expect(buildView(h.context, true)).toMatchObject({ settled: true, transition: null });
    await h.send({ type: 'CONFIG.REPLACE', id: 'c1', config: configWith({ ...OLD, state: '/run/rsc-2.state' }, 1) });
    expect(buildView(h.context, true), 'the new config waits to be scheduled').toMatchObject({ settled: false, transition: null });
    await h.advance(100);
    expect(buildView(h.context, true)).toMatchObject({ settled: false, transition: { actions: 2, done: 0, left: 2 } });
    await h.complete((op) => op.action === 'stop', h.truth());
    expect(buildView(h.context, true)).toMatchObject({ settled: false, transition: { actions: 2, done: 1, left: 1 } });
    await settle(h, reloadable(h, ['state']));
    expect(buildView(h.context, true)).toMatchObject({ settled: true, transition: null });
  });

  it('should still reload what a previous coordinator started with other parameters (its history is re-probed)', async () => {
    const NEW = { ...OLD, fake: 'b' };
    const doc = harnessDocument(configWith(NEW, 1));
    doc.status.history = [{
      resource: 'rsc', node: 'n2', class: 'ocf', provider: 'heartbeat', type: 'Dummy',
      operations: [{ operation: 'start', intervalMs: 0, rc: 0, status: 'done', callId: 7, id: 'rsc_last_0', ...recordedDigests(OLD, ['state']) }],
    }];
    const h = new CoordinatorHarness(coordinatorInput({ doc, epoch: 2 }));
    h.running.add('rsc@n2');
    const ops = await settle(h, reloadable(h, ['state']));
    expect(ops.filter((o) => !o.startsWith('monitor_0'))).toEqual(['reload-agent rsc@n2']);
    expect(lastStartOf(h)?.opDigest).toBe(opDigest(NEW));
  });

  it('should reload what a node says it started with other parameters, when a new coordinator has no record of it', async () => {
    const NEW = { ...OLD, fake: 'b' };
    const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(configWith(NEW, 1)), epoch: 3 }));
    h.running.add('rsc@n2');
    const world = reloadable(h, ['state']);
    const ops = await settle(h, (op) => (op.action === 'monitor' && op.intervalMs === 0 && op.node === 'n2' ? { ...world(op), startedWith: recordedDigests(OLD, ['state']) } : world(op)));
    expect(ops.filter((o) => !o.startsWith('monitor_0'))).toEqual(['reload-agent rsc@n2']);
  });

  it('should restart on any change when the agent cannot reload', async () => {
    const h = await runningWith(undefined);
    await h.send({ type: 'CONFIG.REPLACE', id: 'c1', config: configWith({ ...OLD, fake: 'b' }, 1) });
    expect(await settle(h, reloadable(h, undefined))).toEqual(['stop rsc@n2', 'start rsc@n2']);
  });

  it('should recover a failed reload by a restart with the new parameters', async () => {
    const h = await runningWith(['state']);
    const NEW = { ...OLD, fake: 'b' };
    await h.send({ type: 'CONFIG.REPLACE', id: 'c1', config: configWith(NEW, 1) });
    const world = reloadable(h, ['state']);
    const ops = await settle(h, (op) => (op.action === 'reload-agent' ? { rc: 1 } : world(op)));
    expect(ops[0]).toBe('reload-agent rsc@n2');
    expect(ops).toContain('stop rsc@n2');
    expect(ops.at(-1)).toBe('start rsc@n2');
    expect(h.runningOn('rsc')).toEqual(['n2']);
    expect(lastStartOf(h)?.opDigest).toBe(opDigest(NEW));
  });
});
