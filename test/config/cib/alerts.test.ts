// <alerts> of a Pacemaker CIB: imported as vigil alerts (path, recipients, select, meta and
// instance attributes, per recipient too); disabled alerts and unread meta attributes warned
// about; settings no agent could run with refused by validate; the imported YAML reads back.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCommand } from '../../../src/cli/commands/import.ts';
import { validateCommand } from '../../../src/cli/commands/validate.ts';
import { readCibWithWarnings } from '../../../src/config/cib/read.ts';
import { loadYamlConfig } from '../../../src/config/yaml/load.ts';
import { capture } from '../../cli/helpers.ts';

const cib = (alerts: string) => `<cib admin_epoch="0" epoch="1" num_updates="0">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="node1"/></nodes>
    <resources/>
    <constraints/>
    <alerts>${alerts}</alerts>
  </configuration>
  <status/>
</cib>`;

const SAMPLE = `
  <alert id="file" path="/usr/local/lib/alert_file.sh">
    <meta_attributes id="file-meta">
      <nvpair id="file-timeout" name="timeout" value="15s"/>
      <nvpair id="file-ts" name="timestamp-format" value="%Y-%m-%d %H:%M:%S"/>
      <nvpair id="file-other" name="priority" value="3"/>
    </meta_attributes>
    <instance_attributes id="file-params">
      <nvpair id="file-debug" name="debug_exec_order" value="false"/>
    </instance_attributes>
    <select><select_fencing/><select_attributes><attribute id="a-standby" name="standby"/></select_attributes></select>
    <recipient id="file-r1" value="/var/log/a.log"/>
    <recipient id="file-r2" value="/var/log/b.log">
      <meta_attributes id="file-r2-meta"><nvpair id="file-r2-ts" name="timestamp-format" value="%c"/></meta_attributes>
      <instance_attributes id="file-r2-params"><nvpair id="file-r2-debug" name="debug_exec_order" value="true"/></instance_attributes>
    </recipient>
    <recipient id="file-r3" value="/var/log/c.log">
      <meta_attributes id="file-r3-meta"><nvpair id="file-r3-on" name="enabled" value="false"/></meta_attributes>
    </recipient>
  </alert>
  <alert id="plain" path="/usr/local/lib/notify.sh"/>
  <alert id="off" path="/usr/local/lib/off.sh">
    <meta_attributes id="off-meta"><nvpair id="off-on" name="enabled" value="false"/></meta_attributes>
  </alert>`;

describe('<alerts> of a CIB', () => {
  it('should import each alert with its settings, and warn about what it leaves out', () => {
    const { doc, warnings, problems } = readCibWithWarnings(cib(SAMPLE), 'cib.xml');
    expect(problems).toEqual([]);
    expect(doc.config.alerts).toEqual([
      {
        id: 'file', path: '/usr/local/lib/alert_file.sh',
        recipients: [{ value: '/var/log/a.log' }, { value: '/var/log/b.log', timestampFormat: '%c', params: { debug_exec_order: 'true' } }],
        select: ['fencing', 'attribute'], attributes: ['standby'],
        timeoutMs: 15_000, timestampFormat: '%Y-%m-%d %H:%M:%S', params: { debug_exec_order: 'false' },
      },
      {
        id: 'plain', path: '/usr/local/lib/notify.sh', recipients: [], select: ['node', 'fencing', 'resource'], attributes: [],
        timeoutMs: 30_000, timestampFormat: '%H:%M:%S.%06N', params: {},
      },
    ]);
    expect(warnings.filter((w) => w.includes('alert'))).toEqual([
      'cib.xml: <alert id="file">: meta attribute \'priority\' is not one vigil reads for alerts (timeout, timestamp-format, enabled); ignored',
      'cib.xml: <recipient id="file-r3"> has enabled=false: not imported, so the alert does not run for it',
      'cib.xml: <alert id="off"> has enabled=false: not imported, so it never runs (as in Pacemaker)',
    ]);
  });

  it('should no longer call alerts unmodelled', () => {
    const { warnings } = readCibWithWarnings(cib('<alert id="a" path="/bin/true"/>'), 'cib.xml');
    expect(warnings).toEqual([]);
  });

  it('should import YAML that loads back to the same alerts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-cib-'));
    try {
      const file = join(dir, 'cib.xml');
      await writeFile(file, cib(SAMPLE));
      const c = capture();
      expect(await importCommand.run([file], c.ctx)).toBe(0);
      const yaml = c.out.join('\n');
      expect(loadYamlConfig(yaml, join(dir, 'imported.yaml')).config.alerts).toEqual(readCibWithWarnings(cib(SAMPLE), file).doc.config.alerts);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('should have validate refuse what no alert agent could run with, naming the element and the fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-cib-'));
    try {
      const file = join(dir, 'cib.xml');
      await writeFile(file, cib(`
        <alert id="rel" path="alerts/notify.sh">
          <meta_attributes id="rel-meta">
            <nvpair id="rel-ts" name="timestamp-format" value="%H %Q"/>
            <nvpair id="rel-to" name="timeout" value="soon"/>
          </meta_attributes>
          <instance_attributes id="rel-params"><nvpair id="rel-p" name="my-option" value="1"/></instance_attributes>
        </alert>`));
      const c = capture();
      expect(await validateCommand.run([file], c.ctx)).toBe(1);
      const errors = c.err.filter((l) => l.startsWith('error: '));
      expect(errors).toEqual([
        `error: ${file}: <alert id="rel">: timeout="soon" is not a duration above zero — fix: set timeout to a duration such as 30s`,
        expect.stringMatching(/^error: .*cib\.xml: <alert id="rel">: timestamp-format "%H %Q": %Q is not a conversion vigil formats — fix: use the conversions %Y /),
        expect.stringMatching(/^error: .*cib\.xml: <alert id="rel">: parameter "my-option" cannot be passed: .* — fix: rename it, e\.g\. my_option$/),
        `error: ${file}: <alert id="rel">: path "alerts/notify.sh" is not absolute — fix: give the agent's full path, e.g. /usr/share/pacemaker/alerts/alert_file.sh.sample copied to /var/lib/vigil/alert_file.sh`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
