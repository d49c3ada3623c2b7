// The agent channel on a real Unix socket, used by the real tool executables (sh wrapper, node,
// socket): a tool with the daemon's token reaches the handler; a wrong token, or a request
// outside the protocol, is refused and nothing reaches the handler.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentToolsEnv, AGENT_PATH_DEFAULT, PACEMAKER_TOOLS_DIR } from '../../src/agents/ocf-env.ts';
import { agentSocketPath, createAgentChannel, type AgentChannel } from '../../src/attributes/agent-channel.ts';
import type { AgentRequest, AgentResponse } from '../../src/attributes/agent-protocol.ts';
import { memoryLogger } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-agent-channel-'));
const received: AgentRequest[] = [];
let channel: AgentChannel;

beforeAll(async () => {
  channel = await createAgentChannel({
    stateDir: dir, node: 'n1', logger: memoryLogger().logger,
    handler: { handle: async (r): Promise<AgentResponse> => { received.push(r); return r.type === 'attribute.query' ? { ok: true, value: '1000' } : { ok: true }; } },
  });
});
afterAll(async () => {
  await channel.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one of vigil's tools as an agent would: by name on the agent's PATH, with its environment. */
async function tool(name: string, args: string[], envOverride: Record<string, string> = {}) {
  const tools = agentToolsEnv(channel.env);
  const env = { PATH: tools.path, ...tools.env, ...envOverride };
  try {
    const { stdout, stderr } = await promisify(execFile)(name, args, { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the agent channel', () => {
  it('should put vigil\'s tools first on the agent\'s PATH and in HA_SBIN_DIR', () => {
    const tools = agentToolsEnv(channel.env);
    expect(tools.path).toBe(`${PACEMAKER_TOOLS_DIR}:${AGENT_PATH_DEFAULT}`);
    expect(tools.env['HA_SBIN_DIR']).toBe(PACEMAKER_TOOLS_DIR);
    expect(tools.env['OCF_RESKEY_crm_feature_set']).toBe('3.16.2');
    expect(Object.keys(channel.env).sort()).toEqual(['VIGIL_AGENT_SOCKET', 'VIGIL_AGENT_TOKEN', 'VIGIL_LOCAL_NODE']);
    expect(statSync(channel.socketPath).mode & 0o777).toBe(0o600);
  });

  it('should carry a real crm_attribute\'s update and attrd_updater\'s query to the handler', async () => {
    received.length = 0;
    expect(await tool('crm_attribute', ['-N', 'n2', '-l', 'reboot', '-n', 'pingd', '-v', '0'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await tool('attrd_updater', ['-n', 'pingd', '-Q'])).toEqual({ code: 0, stdout: 'name="pingd" host="n1" value="1000"\n', stderr: '' });
    expect(received).toEqual([
      { type: 'attribute.update', section: 'status', node: 'n2', name: 'pingd', value: '0' },
      { type: 'attribute.query', section: 'status', node: 'n1', name: 'pingd' },
    ]);
  });

  it('should make ocf-shellfuncs name this node as vigil does, not by uname -n', async () => {
    const r = await tool('sh', ['-c', '. /usr/lib/ocf/lib/heartbeat/ocf-shellfuncs; ocf_local_nodename'], { OCF_ROOT: '/usr/lib/ocf' });
    expect(r).toEqual({ code: 0, stdout: 'n1\n', stderr: '' });
  });

  it('should refuse a tool without the daemon\'s token, and reach nothing', async () => {
    received.length = 0;
    const r = await tool('crm_attribute', ['-n', 'pingd', '-l', 'reboot', '-v', '1'], { VIGIL_AGENT_TOKEN: 'f'.repeat(64) });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('VIGIL_AGENT_TOKEN is missing or wrong');
    expect(received).toEqual([]);
  });

  it('should refuse a request outside the protocol even with the token', async () => {
    received.length = 0;
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(channel.socketPath, () => socket.write(`${JSON.stringify({ token: channel.env['VIGIL_AGENT_TOKEN'], request: { type: 'resource.move', resource: 'db', node: 'n2' } })}\n`));
      let text = '';
      socket.on('data', (d) => { text += String(d); });
      socket.on('close', () => resolve(text));
    });
    expect(JSON.parse(answer)).toMatchObject({ ok: false, failure: 'invalid' });
    expect(received).toEqual([]);
  });

  it('should fall back to the temporary folder when the state folder makes too long a socket path', () => {
    expect(agentSocketPath('/var/lib/vigil', 'n1')).toBe('/var/lib/vigil/n1.agent.sock');
    expect(agentSocketPath(`/${'x'.repeat(120)}`, 'n1')).toMatch(new RegExp(`^${tmpdir()}/vigil-agent-[0-9a-f]{16}\\.sock$`));
  });
});
