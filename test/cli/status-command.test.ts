// vigil status: text, --json, refusals, and --watch redrawing until interrupted.
import { describe, expect, it } from 'vitest';
import { createStatusCommand, type StatusDeps } from '../../src/cli/commands/status.ts';
import { ControlError } from '../../src/cli/control-client.ts';
import { formatStatus } from '../../src/cli/status-format.ts';
import type { AdminResult } from '../../src/daemon/control-types.ts';
import { deps } from './fixture-cluster.ts';
import { capture } from './helpers.ts';
import { realisticView } from './view-fixture.ts';

const viewAnswer = (): AdminResult => ({ ok: true, message: '', view: realisticView() });

/** Status deps whose sleep counts redraws and interrupts after `redraws` of them. */
function watchDeps(base: ReturnType<typeof deps>, redraws: number): Partial<StatusDeps> & { sleeps: number[] } {
  let stop: () => void = () => undefined;
  const sleeps: number[] = [];
  return {
    ...base.deps,
    color: false,
    sleeps,
    onInterrupt: (fn) => {
      stop = fn;
      return () => { stop = () => undefined; };
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      if (sleeps.length >= redraws) stop();
    },
  };
}

describe('vigil status', () => {
  it('should print the formatted view', async () => {
    const d = deps(viewAnswer);
    const io = capture();
    expect(await createStatusCommand({ ...d.deps, color: false }).run([], io.ctx)).toBe(0);
    expect(d.fake.commands()).toEqual([{ type: 'status' }]);
    expect(io.out).toEqual([formatStatus(realisticView(), { color: false })]);
  });

  it('should print the view as JSON with --json', async () => {
    const d = deps(viewAnswer);
    const io = capture();
    expect(await createStatusCommand(d.deps).run(['--json'], io.ctx)).toBe(0);
    const parsed = JSON.parse(io.out[0]!) as { nodes: { name: string; state: string }[]; resources: { id: string; state: string; node: string | null }[] };
    expect(parsed.nodes.map((n) => [n.name, n.state])).toEqual([['n1', 'online'], ['n2', 'standby'], ['n3', 'unclean']]);
    expect(parsed.resources[0]).toMatchObject({ id: 'ip', state: 'started', node: 'n1' });
    expect(io.out[0]).toBe(JSON.stringify(realisticView()));
  });

  it('should exit 1 on a refusal, an answer without a view, or no daemon', async () => {
    const refused = deps(() => ({ ok: false, error: 'no coordinator elected yet' }));
    const io1 = capture();
    expect(await createStatusCommand(refused.deps).run([], io1.ctx)).toBe(1);
    expect(io1.err).toEqual(['vigil status: n1 answered: no coordinator elected yet']);
    const io2 = capture();
    expect(await createStatusCommand(deps(() => ({ ok: true, message: 'hi' })).deps).run([], io2.ctx)).toBe(1);
    expect(io2.err).toEqual(['vigil status: n1 answered without a cluster view (hi)']);
    const none = deps();
    none.deps.send = async () => { throw new ControlError([{ node: 'n1', address: 'a', reason: 'r' }], 'f'); };
    const io3 = capture();
    expect(await createStatusCommand(none.deps).run([], io3.ctx)).toBe(1);
    expect(io3.err[0]).toMatch(/^vigil status: no vigil daemon answered:/);
  });

  it('should say when the config has no cluster section', async () => {
    const d = deps();
    d.deps.loadDocument = async () => ({ config: { ...(await deps().deps.loadDocument('')).config, cluster: undefined }, status: { nodes: [], history: [], quorum: true } });
    const io = capture();
    expect(await createStatusCommand(d.deps).run([], io.ctx)).toBe(1);
    expect(io.err[0]).toMatch(/cluster\.yaml: this config has no cluster: section; vigil status needs a cluster config \(see README\)$/);
  });

  it('should refuse bad options with exit 2', async () => {
    const cases: [string[], string][] = [
      [['--watch', '--interval', 'soon'], "--interval 'soon' is not a duration (write e.g. 2s or 500ms)"],
      [['--watch', '--interval', '10ms'], '--interval 10ms is shorter than 100ms'],
      [['--interval', '2s'], '--interval only applies with --watch'],
      [['nodes'], "unexpected argument 'nodes'"],
      [['--jsn'], 'unknown option --jsn'],
      [['--json=yes'], '--json takes no value'],
    ];
    for (const [args, message] of cases) {
      const io = capture();
      expect(await createStatusCommand(deps().deps).run(args, io.ctx)).toBe(2);
      expect(io.err[0]!.split('\n')[0]).toBe(`vigil status: ${message}`);
    }
  });

  it('should redraw in place every interval with --watch, keep trying while no daemon answers, and stop on Ctrl-C', async () => {
    const base = deps();
    let calls = 0;
    base.deps.send = async () => {
      calls += 1;
      if (calls === 2) throw new ControlError([{ node: 'n1', address: '127.0.0.1:7101', reason: 'connection refused' }], 'start the daemons');
      return { node: 'n1', result: viewAnswer() };
    };
    const wd = watchDeps(base, 3);
    const io = capture();
    expect(await createStatusCommand(wd).run(['--watch', '--interval', '2s'], io.ctx)).toBe(0);
    expect(wd.sleeps).toEqual([2000, 2000, 2000]);
    expect(io.out).toHaveLength(3);
    expect(io.out.every((frame) => frame.startsWith('\x1b[2J\x1b[H'))).toBe(true);
    expect(io.out[0]).toContain('Cluster demo: coordinator n1 (epoch 4)');
    expect(io.out[1]).toContain('vigil status: no vigil daemon answered:\n  n1 at 127.0.0.1:7101: connection refused');
    expect(io.out[2]).toContain('(every 2s; Ctrl-C to stop)');
  });

  it('should print one JSON view per line with --watch --json', async () => {
    const base = deps(viewAnswer);
    const wd = watchDeps(base, 2);
    const io = capture();
    expect(await createStatusCommand(wd).run(['--watch', '--json'], io.ctx)).toBe(0);
    expect(io.out).toEqual([JSON.stringify(realisticView()), JSON.stringify(realisticView())]);
    expect(wd.sleeps).toEqual([1000, 1000]);
  });
});
