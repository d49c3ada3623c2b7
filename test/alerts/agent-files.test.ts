// An alert agent that cannot run on this node: `vigil validate` warns (it may run off the
// cluster), `config apply`'s agent check refuses, naming the alert, the field and the fix.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertAgentProblems } from '../../src/alerts/agent-files.ts';
import { validateCommand } from '../../src/cli/commands/validate.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { loadYamlConfig } from '../../src/config/yaml/load.ts';
import { checkConfigAgents } from '../../src/runtime/agent-check.ts';
import { capture } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-alert-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(join(dir, 'ok.sh'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
writeFileSync(join(dir, 'plain.sh'), '#!/bin/sh\nexit 0\n');
chmodSync(join(dir, 'plain.sh'), 0o644);
const yaml = `nodes: [node1]
alerts:
  - { alert: fine, path: ok.sh }
  - { alert: missing, path: nope.sh }
  - { alert: plain, path: plain.sh }
`;
const file = join(dir, 'cluster.yaml');
writeFileSync(file, yaml);

describe('alert agents on this node', () => {
  it('should name each alert whose agent is missing or not executable', async () => {
    const problems = await alertAgentProblems(file, loadYamlConfig(yaml, file).config);
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['alerts[1].path', `alert missing: ${join(dir, 'nope.sh')} does not exist on this node`],
      ['alerts[2].path', `alert plain: ${join(dir, 'plain.sh')} is not executable`],
    ]);
    expect(problems[0]!.fix).toContain(`install -m 0755 /usr/share/pacemaker/alerts/alert_file.sh.sample ${join(dir, 'nope.sh')}`);
  });

  it('should have config apply\'s check refuse them, and validate warn and still say valid', async () => {
    const refused = await checkConfigAgents(file, loadYamlConfig(yaml, file).config).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems.map((p) => p.path)).toEqual(['alerts[1].path', 'alerts[2].path']);
    const c = capture();
    expect(await validateCommand.run([file], c.ctx)).toBe(0);
    expect(c.out).toEqual([`${file}: valid (0 resources, 0 constraints, 1 node)`]);
    expect(c.err.map((l) => l.slice(0, l.indexOf(' —')))).toEqual([
      `warning: ${file} alerts[1].path: alert missing: ${join(dir, 'nope.sh')} does not exist on this node`,
      `warning: ${file} alerts[2].path: alert plain: ${join(dir, 'plain.sh')} is not executable`,
    ]);
  });
});
