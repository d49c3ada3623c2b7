// One real Daemon in this process: a one-node cluster (quorate alone, so it coordinates at
// once) with a fake agent runner, its status page on a free port and, when asked, the Stately
// inspector. What the inspector and the page see of a live coordinator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRunner } from '../../src/agents/ocf-runner.ts';
import type { FenceRunner } from '../../src/agents/fence.ts';
import { loadDocumentText } from '../../src/config/load.ts';
import { Daemon } from '../../src/daemon/daemon.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { writeClusterKey } from '../../src/transport/cluster-key.ts';
import { Writable } from 'node:stream';

/** A fence device's password: it must never reach the inspector. */
export const SECRET = 'pa55-never-shown';

const config = (port: number): string => `
cluster:
  name: solo
  key-file: cluster.key
  state-dir: state
  election-tick: 20ms
  heartbeat: { interval: 200ms, timeout: 1s }
options:
  fencing-enabled: false
nodes:
  - { name: node1, address: "127.0.0.1:${port}" }
resources:
  - primitive: web
    agent: ocf:heartbeat:Dummy
    operations:
      - { name: monitor, interval: 500ms }
  - fence-device: ipmi
    agent: fence_ipmilan
    params: { ip: 10.0.0.9, username: admin, password: ${SECRET}, pcmk_host_list: node1 }
`;

/** Probes find nothing running; a recurring monitor of a resource in `failing` finds it stopped, once; everything else succeeds at once. */
function fakeRunner(failing: Set<string>): AgentRunner {
  return {
    run: async (op) => {
      const fail = op.action === 'monitor' && (op.intervalMs === 0 || failing.delete(op.resource));
      return { rc: fail ? 7 : 0, timedOut: false, signal: null, durationMs: 1, outputTail: '' };
    },
  };
}

const fakeFence: FenceRunner = {
  run: async () => ({ ok: true, rc: 0, timedOut: false, signal: null, durationMs: 1, outputTail: '', reason: 'done' }),
};

export interface OneDaemon {
  daemon: Daemon;
  /** The status page's base URL. */
  url: string;
  logs: string[];
  /** The next recurring monitor of `resource` reports it not running (as if its process died). */
  failNextMonitor(resource: string): void;
  stop(): Promise<void>;
}

export async function startOneDaemon(opts: { port: number; inspect: boolean }): Promise<OneDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-inspect-'));
  const file = join(dir, 'cluster.yaml');
  await writeClusterKey(join(dir, 'cluster.key'));
  const doc = await loadDocumentText(config(opts.port), file);
  const logs: string[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
  const logger = createLogger({ destination, level: 'info' });
  const failing = new Set<string>();
  const daemon = await Daemon.start({
    doc, node: 'node1', logger, runner: fakeRunner(failing), fenceRunner: fakeFence, inspect: opts.inspect, http: { host: '127.0.0.1', port: 0 },
  });
  const line = logs.map((l) => JSON.parse(l) as { msg: string; page?: string }).find((l) => l.msg === 'status page serving');
  if (!line?.page) throw new Error(`the daemon logged no status page: ${logs.join('')}`);
  return {
    daemon, url: line.page, logs,
    failNextMonitor: (resource) => failing.add(resource),
    stop: async () => {
      await daemon.shutdown(false);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
