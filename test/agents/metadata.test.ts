import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentMetadataError, createMetadataCache, parseAgentMetadata, parseDurationMs, readAgentMetadata } from '../../src/agents/metadata.ts';
import { makeTempDir, writeAgent } from './helpers.ts';

const tmp = makeTempDir('metadata');
afterAll(() => tmp.cleanup());
const heartbeatDummy = { class: 'ocf', provider: 'heartbeat', type: 'Dummy' } as const;

describe('parseDurationMs', () => {
  it.each([
    ['20s', 20_000], ['20', 20_000], ['1m', 60_000], ['500ms', 500], ['1h', 3_600_000],
    ['90sec', 90_000], ['2min', 120_000], [' 1.5s ', 1_500], ['1hr', 3_600_000], ['750us', 1],
  ])('should read %s as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', 'soon', '-5s', '5 parsecs', 's20'])('should refuse %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe('readAgentMetadata with real agents', () => {
  it('should read ocf:heartbeat:Dummy: parameters state and fake, actions with timeouts, migration', async () => {
    const md = await readAgentMetadata(heartbeatDummy);
    expect(md.name).toBe('Dummy');
    expect(md.parameters.map((p) => p.name)).toEqual(['state', 'fake']);
    expect(md.parameters[0]).toMatchObject({ name: 'state', required: false, unique: true, reloadable: false, type: 'string', shortdesc: 'State file' });
    expect(md.parameters[1]).toMatchObject({ name: 'fake', unique: false, default: 'dummy' });
    expect(md.actions.find((a) => a.name === 'monitor')).toEqual({ name: 'monitor', timeoutMs: 20_000, intervalMs: 10_000, depth: 0 });
    expect(md.actions.find((a) => a.name === 'meta-data')?.timeoutMs).toBe(5_000);
    expect(md.capabilities).toEqual({ migrate: true, reloadAgent: false, promotable: false });
    expect(md.warnings).toEqual([]);
  });

  it('should see reload-agent in ocf:pacemaker:Dummy and promotion in ocf:pacemaker:Stateful', async () => {
    const dummy = await readAgentMetadata({ class: 'ocf', provider: 'pacemaker', type: 'Dummy' });
    expect(dummy.capabilities).toEqual({ migrate: true, reloadAgent: true, promotable: false });
    expect(dummy.parameters.find((p) => p.name === 'op_sleep')).toMatchObject({ reloadable: true, default: '0' });
    expect(dummy.ocfVersion).toBe('1.1');
    const stateful = await readAgentMetadata({ class: 'ocf', provider: 'pacemaker', type: 'Stateful' });
    expect(stateful.capabilities.promotable).toBe(true);
    expect(stateful.actions.filter((a) => a.name === 'monitor').map((a) => a.role)).toEqual(['Promoted', 'Unpromoted']);
  });

  it('should mark required parameters (ocf:heartbeat:IPaddr2 needs ip)', async () => {
    const md = await readAgentMetadata({ class: 'ocf', provider: 'heartbeat', type: 'IPaddr2' });
    expect(md.parameters.find((p) => p.name === 'ip')?.required).toBe(true);
    expect(md.parameters.find((p) => p.name === 'nic')?.required).toBe(false);
  });

  it('should reject with an error naming a missing agent', async () => {
    const err = await readAgentMetadata({ class: 'ocf', provider: 'heartbeat', type: 'NoSuchAgent' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentMetadataError);
    expect((err as Error).message).toMatch(/^ocf:heartbeat:NoSuchAgent: meta-data failed with rc 5: .*does not exist/);
  });
});

describe('readAgentMetadata cache', () => {
  it('should run the agent once per cache, also for concurrent reads', async () => {
    const ocfRoot = join(tmp.dir, 'counted');
    const calls = join(tmp.dir, 'calls');
    writeAgent(ocfRoot, 'counted', `#!/bin/sh\necho x >> ${calls}\necho '<resource-agent name="counted"><actions><action name="start" timeout="1m"/></actions></resource-agent>'\n`);
    const cache = createMetadataCache();
    const agent = { class: 'ocf', provider: 'test', type: 'counted' } as const;
    const [a, b] = await Promise.all([readAgentMetadata(agent, { ocfRoot, cache }), readAgentMetadata(agent, { ocfRoot, cache })]);
    const c = await readAgentMetadata(agent, { ocfRoot, cache });
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(a.actions).toEqual([{ name: 'start', timeoutMs: 60_000 }]);
    expect(readFileSync(calls, 'utf8')).toBe('x\n');
    await readAgentMetadata(agent, { ocfRoot }); // no cache: runs again
    expect(readFileSync(calls, 'utf8')).toBe('x\nx\n');
  });

  it('should not keep a failure, so a fixed agent is read next time', async () => {
    const ocfRoot = join(tmp.dir, 'flaky');
    writeAgent(ocfRoot, 'flaky', '#!/bin/sh\necho "<resource-agent name=" \nexit 0\n');
    const cache = createMetadataCache();
    const agent = { class: 'ocf', provider: 'test', type: 'flaky' } as const;
    const err = await readAgentMetadata(agent, { ocfRoot, cache }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^ocf:test:flaky: meta-data is not well-formed XML/);
    expect(cache.entries.size).toBe(0);
    writeAgent(ocfRoot, 'flaky', '#!/bin/sh\necho "<resource-agent name=\\"flaky\\"/>"\n');
    expect((await readAgentMetadata(agent, { ocfRoot, cache })).name).toBe('flaky');
    expect(cache.entries.size).toBe(1);
  });
});

describe('parseAgentMetadata', () => {
  it('should read unique-group, required, select content and warn about unreadable durations', () => {
    const md = parseAgentMetadata(`<?xml version="1.0"?>
      <resource-agent name="x" version="3.0"><version>1.1</version>
        <shortdesc lang="de">Beispiel</shortdesc><shortdesc lang="en">Example</shortdesc>
        <parameters>
          <parameter name="a" required="1" unique-group="g"><content type="select" default="one"/></parameter>
          <parameter name="b" reloadable="true"><deprecated/><shortdesc>Bee</shortdesc></parameter>
        </parameters>
        <actions><action name="start" timeout="soon"/><action name="promote"/><action name="demote" timeout="10"/></actions>
      </resource-agent>`);
    expect(md).toMatchObject({ name: 'x', version: '3.0', ocfVersion: '1.1', shortdesc: 'Example' });
    expect(md.parameters).toEqual([
      { name: 'a', required: true, unique: true, reloadable: false, type: 'select', default: 'one', deprecated: false },
      { name: 'b', required: false, unique: false, reloadable: true, type: 'string', shortdesc: 'Bee', deprecated: true },
    ]);
    expect(md.actions).toEqual([{ name: 'start' }, { name: 'promote' }, { name: 'demote', timeoutMs: 10_000 }]);
    expect(md.capabilities.promotable).toBe(true);
    expect(md.warnings).toEqual(['action start: timeout="soon" is not a duration (use e.g. 20s, 500ms, 1m)']);
  });

  it('should refuse XML without a named resource-agent element', () => {
    expect(() => parseAgentMetadata('<agent/>')).toThrow('meta-data has no <resource-agent name="..."> element');
  });
});
