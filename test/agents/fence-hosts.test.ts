import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import {
  canFence, hostArgument, hostCheckMode, listIncludes, parseHostList, parseHostMap, parseListOutput, portFor, staticTargets,
  type FenceDevice,
} from '../../src/agents/fence-hosts.ts';
import type { FenceRequest, FenceResult } from '../../src/agents/fence.ts';
import { makeTempDir } from './helpers.ts';

describe('parseHostList', () => {
  it.each([
    ['node1 node2', ['node1', 'node2']],
    ['node1,node2', ['node1', 'node2']],
    [' node1 ,  node2;node3\n', ['node1', 'node2', 'node3']],
    ['node1 node1', ['node1']],
    ['', []],
  ])('should parse %j', (text, hosts) => {
    expect(parseHostList(text)).toEqual(hosts);
  });
});

describe('parseHostMap', () => {
  it.each([
    ['node1:port1;node2:port2', { node1: 'port1', node2: 'port2' }],
    ['node1=port1,node2=port2', { node1: 'port1', node2: 'port2' }],
    ['node1:1 node2:2', { node1: '1', node2: '2' }],
    ['node1:1;node2:2,3', { node1: '1', node2: '2,3' }],
    ['node1:vm-1:a; node2=uuid', { node1: 'vm-1:a', node2: 'uuid' }],
    ['node1:1;', { node1: '1' }],
    ['', {}],
  ])('should parse %j', (text, map) => {
    expect(parseHostMap(text)).toEqual({ map, problems: [] });
  });

  it('should name an entry without a port and say how to write it', () => {
    const { map, problems } = parseHostMap('node1;node2:2');
    expect(map).toEqual({ node2: '2' });
    expect(problems).toEqual(["pcmk_host_map entry 'node1' has no port; write it as node1:PORT (or node1=PORT)"]);
  });

  it('should report an empty node or port and a node named twice', () => {
    expect(parseHostMap(':1;node1:').problems).toHaveLength(2);
    const twice = parseHostMap('node1:1;node1:2');
    expect(twice.map).toEqual({ node1: '2' });
    expect(twice.problems[0]).toContain("names node 'node1' twice");
  });
});

describe('hostCheckMode', () => {
  it.each([
    [{}, 'dynamic-list'],
    [{ pcmk_host_list: 'n1' }, 'static-list'],
    [{ pcmk_host_map: 'n1:1' }, 'static-list'],
    [{ pcmk_host_list: 'n1', pcmk_host_check: 'dynamic-list' }, 'dynamic-list'],
    [{ pcmk_host_check: 'status' }, 'status'],
    [{ pcmk_host_check: 'NONE' }, 'none'],
  ])('should pick the mode for %j', (params, mode) => {
    expect(hostCheckMode(params)).toEqual({ mode });
  });

  it('should fall back to the default and say why for an unknown mode', () => {
    const r = hostCheckMode({ pcmk_host_check: 'static', pcmk_host_list: 'n1' });
    expect(r.mode).toBe('static-list');
    expect(r.problem).toContain("pcmk_host_check='static' is not one of static-list, dynamic-list, status, none");
  });

  it('should say that static-list without a list or map fences nothing', () => {
    expect(hostCheckMode({ pcmk_host_check: 'static-list' }).problem).toContain('neither pcmk_host_list nor pcmk_host_map is set');
  });
});

describe('staticTargets, portFor and hostArgument', () => {
  it('should join the list and the map keys and keep the ports', () => {
    expect(staticTargets({ pcmk_host_list: 'n1 n2', pcmk_host_map: 'n2:2;n3:3' })).toEqual({
      mode: 'static-list', hosts: ['n1', 'n2', 'n3'], portOf: { n2: '2', n3: '3' }, problems: [],
    });
  });

  it('should use the mapped port, matching the node without case, else the node name', () => {
    const params = { pcmk_host_map: 'Node1:7;node2:8' };
    expect([portFor(params, 'Node1'), portFor(params, 'node1'), portFor(params, 'node3')]).toEqual(['7', '7', 'node3']);
  });

  it('should send the port as "port" unless pcmk_host_argument says otherwise', () => {
    expect([hostArgument({}), hostArgument({ pcmk_host_argument: 'uuid' }), hostArgument({ pcmk_host_argument: 'none' })]).toEqual(['port', 'uuid', null]);
  });
});

describe('parseListOutput', () => {
  it('should read port,alias lines and skip what is not a port', () => {
    const out = 'vm-1,node1\nvm-2,\n\n3,node3,ON\nN/A\nNOTICE: List option is not working on this device yet\n';
    expect(parseListOutput(out)).toEqual([{ port: 'vm-1', alias: 'node1' }, { port: 'vm-2' }, { port: '3', alias: 'node3' }]);
  });

  it('should match a target by port, alias or mapped port', () => {
    const ports = [{ port: 'vm-1', alias: 'node1' }, { port: 'node2' }, { port: '5' }];
    expect([listIncludes(ports, 'NODE1', 'NODE1'), listIncludes(ports, 'node2', 'node2'), listIncludes(ports, 'node5', '5'), listIncludes(ports, 'node9', 'node9')])
      .toEqual([true, true, true, false]);
  });
});

describe('canFence', () => {
  const device = (params: Record<string, string>): FenceDevice => ({ id: 'ipmi1', agent: 'fence_ipmilan', params });

  it('should decide from a static list without running anything', async () => {
    const d = device({ pcmk_host_list: 'node1,node2' });
    expect(await canFence(d, 'node2')).toEqual({ can: true, how: 'fence device ipmi1 (static-list): node2 is in pcmk_host_list/pcmk_host_map (node1, node2)' });
    expect((await canFence(d, 'node3')).can).toBe(false);
  });

  it('should trust a device with pcmk_host_check=none for any node', async () => {
    expect((await canFence(device({ pcmk_host_check: 'none' }), 'anything')).can).toBe(true);
  });

  it('should ask the device for its list, with the mapped port', async () => {
    const asked: number[] = [];
    const listPorts = (_d: FenceDevice, timeoutMs: number) => {
      asked.push(timeoutMs);
      return Promise.resolve({ ok: true, stdout: 'vm-7,\nvm-8,\n', reason: '' });
    };
    const d = device({ pcmk_host_map: 'node1:vm-7', pcmk_host_check: 'dynamic-list', pcmk_list_timeout: '30s' });
    expect(await canFence(d, 'node1', { listPorts })).toEqual({ can: true, how: 'fence device ipmi1 (dynamic-list): its list action names port vm-7 of node1' });
    const no = await canFence(d, 'node2', { listPorts });
    expect(no.can).toBe(false);
    expect(no.how).toContain('does not name node2 (it lists 2 port(s): vm-7, vm-8)');
    expect(asked).toEqual([30_000, 30_000]);
  });

  it('should not trust a device whose list fails', async () => {
    const listPorts = () => Promise.resolve({ ok: false, stdout: '', reason: 'failed with exit code 1' });
    const r = await canFence(device({}), 'node1', { listPorts });
    expect(r).toEqual({ can: false, how: 'fence device ipmi1 (dynamic-list): its list action failed, so it is not trusted with node1: failed with exit code 1' });
  });

  it('should ask the status of the target port in status mode', async () => {
    const requests: FenceRequest[] = [];
    const answer = (r: Partial<FenceResult>): FenceResult => ({ ok: true, rc: 0, timedOut: false, signal: null, durationMs: 1, outputTail: '', reason: '', ...r });
    const runner = {
      run: (req: FenceRequest) => {
        requests.push(req);
        return Promise.resolve(req.target === 'node1' ? answer({ rc: 2, powerState: 'off' }) : answer({ ok: false, rc: 1, powerState: 'unknown', reason: 'no such port' }));
      },
    };
    const d = device({ pcmk_host_check: 'status' });
    expect((await canFence(d, 'node1', { runner })).how).toBe("fence device ipmi1 (status): the status of node1's port answered off");
    expect(await canFence(d, 'node2', { runner })).toMatchObject({ can: false });
    expect(requests.map((r) => [r.action, r.target, r.timeoutMs])).toEqual([['status', 'node1', 20_000], ['status', 'node2', 20_000]]);
  });

  describe('with a real list process', () => {
    const tmp = makeTempDir('fence-hosts');
    afterAll(() => tmp.cleanup());
    const agent = join(tmp.dir, 'fence_lister');
    writeFileSync(agent, '#!/bin/sh\ncat >/dev/null\nprintf "p1,node1\\np2,node2\\n"\n');
    chmodSync(agent, 0o755);

    it('should run the agent\'s list action and find the alias', async () => {
      const d: FenceDevice = { id: 'lister', agent: 'fence_lister', params: {} };
      const r = await canFence(d, 'node2', { agentDirs: [tmp.dir] });
      expect(r).toEqual({ can: true, how: 'fence device lister (dynamic-list): its list action names node2' });
      expect((await canFence(d, 'node3', { agentDirs: [tmp.dir] })).can).toBe(false);
    });
  });
});
