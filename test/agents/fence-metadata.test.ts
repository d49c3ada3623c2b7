import { describe, expect, it } from 'vitest';
import { checkFenceParams, parseFenceMetadata, readFenceMetadata, type FenceMetadata } from '../../src/agents/fence-metadata.ts';

async function realMetadata(agent: string): Promise<FenceMetadata> {
  const read = await readFenceMetadata(agent);
  if (!read.ok) throw new Error(read.reason);
  return read.metadata;
}

describe('readFenceMetadata (real fence-agents)', () => {
  it('should read fence_dummy: its own parameters, the common ones, and its actions', async () => {
    const md = await realMetadata('fence_dummy');
    expect(md.name).toBe('fence_dummy');
    expect(md.shortdesc).toBe('Dummy fence agent');
    const byName = new Map(md.parameters.map((p) => [p.name, p]));
    expect(byName.get('type')).toEqual({ name: 'type', required: false, type: 'string', default: 'file', shortdesc: 'Type of the dummy fence agent' });
    expect(byName.get('status_file')?.default).toBe('/tmp/fence_dummy.status');
    expect(byName.get('power_timeout')).toMatchObject({ type: 'second', default: '20' });
    expect(byName.get('action')).toMatchObject({ required: true, default: 'reboot' });
    expect(byName.get('debug')?.deprecated).toBe(true);
    expect(byName.get('debug_file')?.obsoletes).toBe('debug');
    expect(byName.has('random_sleep_range')).toBe(true);
    // fence_dummy is built with no_port: it takes no port (plug) at all.
    expect(byName.has('port') || byName.has('plug')).toBe(false);
    expect(md.actions.map((a) => a.name)).toEqual(['on', 'off', 'reboot', 'status', 'monitor', 'metadata', 'manpage', 'validate-all']);
  });

  it('should read fence_ipmilan: plug replaces the deprecated port, password replaces passwd', async () => {
    const md = await realMetadata('fence_ipmilan');
    const byName = new Map(md.parameters.map((p) => [p.name, p]));
    expect(byName.get('plug')?.obsoletes).toBe('port');
    expect(byName.get('port')?.deprecated).toBe(true);
    expect(byName.get('password')?.obsoletes).toBe('passwd');
  });

  it('should keep a successful read in the caller\'s cache', async () => {
    const cache = new Map<string, FenceMetadata>();
    const md = await realMetadata('fence_dummy');
    cache.set('fence_dummy', { ...md, name: 'from-cache' });
    const read = await readFenceMetadata('fence_dummy', { cache });
    expect(read.ok && read.metadata.name).toBe('from-cache');
  });

  it('should say why when the agent is missing', async () => {
    const read = await readFenceMetadata('fence_nosuch_agent');
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.reason).toContain('cannot read the metadata of fence_nosuch_agent: fence device (metadata of fence_nosuch_agent): agent fence_nosuch_agent is not installed');
  });
});

const XML = `<?xml version="1.0" ?>
<resource-agent name="fence_test" shortdesc="Test agent">
<parameters>
  <parameter name="action" required="1"><content type="string" default="reboot"/></parameter>
  <parameter name="ip" required="1" obsoletes="ipaddr"><content type="string"/><shortdesc lang="en">IP address or hostname of fencing device</shortdesc></parameter>
  <parameter name="ipaddr" required="1" deprecated="1"><content type="string"/></parameter>
  <parameter name="username" required="1"><content type="string"/><shortdesc lang="en">Login name</shortdesc></parameter>
  <parameter name="plug" required="1"><content type="string"/></parameter>
  <parameter name="password"><content type="string"/></parameter>
</parameters>
<actions><action name="reboot" timeout="40s"/><action name="list"/></actions>
</resource-agent>`;

describe('parseFenceMetadata', () => {
  it('should read parameters, deprecation and action timeouts', () => {
    const md = parseFenceMetadata(XML);
    expect(md.parameters.find((p) => p.name === 'ipaddr')).toEqual({ name: 'ipaddr', required: true, type: 'string', deprecated: true });
    expect(md.actions).toEqual([{ name: 'reboot', timeoutMs: 40_000 }, { name: 'list' }]);
  });

  it('should reject XML that is not well-formed or not agent metadata', () => {
    expect(() => parseFenceMetadata('<resource-agent name="x">')).toThrow(/metadata is not well-formed XML \(line 1/);
    expect(() => parseFenceMetadata('<other/>')).toThrow('metadata has no <resource-agent name="..."> element');
  });
});

describe('checkFenceParams', () => {
  const md = parseFenceMetadata(XML);

  it('should accept a complete device, with pcmk_* options and the parts vigil supplies', () => {
    expect(checkFenceParams('ipmi1', 'fence_test', { ip: 'h', username: 'u', password: 'p', pcmk_host_list: 'n1', pcmk_reboot_timeout: '60s' }, md)).toEqual([]);
  });

  it('should name a missing required parameter and the fix; a replacement satisfies an obsolete one', () => {
    const problems = checkFenceParams('ipmi1', 'fence_test', { ip: 'h' }, md);
    expect(problems.map((p) => p.message)).toEqual([
      "fence device ipmi1: required parameter 'username' of fence_test is not set; add username=<Login name> to its params",
    ]);
    expect(problems[0]).toMatchObject({ kind: 'missing', severity: 'error', parameter: 'username' });
  });

  it('should suggest the closest name for an unknown parameter or pcmk_ option', () => {
    const problems = checkFenceParams('ipmi1', 'fence_test', { ip: 'h', username: 'u', pasword: 'x', pcmk_host_lst: 'n1' }, md);
    expect(problems.map((p) => [p.kind, p.parameter, p.suggestion])).toEqual([['unknown', 'pasword', 'password'], ['unknown', 'pcmk_host_lst', 'pcmk_host_list']]);
    expect(problems[0]?.message).toBe("fence device ipmi1: 'pasword' is not a parameter of fence_test (known: action, ip, ipaddr, username, plug, password); did you mean 'password'?");
  });

  it('should warn about a deprecated parameter and refuse action and nodename', () => {
    const problems = checkFenceParams('ipmi1', 'fence_test', { action: 'off', ipaddr: 'h', username: 'u', nodename: 'n1' }, md);
    expect(problems.map((p) => [p.kind, p.severity, p.parameter])).toEqual([['reserved', 'error', 'action'], ['deprecated', 'warning', 'ipaddr'], ['reserved', 'error', 'nodename']]);
    expect(problems[1]?.message).toBe("fence device ipmi1: parameter 'ipaddr' of fence_test is deprecated; rename it to 'ip'");
    expect(problems[2]?.message).toBe("fence device ipmi1: 'nodename' is set by vigil for each request; remove it");
  });

  it('should check a real device against fence_dummy\'s metadata', async () => {
    const real = await realMetadata('fence_dummy');
    const problems = checkFenceParams('dummy1', 'fence_dummy', { typ: 'file', status_file: '/tmp/x' }, real);
    expect(problems.map((p) => [p.parameter, p.suggestion])).toEqual([['typ', 'type']]);
  });
});
