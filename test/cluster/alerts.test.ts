// Alerts on three real daemons: Debian's alert_file.sh.sample, installed unmodified (mode 0755)
// with a recipient file, writes a line for each resource start and, after node loss, for the
// node lost and its fencing; an alert agent that hangs is still running when the recovery is
// done (nothing waits for it) and is killed at its timeout, its process group with it.
import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRunning, freeBasePort, LocalCluster, resourceIn as where, type LogEntry } from '../../src/demo/local-cluster.ts';
import { fencedAndRecovered } from './recovery.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = '/usr/share/pacemaker/alerts/alert_file.sh.sample';
const PORTS = [8300, 8399] as const;
const HANG_TIMEOUT_S = 20;
/** The sample's line prefix with the default timestamp-format, %H:%M:%S.%06N. */
const STAMP = '\\d\\d:\\d\\d:\\d\\d\\.\\d{6}: ';

let dir: string;
let cluster: LocalCluster;
const recipient = () => join(dir, 'alerts.log');
const hangLog = () => join(dir, 'hang.log');

async function lines(file: string): Promise<string[]> {
  return existsSync(file) ? (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '') : [];
}

/** Polls until `file` has a line matching each pattern; returns the lines. */
async function untilLines(file: string, patterns: RegExp[], timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await lines(file);
    const missing = patterns.filter((p) => !found.some((l) => p.test(l)));
    if (missing.length === 0) return found;
    if (Date.now() > deadline) throw new Error(`${file} never had ${missing.join(', ')}; it has:\n${found.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every log entry of the live daemons and of those that died, matching `match`. */
function logged(match: (e: LogEntry) => boolean): LogEntry[] {
  return cluster.layout.nodes.flatMap((n) => cluster.log(n.name).filter(match));
}

/** Whether a process runs (and is not a zombie waiting for its parent). */
function running(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('alerts on three daemons with real agents', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-'));
    await copyFile(SAMPLE, join(dir, 'alert_file.sh'));
    await chmod(join(dir, 'alert_file.sh'), 0o755);
    // Hangs until killed; says first who it is, for which event.
    await writeFile(join(dir, 'hang.sh'), `#!/bin/sh\necho "$$ $CRM_alert_kind $CRM_alert_node" >> ${hangLog()}\nsleep 600\n`, { mode: 0o755 });
    const config = await readFile(join(ROOT, 'examples', 'cluster.yaml'), 'utf8');
    await writeFile(join(dir, 'cluster.yaml'), `${config}
alerts:
  - alert: to-file
    path: alert_file.sh
    recipients: [${recipient()}]
  - alert: hang
    path: hang.sh
    select: [node, fencing]
    timeout: ${HANG_TIMEOUT_S}s
`);
    cluster = await LocalCluster.start({ source: join(dir, 'cluster.yaml'), basePort: await freeBasePort(...PORTS) });
  }, 30_000);

  afterAll(async () => {
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('runs the sample agent unmodified for every start, on the node that ran it, and logs each run', async () => {
    const v = await cluster.until('everything runs', allRunning);
    const app = where(v, 'ip')!.node!;
    const fence = where(v, 'fence-node1')!.node!;
    await untilLines(recipient(), [
      ...['ip', 'db', 'web'].map((id) => new RegExp(`^${STAMP}Resource operation 'start' for '${id}' on '${app}': ok$`)),
      new RegExp(`^${STAMP}Resource operation 'start' for 'fence-node1' on '${fence}': ok$`),
      new RegExp(`^${STAMP}Resource operation 'monitor \\(5000\\)' for 'ip' on '${app}': ok$`),
      new RegExp(`^${STAMP}Resource operation 'monitor' for 'ip' on 'node[123]': not running \\(target: 7\\)$`),
    ]);
    const run = logged((e) => e.msg === 'alert agent ran' && e['alert'] === 'to-file' && e['kind'] === 'resource')[0]!;
    expect(run['agent']).toBe(join(dir, 'alert_file.sh'));
    expect([run['rc'], run['outcome'], typeof run['durationMs']]).toEqual([0, 'ok', 'number']);
    // Nothing hung at startup: the hanging agent selects node and fencing events only.
    expect(await lines(hangLog())).toEqual([]);
  }, 60_000);

  it('writes the node lost and its fencing, and recovers while a hanging agent runs, which is killed at its timeout', async () => {
    const before = await cluster.until('everything runs', allRunning);
    const victim = where(before, 'ip')!.node!;
    cluster.kill(victim, 'SIGKILL');
    const after = await cluster.until(`${victim} is fenced and app runs elsewhere`, fencedAndRecovered(victim));
    // Recovery is done. The hanging agent, run for the node's loss before its fencing (and so
    // before anything was recovered), has not been killed yet: nothing waited for it.
    const hanging = (await lines(hangLog())).map((l) => l.split(' '));
    expect(hanging.some(([, kind, node]) => kind === 'node' && node === victim)).toBe(true);
    expect(logged((e) => e.msg === 'alert agent timed out; its process group was killed')).toEqual([]);
    expect(hanging.filter(([pid]) => running(Number(pid))).length).toBeGreaterThan(0);

    const survivor = where(after, 'ip')!.node!;
    const written = await untilLines(recipient(), [
      new RegExp(`^${STAMP}Node '${victim}' is now 'lost'$`),
      new RegExp(`^${STAMP}Fencing Operation off of ${victim} by fence-${victim} for coordinator@node[123]: OK$`),
      new RegExp(`^${STAMP}Resource operation 'start' for 'ip' on '${survivor}': ok$`),
    ]);
    // Each survivor alerts, as each Pacemaker controller does.
    expect(written.filter((l) => l.endsWith(`Node '${victim}' is now 'lost'`))).toHaveLength(2);

    // At its timeout each hanging run is killed, its process group with it, and logged.
    const deadline = Date.now() + (HANG_TIMEOUT_S + 20) * 1000;
    let killed: LogEntry[] = [];
    while (Date.now() < deadline) {
      const all = await lines(hangLog());
      killed = logged((e) => e.msg === 'alert agent timed out; its process group was killed' && e['alert'] === 'hang');
      if (all.length > 0 && killed.length >= all.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const runs = await lines(hangLog());
    expect(killed.length).toBe(runs.length);
    expect(killed.map((e) => [e['timeoutMs'], e['rc']])).toEqual(runs.map(() => [HANG_TIMEOUT_S * 1000, null]));
    expect(runs.map((l) => running(Number(l.split(' ')[0])))).toEqual(runs.map(() => false));
    // Recovery stood: the group still runs where it was recovered.
    await cluster.until(`ip still runs on ${survivor}`, (v) => where(v, 'ip')?.state === 'started' && where(v, 'ip')?.node === survivor);
  }, 120_000);
});
