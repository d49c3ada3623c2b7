// Reload as each agent supports it: reload-agent (OCF 1.1, reloadable parameters), the older
// reload (parameters not marked unique), or none; starts report what a reload cannot change.
import { describe, expect, it } from 'vitest';
import { parseAgentMetadata } from '../../src/agents/metadata.ts';
import { createReloadAwareRunner, forceRestartOf, reloadStyleOf } from '../../src/agents/reload-runner.ts';
import type { AgentOperation, AgentResult } from '../../src/ocf/operation.ts';

function agentXml(opts: { ocf: string; actions: string[]; params: string }): string {
  return `<?xml version="1.0"?><resource-agent name="A" version="1"><version>${opts.ocf}</version>
<parameters>${opts.params}</parameters>
<actions>${opts.actions.map((a) => `<action name="${a}" timeout="20s"/>`).join('')}</actions></resource-agent>`;
}

// Like ocf:heartbeat:Dummy: OCF 1.0, `reload`, state unique.
const LEGACY = parseAgentMetadata(agentXml({
  ocf: '1.0', actions: ['start', 'stop', 'monitor', 'reload'],
  params: '<parameter name="state" unique="1"><content type="string"/></parameter><parameter name="fake" unique="0"><content type="string"/></parameter>',
}));
const OCF11 = parseAgentMetadata(agentXml({
  ocf: '1.1', actions: ['start', 'stop', 'monitor', 'reload-agent'],
  params: '<parameter name="state" unique="1" reloadable="0"><content type="string"/></parameter><parameter name="fake" reloadable="1"><content type="string"/></parameter><parameter name="other"><content type="string"/></parameter>',
}));
const OCF11_RELOAD_ONLY = parseAgentMetadata(agentXml({ ocf: '1.1', actions: ['start', 'stop', 'monitor', 'reload'], params: '' }));
const NONE = parseAgentMetadata(agentXml({ ocf: '1.0', actions: ['start', 'stop', 'monitor'], params: '' }));

const op = (action: AgentOperation['action']): AgentOperation => ({
  resource: 'r', agent: { class: 'ocf', provider: 'heartbeat', type: 'A' }, action, intervalMs: 0, timeoutMs: 20_000,
  params: { fake: 'b' }, meta: {}, node: 'n1',
});
const ok: AgentResult = { rc: 0, timedOut: false, signal: null, durationMs: 1, outputTail: '' };

describe('reload as each agent supports it', () => {
  it('should pick reload-agent for OCF 1.1 agents, reload for older ones, and nothing otherwise', () => {
    expect(reloadStyleOf(OCF11)).toBe('reload-agent');
    expect(reloadStyleOf(LEGACY)).toBe('reload');
    expect(reloadStyleOf(OCF11_RELOAD_ONLY), 'an OCF 1.1 agent reloads only by reload-agent').toBeNull();
    expect(reloadStyleOf(NONE)).toBeNull();
  });

  it('should name what a reload cannot change: not reloadable (1.1), unique (older)', () => {
    expect(forceRestartOf(OCF11)).toEqual(['other', 'state']);
    expect(forceRestartOf(LEGACY)).toEqual(['state']);
    expect(forceRestartOf(NONE)).toBeUndefined();
  });

  it('should run reload for a legacy agent asked to reload-agent, and report forceRestart after it', async () => {
    const ran: string[] = [];
    const runner = createReloadAwareRunner({ run: async (o) => { ran.push(o.action); return ok; } }, { metadata: async () => LEGACY });
    expect(await runner.run(op('reload-agent'))).toMatchObject({ rc: 0, forceRestart: ['state'] });
    expect(await runner.run(op('start'))).toMatchObject({ rc: 0, forceRestart: ['state'] });
    expect((await runner.run(op('monitor'))).forceRestart).toBeUndefined();
    expect(ran).toEqual(['reload', 'start', 'monitor']);
  });

  it('should refuse reload-agent (rc 3) for an agent that cannot reload, and not annotate its starts', async () => {
    const ran: string[] = [];
    const runner = createReloadAwareRunner({ run: async (o) => { ran.push(o.action); return ok; } }, { metadata: async () => NONE });
    expect(await runner.run(op('reload-agent'))).toMatchObject({ rc: 3, exitReason: expect.stringContaining('neither reload-agent nor reload') });
    expect((await runner.run(op('start'))).forceRestart).toBeUndefined();
    expect(ran).toEqual(['start']);
  });

  it('should not annotate a failed start, and treat unreadable meta-data as an agent that cannot reload', async () => {
    const failing = createReloadAwareRunner({ run: async () => ({ ...ok, rc: 1 }) }, { metadata: async () => LEGACY });
    expect((await failing.run(op('start'))).forceRestart).toBeUndefined();
    const unreadable = createReloadAwareRunner({ run: async () => ok }, { metadata: async () => { throw new Error('no such agent'); } });
    expect((await unreadable.run(op('start'))).forceRestart).toBeUndefined();
    expect((await unreadable.run(op('reload-agent'))).exitReason).toMatch(/could not be read/);
  });
});
