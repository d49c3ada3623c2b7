// The `alerts:` section: every field read, Pacemaker's defaults, paths resolved against the
// config file's folder, each bad value refused naming file, line, field and fix, and the
// writer's round trip.
import { describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../../../src/config/errors.ts';
import { loadYamlConfig } from '../../../src/config/yaml/load.ts';
import { writeYamlConfig } from '../../../src/config/yaml/write.ts';
import { problemsOf as problemsOfFile } from './problems.ts';

const FILE = '/etc/vigil/cluster.yaml';

const problemsOf = (yaml: string): Problem[] => problemsOfFile(yaml, FILE);

const alertsOf = (yaml: string) => loadYamlConfig(yaml, FILE).config.alerts;

describe('the alerts section', () => {
  it('should read every field of an alert and of its recipients', () => {
    const yaml = [
      'alerts:',
      '  - alert: to-file',
      '    path: alerts/alert_file.sh',
      '    recipients:',
      '      - /var/log/alerts.log',
      '      - { value: /var/log/other.log, timeout: 5s, timestamp-format: "%Y-%m-%d %H:%M:%S", params: { debug_exec_order: "true" } }',
      '    select: [attribute, node]',
      '    attributes: [standby, shutdown]',
      '    timeout: 15s',
      '    timestamp-format: "%H:%M:%S.%03N"',
      '    params: { debug_exec_order: "false" }',
    ].join('\n');
    expect(alertsOf(yaml)).toEqual([{
      id: 'to-file', path: '/etc/vigil/alerts/alert_file.sh',
      recipients: [
        { value: '/var/log/alerts.log' },
        { value: '/var/log/other.log', timeoutMs: 5000, timestampFormat: '%Y-%m-%d %H:%M:%S', params: { debug_exec_order: 'true' } },
      ],
      select: ['node', 'attribute'], attributes: ['standby', 'shutdown'],
      timeoutMs: 15_000, timestampFormat: '%H:%M:%S.%03N', params: { debug_exec_order: 'false' },
    }]);
  });

  it('should default to node, fencing and resource events, a 30 s timeout and %H:%M:%S.%06N, as Pacemaker does', () => {
    expect(alertsOf('alerts: [ { alert: a, path: /usr/bin/true } ]')).toEqual([{
      id: 'a', path: '/usr/bin/true', recipients: [], select: ['node', 'fencing', 'resource'], attributes: [],
      timeoutMs: 30_000, timestampFormat: '%H:%M:%S.%06N', params: {},
    }]);
  });

  it('should leave a config without alerts without the field', () => {
    expect(alertsOf('nodes: [node1]')).toBeUndefined();
    expect(alertsOf('alerts: []')).toBeUndefined();
  });

  it('should refuse each bad value naming the line, the field and the fix', () => {
    const yaml = [
      'alerts:',                                                   // 1
      '  - alert: a',                                               // 2
      '    path: /usr/bin/true',                                    // 3
      '    select: [node, everything]',                             // 4
      '  - alert: b',                                               // 5
      '    path: /usr/bin/true',                                    // 6
      '    timeout: 0',                                             // 7
      '    timestamp-format: "%H:%Q"',                              // 8
      '    params: { "bad-name": x, CRM_alert_kind: y }',           // 9
      '  - alert: c',                                               // 10
      '    path: /usr/bin/true',                                    // 11
      '    attributes: [standby]',                                  // 12
      '  - alert: d',                                               // 13
      '    path: /usr/bin/true',                                    // 14
      '    select: []',                                             // 15
      '  - alert: e',                                               // 16
      '    recipients: [ { timeout: 5s } ]',                        // 17
      '  - alert: a',                                               // 18
      '    path: /usr/bin/true',                                    // 19
      '    recipents: [x]',                                         // 20
    ].join('\n');
    const lines = problemsOf(yaml).map(formatProblem);
    expect(lines).toEqual([
      `${FILE}:4:20 alerts[0].select[1]: expected one of node, fencing, resource, attribute, found "everything" — fix: write node`,
      `${FILE}:7:14 alerts[1].timeout: an alert's timeout must be above zero: the agent would be killed before it ran — fix: write timeout: 30s`,
      expect.stringMatching(/^\/etc\/vigil\/cluster\.yaml:8:23 alerts\[1\]\.timestamp-format: timestamp-format "%H:%Q": %Q is not a conversion vigil formats — fix: use the conversions %Y .* \(default %H:%M:%S\.%06N\)$/),
      expect.stringMatching(/^\/etc\/vigil\/cluster\.yaml:9:13 alerts\[1\]\.params\.bad-name: parameter "bad-name" cannot be passed: .* — fix: rename it, e\.g\. bad_name$/),
      `${FILE}:9:13 alerts[1].params.CRM_alert_kind: parameter "CRM_alert_kind" would replace a variable vigil sets for every event (CRM_alert_*) — fix: rename it or remove it`,
      `${FILE}:12:17 alerts[2].attributes: attributes: names the node attributes whose changes this alert receives, but its select leaves attribute events out — fix: add attribute to select, e.g. select: [node, fencing, resource, attribute], or remove attributes:`,
      `${FILE}:15:13 alerts[3].select: select: [] selects no events, so the alert would never run — fix: list the kinds of events it receives (node, fencing, resource, attribute), or remove select: for node, fencing and resource events`,
      `${FILE}:16:5 alerts[4]: an alert is missing "path" — fix: add path: /usr/local/lib/vigil/alert_file.sh`,
      `${FILE}:17:19 alerts[4].recipients[0]: a recipient is missing "value" — fix: add value: /var/log/alerts.log`,
      `${FILE}:20:5 alerts[5].recipents: unknown key "recipents"; did you mean "recipients"? — fix: rename it to recipients`,
    ]);
  });

  it('should refuse a second alert of the same name', () => {
    const problems = problemsOf('alerts:\n  - { alert: a, path: /usr/bin/true }\n  - { alert: a, path: /usr/bin/false }');
    expect(problems.map(formatProblem)).toEqual([`${FILE}:3:5 alerts[1]: a second alert named a — fix: give each alert its own name`]);
  });

  it('should write alerts so that reading them back gives the same config', () => {
    const yaml = [
      'nodes: [node1]',
      'alerts:',
      '  - alert: to-file',
      '    path: /usr/local/lib/vigil/alert_file.sh',
      '    recipients: [/var/log/a.log, { value: "0123", timeout: 1m, params: { x: "false" } }]',
      '    select: [fencing, attribute]',
      '    attributes: [standby]',
      '    timestamp-format: "%c"',
      '    params: { level: "10" }',
      '  - { alert: plain, path: /usr/bin/true }',
    ].join('\n');
    const doc = loadYamlConfig(yaml, FILE);
    const written = writeYamlConfig(doc);
    expect(loadYamlConfig(written, FILE).config).toEqual(doc.config);
    expect(written).toContain('alert: plain');
  });
});
