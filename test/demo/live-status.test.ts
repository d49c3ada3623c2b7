// The demo's terminal: redrawn in place on a terminal, only changes printed otherwise; and the
// footer of things to try, with this run's pids and paths.
import { describe, expect, it } from 'vitest';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { demoFooter, shownPath } from '../../src/demo/footer.ts';
import type { DemoLayout } from '../../src/demo/layout.ts';
import { composeFrame, startLiveStatus, statusKey, type StatusSnapshot } from '../../src/demo/live-status.ts';

function view(webOn: string | null, updatedAtMs = 1000): ClusterView {
  return {
    cluster: 'demo', generation: { adminEpoch: 0, epoch: 1, updates: 0 }, coordinator: 'node1', epoch: 2, quorum: true,
    updatedAtMs, nodes: [], failures: [], fencing: [], transition: null,
    resources: [{ id: 'web', state: webOn === null ? 'stopped' : 'started', node: webOn, instances: [] }],
  };
}

const render = (v: ClusterView): string => `web on ${v.resources[0]?.node ?? 'nowhere'}`;

/** A fetch that answers from a list, then repeats the last answer; `polled` resolves after n polls. */
function scripted(answers: StatusSnapshot[]): { fetch: () => Promise<StatusSnapshot>; polled: (n: number) => Promise<void> } {
  let count = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    fetch: async () => {
      const answer = answers[Math.min(count, answers.length - 1)]!;
      count += 1;
      for (const w of waiters.filter((x) => x.n <= count)) w.resolve();
      return answer;
    },
    polled: (n) => new Promise((resolve) => waiters.push({ n: n + 1, resolve })),
  };
}

const ok = (v: ClusterView): StatusSnapshot => ({ ok: true, node: 'node1', view: v });
const fixedClock = () => new Date(2024, 0, 1, 12, 0, 0);

describe('live status without a terminal', () => {
  it('should print the footer once, then a block only when the status changes (not its time)', async () => {
    const out: string[] = [];
    const script = scripted([{ ok: false, reason: 'no daemon answered yet' }, ok(view('node1', 1)), ok(view('node1', 2)), ok(view('node2', 3)), ok(view('node2', 4))]);
    const live = startLiveStatus({ fetch: script.fetch, render, footer: () => 'FOOTER', write: (t) => out.push(t), tty: false, intervalMs: 1, now: fixedClock });
    await script.polled(5);
    live.note('node2: powered off by fencing');
    await live.stop();
    expect(out).toEqual([
      'FOOTER\n',
      '--- 12:00:00 ---\nWaiting for the cluster: no daemon answered yet\n',
      "--- 12:00:00 ---\nweb on node1\n(from node1's daemon)\n",
      "--- 12:00:00 ---\nweb on node2\n(from node1's daemon)\n",
      '12:00:00 node2: powered off by fencing\n',
    ]);
  });

  it('should treat a failing fetch as an answer to show, and keep polling', async () => {
    const out: string[] = [];
    let calls = 0;
    let done!: () => void;
    const third = new Promise<void>((resolve) => { done = resolve; });
    const live = startLiveStatus({
      fetch: async () => {
        calls += 1;
        if (calls === 3) done();
        if (calls === 1) throw new Error('boom');
        return ok(view('node3'));
      },
      render, footer: () => '', write: (t) => out.push(t), tty: false, intervalMs: 1, now: fixedClock,
    });
    await third;
    await live.stop();
    expect(out.slice(1, 3)).toEqual(['--- 12:00:00 ---\nWaiting for the cluster: boom\n', "--- 12:00:00 ---\nweb on node3\n(from node1's daemon)\n"]);
  });
});

describe('live status on a terminal', () => {
  it('should clear once, then redraw from the top with events and the footer, and print lines once stopped', async () => {
    const out: string[] = [];
    const script = scripted([ok(view('node1'))]);
    const live = startLiveStatus({ fetch: script.fetch, render, footer: (v) => `web is on ${v?.resources[0]?.node ?? '?'}`, write: (t) => out.push(t), tty: true, intervalMs: 1, now: fixedClock });
    await script.polled(1);
    live.note('node2: daemon started');
    await live.stop();
    live.note('stopping');
    expect(out[0]).toBe('\x1b[2J\x1b[H');
    const lastFrame = out.at(-2)!;
    expect(lastFrame.startsWith('\x1b[H')).toBe(true);
    expect(lastFrame.endsWith('\x1b[J')).toBe(true);
    expect(lastFrame.replace(/\x1b\[[HKJ]/g, '')).toBe("web on node1\n(from node1's daemon)\n\nEvents:\n  12:00:00 node2: daemon started\n\nweb is on node1\n");
    expect(out.at(-1)).toBe('12:00:00 stopping\n');
  });
});

describe('composeFrame and statusKey', () => {
  it('should cut status lines, not events or footer, to fit the screen', () => {
    const frame = composeFrame({ status: 'a\nb\nc\nd\ne', events: ['x'], footer: 'f', rows: 9 });
    expect(frame).toEqual(['a', 'b', '…', '', 'Events:', '  x', '', 'f']);
    expect(composeFrame({ status: 'a\nb', events: [], footer: 'f' })).toEqual(['a', 'b', '', 'f']);
  });

  it('should ignore the build time of a view and nothing else', () => {
    expect(statusKey(ok(view('node1', 1)))).toBe(statusKey(ok(view('node1', 2))));
    expect(statusKey(ok(view('node1', 1)))).not.toBe(statusKey(ok(view('node2', 1))));
    expect(statusKey({ ok: false, reason: 'a' })).not.toBe(statusKey({ ok: false, reason: 'b' }));
  });
});

describe('the footer', () => {
  const node = (name: string) => ({
    name, host: '127.0.0.1', port: 7401, logFile: `/p/.vigil/demo/${name}.log`, powerFile: `/p/.vigil/demo/power/${name}`,
    rsctmpDir: `/p/.vigil/demo/${name}/rsctmp`, runDir: `/p/.vigil/demo/${name}/run`, pidFile: `/p/.vigil/demo/${name}.pid`,
  });
  const layout: DemoLayout = { dir: '/p/.vigil/demo', configFile: '/p/.vigil/demo/cluster.yaml', keyFile: '', stateDir: '', nodes: [node('node1'), node('node2'), node('node3')] };

  it('should name node2\'s pid and the state file of web where it runs, relative to the current folder', () => {
    const text = demoFooter({ layout, cwd: '/p', pid: (n) => (n === 'node2' ? 4242 : undefined), view: view('node3') });
    expect(text).toContain('kill -9 4242');
    expect(text).toContain('rm .vigil/demo/node3/rsctmp/Dummy-web.state');
    expect(text).toContain('web fails its monitor on node3');
    expect(text).toContain('npx vigil resource move app node3 ');
    expect(text).toContain('npx vigil fence confirm node2 ');
  });

  it('should say what to look up when the pid or the view is not known yet', () => {
    const text = demoFooter({ layout, cwd: '/elsewhere', pid: () => undefined });
    expect(text).toContain("kill -9 <pid of node2's daemon>");
    expect(text).toContain('rm /p/.vigil/demo/node1/rsctmp/Dummy-web.state');
    // Not in the folder where vigil looks for the demo's config by itself: name it.
    expect(text).toContain('npx vigil status --config /p/.vigil/demo/cluster.yaml ');
    expect(text).toContain('npx vigil fence confirm node2 --config /p/.vigil/demo/cluster.yaml ');
    expect(shownPath('/p/x', '/p')).toBe('x');
    expect(shownPath('/q/x', '/p')).toBe('/q/x');
  });
});
