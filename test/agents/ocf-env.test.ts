// The environment an agent receives is exactly the OCF one: nothing leaks from the daemon.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENT_PATH_DEFAULT, buildOcfEnv } from '../../src/agents/ocf-env.ts';
import { runOcfOperation } from '../../src/agents/ocf.ts';
import { makeOp, makeTempDir, writeAgent } from './helpers.ts';

const tmp = makeTempDir('ocf-env');
afterAll(() => tmp.cleanup());

describe('the OCF environment', () => {
  it('should give a real agent exactly the OCF variables and nothing of the test process', async () => {
    const ocfRoot = tmp.dir;
    const dump = join(tmp.dir, 'env.dump');
    // /proc/$$/environ is what execve received, before the shell adds PWD or anything else.
    writeAgent(ocfRoot, 'envdump', "#!/bin/sh\ntr '\\000' '\\n' < /proc/$$/environ > \"$OCF_RESKEY_dump\"\n");
    expect(process.env['HOME']).toBeDefined(); // so the absence below means something
    const r = await runOcfOperation(makeOp({
      resource: 'db:1',
      agent: { class: 'ocf', provider: 'test', type: 'envdump' },
      action: 'stop',
      intervalMs: 0,
      timeoutMs: 15_000,
      params: { dump, ip: '10.0.0.5' },
      meta: { 'recovery-left': '0', 'clone-max': '2', timeout: '1', name: 'wrong' },
      node: 'node7',
    }), { ocfRoot });
    expect(r.rc).toBe(0);
    const lines = readFileSync(dump, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines.sort()).toEqual([
      `OCF_RA_VERSION_MAJOR=1`,
      `OCF_RA_VERSION_MINOR=1`,
      `OCF_RESKEY_CRM_meta_clone_max=2`,
      `OCF_RESKEY_CRM_meta_interval=0`,
      `OCF_RESKEY_CRM_meta_name=stop`,
      `OCF_RESKEY_CRM_meta_on_node=node7`,
      `OCF_RESKEY_CRM_meta_recovery_left=0`,
      `OCF_RESKEY_CRM_meta_timeout=15000`,
      `OCF_RESKEY_dump=${dump}`,
      `OCF_RESKEY_ip=10.0.0.5`,
      `OCF_RESOURCE_INSTANCE=db:1`,
      `OCF_RESOURCE_PROVIDER=test`,
      `OCF_RESOURCE_TYPE=envdump`,
      `OCF_ROOT=${ocfRoot}`,
      `PATH=${AGENT_PATH_DEFAULT}`,
    ]);
  });

  it('should let the operation\'s own timeout, interval, name and node win over same-named meta attributes', () => {
    const env = buildOcfEnv(
      makeOp({ action: 'monitor', intervalMs: 10_000, timeoutMs: 20_000, node: 'n1', meta: { interval: '5', 'on-node': 'x', 'target-role': 'Started' } }),
      { ocfRoot: '/o', path: '/bin' },
    );
    expect(env['OCF_RESKEY_CRM_meta_interval']).toBe('10000');
    expect(env['OCF_RESKEY_CRM_meta_timeout']).toBe('20000');
    expect(env['OCF_RESKEY_CRM_meta_name']).toBe('monitor');
    expect(env['OCF_RESKEY_CRM_meta_on_node']).toBe('n1');
    expect(env['OCF_RESKEY_CRM_meta_target_role']).toBe('Started');
  });

  it('should pass OCF_CHECK_LEVEL without the OCF_RESKEY_ prefix', () => {
    const env = buildOcfEnv(makeOp({ params: { OCF_CHECK_LEVEL: '10' } }), { ocfRoot: '/o', path: '/bin' });
    expect(env['OCF_CHECK_LEVEL']).toBe('10');
    expect(env['OCF_RESKEY_OCF_CHECK_LEVEL']).toBeUndefined();
  });
});
