// An alert agent's environment: Pacemaker's CRM_alert_* names and values for each kind of
// event (and CRM_notify_* for ClusterMon's scripts), params and recipient overrides, and which
// alerts select which events. Debian's alert_file.sh.sample, fed these variables, writes the
// lines Pacemaker's would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertEnv, runTimeoutMs, selects, type AlertRunContext } from '../../src/alerts/env.ts';
import type { AlertEvent } from '../../src/alerts/events.ts';
import { resourceEvent } from '../../src/alerts/resource-events.ts';
import type { AlertConfig } from '../../src/config/model.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';

const SAMPLE = '/usr/share/pacemaker/alerts/alert_file.sh.sample';

const alert = (over: Partial<AlertConfig> = {}): AlertConfig => ({
  id: 'a', path: SAMPLE, recipients: [], select: ['node', 'fencing', 'resource'], attributes: [],
  timeoutMs: 30_000, timestampFormat: '%H:%M:%S.%06N', params: {}, ...over,
});

/** 2024-03-05 07:08:09.123456 local time. */
const TIME_US = new Date(2024, 2, 5, 7, 8, 9, 123).getTime() * 1000 + 456;
const ctx = (over: Partial<AlertRunContext> = {}): AlertRunContext => ({ alert: alert(), recipient: { value: '/tmp/x.log' }, sequence: 7, timeUs: TIME_US, ...over });

const op: AgentOperation = {
  resource: 'web', agent: { class: 'ocf', provider: 'heartbeat', type: 'Dummy' }, action: 'start', intervalMs: 0,
  timeoutMs: 20_000, params: {}, meta: {}, node: 'node2',
};
const ok = { rc: 0, timedOut: false, signal: null, durationMs: 42, outputTail: '' };

/** Only the CRM_alert_ variables, without prefix. */
const crm = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('CRM_alert_')).map(([k, v]) => [k.slice('CRM_alert_'.length), v]));

describe('alertEnv', () => {
  it('should give a resource operation\'s result as Pacemaker does', () => {
    const env = alertEnv(resourceEvent('node2', op, ok), ctx());
    expect(crm(env)).toEqual({
      kind: 'resource', version: '2.1.5', recipient: '/tmp/x.log', node_sequence: '7', timestamp: '07:08:09.123456',
      timestamp_epoch: String(Math.floor(TIME_US / 1e6)), timestamp_usec: '123456', node: 'node2',
      rsc: 'web', task: 'start', interval: '0', rc: '0', target_rc: '0', status: '0', desc: 'ok', exec_time: '42',
    });
    expect(env['CRM_notify_rsc']).toBe('web');
    expect(env['PATH']).toContain('/usr/bin');
    expect(Object.keys(env).filter((k) => !k.startsWith('CRM_'))).toEqual(['PATH']);
  });

  it('should give probes target rc 7, timeouts status 2 "Timed Out" with the timeout as exec time, and killed agents status 4', () => {
    const probe = crm(alertEnv(resourceEvent('node1', { ...op, action: 'monitor' }, { ...ok, rc: 7 }), ctx()));
    expect([probe['task'], probe['rc'], probe['target_rc'], probe['desc']]).toEqual(['monitor', '7', '7', 'not running']);
    const timedOut = crm(alertEnv(resourceEvent('node1', { ...op, action: 'stop' }, { ...ok, rc: 1, timedOut: true, signal: 'SIGTERM', durationMs: 21_003 }), ctx()));
    expect([timedOut['status'], timedOut['desc'], timedOut['exec_time']]).toEqual(['2', 'Timed Out', '20000']);
    const killed = crm(alertEnv(resourceEvent('node1', op, { ...ok, rc: 1, signal: 'SIGKILL' }), ctx()));
    expect([killed['status'], killed['desc']]).toEqual(['4', 'Error']);
    const monitor = crm(alertEnv(resourceEvent('node1', { ...op, action: 'monitor', intervalMs: 10_000 }, { ...ok, rc: 1 }), ctx()));
    expect([monitor['interval'], monitor['target_rc'], monitor['desc']]).toEqual(['10000', '0', 'error']);
  });

  it('should give node, fencing and attribute events their own variables', () => {
    const node = crm(alertEnv({ kind: 'node', node: 'node3', nodeId: '3', desc: 'lost' }, ctx()));
    expect([node['kind'], node['node'], node['nodeid'], node['desc'], node['rsc']]).toEqual(['node', 'node3', '3', 'lost', undefined]);
    const fencing = crm(alertEnv({ kind: 'fencing', node: 'node3', task: 'off', rc: 0, desc: 'Operation off of node3 by fence-node3 for coordinator@node1: OK' }, ctx()));
    expect([fencing['task'], fencing['rc'], fencing['desc']]).toEqual(['off', '0', 'Operation off of node3 by fence-node3 for coordinator@node1: OK']);
    const attribute = crm(alertEnv({ kind: 'attribute', node: 'node1', nodeId: '1', name: 'standby', value: 'on' }, ctx()));
    expect([attribute['attribute_name'], attribute['attribute_value'], attribute['nodeid']]).toEqual(['standby', 'on', '1']);
  });

  it('should pass params, let a recipient override them, its timestamp format and its timeout', () => {
    const a = alert({ params: { debug_exec_order: 'false', level: '1' }, timeoutMs: 5_000 });
    const recipient = { value: 'ops@example.com', params: { level: '2' }, timestampFormat: '%Y', timeoutMs: 1_000 };
    const env = alertEnv({ kind: 'node', node: 'node1', nodeId: '1', desc: 'member' }, ctx({ alert: a, recipient }));
    expect([env['debug_exec_order'], env['level'], env['CRM_alert_timestamp'], env['CRM_alert_recipient']]).toEqual(['false', '2', '2024', 'ops@example.com']);
    expect(runTimeoutMs({ alert: a, recipient })).toBe(1_000);
    expect(runTimeoutMs({ alert: a, recipient: undefined })).toBe(5_000);
    expect(alertEnv({ kind: 'node', node: 'node1', nodeId: '1', desc: 'member' }, ctx({ recipient: undefined }))['CRM_alert_recipient']).toBe('');
  });
});

describe('selects', () => {
  const attributeEvent = (name: string): AlertEvent => ({ kind: 'attribute', node: 'node1', nodeId: '1', name, value: '1' });
  it('should send an alert only the kinds it selects, and attributes only by the names it lists', () => {
    expect(selects(alert(), attributeEvent('standby'))).toBe(false);
    expect(selects(alert({ select: ['attribute'] }), attributeEvent('standby'))).toBe(true);
    expect(selects(alert({ select: ['attribute'], attributes: ['shutdown'] }), attributeEvent('standby'))).toBe(false);
    expect(selects(alert({ select: ['fencing'] }), { kind: 'node', node: 'n', nodeId: '1', desc: 'lost' })).toBe(false);
  });
});

describe('Debian\'s alert_file.sh.sample with this environment', () => {
  it('should write the lines Pacemaker\'s runs of it write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-alert-env-'));
    try {
      const log = join(dir, 'alerts.log');
      const run = (event: AlertEvent) => execFileSync(SAMPLE, [], { env: alertEnv(event, ctx({ recipient: { value: log } })) });
      run(resourceEvent('node2', op, ok));
      run(resourceEvent('node2', { ...op, action: 'monitor' }, { ...ok, rc: 7 }));
      run(resourceEvent('node2', { ...op, action: 'monitor', intervalMs: 10_000 }, ok));
      run({ kind: 'node', node: 'node3', nodeId: '3', desc: 'lost' });
      run({ kind: 'fencing', node: 'node3', task: 'off', rc: 0, desc: 'Operation off of node3 by fence-node3 for coordinator@node1: OK' });
      run({ kind: 'attribute', node: 'node1', nodeId: '1', name: 'standby', value: 'on' });
      expect(readFileSync(log, 'utf8').split('\n')).toEqual([
        '07:08:09.123456: Resource operation \'start\' for \'web\' on \'node2\': ok',
        '07:08:09.123456: Resource operation \'monitor\' for \'web\' on \'node2\': not running (target: 7)',
        '07:08:09.123456: Resource operation \'monitor (10000)\' for \'web\' on \'node2\': ok',
        '07:08:09.123456: Node \'node3\' is now \'lost\'',
        '07:08:09.123456: Fencing Operation off of node3 by fence-node3 for coordinator@node1: OK',
        '07:08:09.123456: Attribute \'standby\' on node \'node1\' was updated to \'on\'',
        '',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
