// Each admin command's arguments, what it sends and what it prints, over a fake transport.
import { describe, expect, it } from 'vitest';
import { createConfigCommand } from '../../src/cli/commands/config.ts';
import { runDaemonStop } from '../../src/cli/commands/daemon-stop.ts';
import { createFenceCommand } from '../../src/cli/commands/fence.ts';
import { createNodeCommand } from '../../src/cli/commands/node.ts';
import { createResourceCommand } from '../../src/cli/commands/resource.ts';
import { ControlError } from '../../src/cli/control-client.ts';
import type { AdminCommand } from '../../src/daemon/control-types.ts';
import { deps } from './fixture-cluster.ts';
import { capture, clusterConfig } from './helpers.ts';
import { realisticView } from './view-fixture.ts';

type Maker = typeof createResourceCommand;

/** Runs `args` through the command made by `make`; returns exit code, output and what was sent. */
async function run(make: Maker, args: string[], answer?: Parameters<typeof deps>[0]) {
  const d = deps(answer);
  const io = capture();
  const code = await make(d.deps).run(args, io.ctx);
  return { code, out: io.out, err: io.err, sent: d.fake.commands(), calls: d.fake.calls };
}

describe('vigil resource', () => {
  const cases: [string[], AdminCommand][] = [
    [['move', 'web', 'n2'], { type: 'resource.move', resource: 'web', node: 'n2' }],
    [['move', 'web', '--node', 'n2'], { type: 'resource.move', resource: 'web', node: 'n2' }],
    [['move', 'web', '--node=n2'], { type: 'resource.move', resource: 'web', node: 'n2' }],
    [['ban', 'web'], { type: 'resource.ban', resource: 'web' }],
    [['ban', 'web', 'n3'], { type: 'resource.ban', resource: 'web', node: 'n3' }],
    [['clear', 'web'], { type: 'resource.clear', resource: 'web' }],
    [['clear', 'web', '--node', 'n1'], { type: 'resource.clear', resource: 'web', node: 'n1' }],
    [['cleanup', 'web', 'n1'], { type: 'resource.cleanup', resource: 'web', node: 'n1' }],
    [['cleanup', 'web'], { type: 'resource.cleanup', resource: 'web' }],
    [['start', 'web'], { type: 'resource.start', resource: 'web' }],
    [['stop', 'web', '--config', '/dev/null'], { type: 'resource.stop', resource: 'web' }],
  ];
  it.each(cases)('should send %j as the right command', async (args, command) => {
    const result = await run(createResourceCommand, args, (c) => ({ ok: true, message: `ok ${c.type}` }));
    expect(result.sent).toEqual([command]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual([`ok ${command.type}`]);
  });

  it('should ask every node in config order, at its control port, with the key from cluster.keyFile', async () => {
    const d = deps();
    await createResourceCommand(d.deps).run(['start', 'web'], capture().ctx);
    expect(d.fake.calls[0]!.addresses).toEqual([{ name: 'n1', host: '127.0.0.1', port: 7101 }, { name: 'n2', host: '127.0.0.1', port: 7111 }, { name: 'n3', host: '127.0.0.1', port: 7121 }]);
    expect(d.fake.calls[0]!.key).toBe(d.key);
    expect(d.keyFiles).toEqual(['/etc/vigil/cluster.key']);
  });

  const usage: [string[], string][] = [
    [[], 'vigil resource: an action is required (move, ban, clear, cleanup, start, stop)'],
    [['shove', 'web'], "vigil resource: unknown action 'shove' (expected one of move, ban, clear, cleanup, start, stop)"],
    [['move'], 'vigil resource: move needs the resource NAME'],
    [['move', 'web'], 'vigil resource: move needs the target NODE: vigil resource move web NODE'],
    [['ban', 'web', 'n1', '--node', 'n2'], "vigil resource: NODE given twice ('n1' and --node n2); give it once"],
    [['start', 'web', 'n1'], 'vigil resource: start takes no NODE (target-role applies everywhere; use move or ban to choose nodes)'],
    [['ban', 'web', 'n1', 'n2'], "vigil resource: unexpected argument 'n2'"],
    [['ban', 'web', '--force'], 'vigil resource: unknown option --force'],
    [['ban', 'web', '--node'], 'vigil resource: --node needs a value'],
  ];
  it.each(usage)('should refuse %j with exit 2 and the usage', async (args, message) => {
    const result = await run(createResourceCommand, args);
    expect(result.code).toBe(2);
    expect(result.sent).toEqual([]);
    expect(result.err[0]!.split('\n')[0]).toBe(message);
    expect(result.err[0]).toContain('usage: vigil resource ACTION NAME [NODE]');
  });

  it('should print a refusal and exit 1', async () => {
    const result = await run(createResourceCommand, ['move', 'wbe', 'n2'], () => ({ ok: false, error: "no resource 'wbe' in the config (did you mean 'web'?)" }));
    expect(result.code).toBe(1);
    expect(result.err).toEqual(["vigil resource: no resource 'wbe' in the config (did you mean 'web'?)"]);
  });

  it('should print who was tried when no daemon answers, and exit 1', async () => {
    const d = deps();
    d.deps.send = async () => {
      throw new ControlError([{ node: 'n1', address: '127.0.0.1:7101', reason: 'connection refused' }], 'start the daemons');
    };
    const io = capture();
    expect(await createResourceCommand(d.deps).run(['stop', 'web'], io.ctx)).toBe(1);
    expect(io.err[0]).toBe('vigil resource: no vigil daemon answered:\n  n1 at 127.0.0.1:7101: connection refused\nfix: start the daemons');
  });
});

describe('vigil node', () => {
  it.each(['standby', 'online', 'maintenance'])('should send node.%s', async (action) => {
    const result = await run(createNodeCommand, [action, 'n2']);
    expect(result.sent).toEqual([{ type: `node.${action}`, node: 'n2' }]);
    expect(result.code).toBe(0);
  });

  it('should refuse a missing name, an unknown action and extra arguments', async () => {
    expect((await run(createNodeCommand, ['standby'])).err[0]).toMatch(/^vigil node: standby needs the node NAME\n/);
    expect((await run(createNodeCommand, ['offline', 'n1'])).err[0]).toMatch(/^vigil node: unknown action 'offline' \(expected one of standby, online, maintenance, attribute\)/);
    const extra = await run(createNodeCommand, ['online', 'n1', 'n2']);
    expect([extra.code, extra.err[0]!.split('\n')[0]]).toEqual([2, "vigil node: unexpected argument 'n2'"]);
  });
});

describe('vigil fence', () => {
  it('should fence a node, with or without an action', async () => {
    expect((await run(createFenceCommand, ['n3'])).sent).toEqual([{ type: 'fence.node', node: 'n3' }]);
    expect((await run(createFenceCommand, ['n3', '--action', 'off'])).sent).toEqual([{ type: 'fence.node', node: 'n3', action: 'off' }]);
  });

  it('should confirm a node is down, and fence a node named confirm after --', async () => {
    expect((await run(createFenceCommand, ['confirm', 'n3'])).sent).toEqual([{ type: 'fence.confirm', node: 'n3' }]);
    expect((await run(createFenceCommand, ['--', 'confirm'])).sent).toEqual([{ type: 'fence.node', node: 'confirm' }]);
  });

  it('should print the history from the view', async () => {
    const result = await run(createFenceCommand, ['history'], () => ({ ok: true, message: '', view: realisticView() }));
    expect(result.sent).toEqual([{ type: 'fence.history' }]);
    expect(result.out[0]!.split('\n')).toHaveLength(8);
    expect(result.out[0]).toMatch(/^Fencing history \(7\):\n  2025-01-02 03:04:05Z reboot n3 failed by fence-ipmi/);
  });

  const usage: [string[], string][] = [
    [[], 'a node NAME (or confirm NAME, or history) is required'],
    [['n3', '--action', 'explode'], "--action 'explode' is not reboot or off"],
    [['confirm'], 'confirm needs the node NAME you have made sure is down'],
    [['confirm', 'n3', '--action', 'off'], '--action only applies to fencing a node, not to confirm'],
    [['history', 'n3'], "history takes no argument (got 'n3')"],
    [['n2', 'n3'], "unexpected argument 'n3' (fence one node at a time)"],
  ];
  it.each(usage)('should refuse %j with exit 2', async (args, message) => {
    const result = await run(createFenceCommand, args);
    expect([result.code, result.err[0]!.split('\n')[0], result.sent]).toEqual([2, `vigil fence: ${message}`, []]);
  });
});

describe('vigil config', () => {
  it('should print the config text for show', async () => {
    const result = await run(createConfigCommand, ['show'], () => ({ ok: true, message: '', text: 'nodes:\n  - name: n1\n' }));
    expect(result.sent).toEqual([{ type: 'config.show' }]);
    expect(result.out).toEqual(['nodes:\n  - name: n1']);
  });

  it('should send the new file\'s text and print a refusal verbatim', async () => {
    const d = deps(() => ({ ok: false, error: 'new.yaml:3:5 nodes[0].name: missing — fix: name it\nnew.yaml:9:1 resources: expected a list — fix: use a list' }));
    const io = capture();
    const code = await createConfigCommand({ ...d.deps, readText: async (file) => `# ${file}\nnodes: []\n` }).run(['apply', 'new.yaml'], io.ctx);
    expect(code).toBe(1);
    expect(d.fake.commands()).toEqual([{ type: 'config.apply', file: 'new.yaml', text: '# new.yaml\nnodes: []\n' }]);
    expect(io.err[0]!.split('\n')).toEqual(['vigil config: refused (answer from n1):', 'new.yaml:3:5 nodes[0].name: missing — fix: name it', 'new.yaml:9:1 resources: expected a list — fix: use a list']);
  });

  it('should say when the new file cannot be read, without sending anything', async () => {
    const d = deps();
    const io = capture();
    expect(await createConfigCommand(d.deps).run(['apply', '/nonexistent/new.yaml'], io.ctx)).toBe(1);
    expect(io.err).toEqual(['vigil config: /nonexistent/new.yaml: the file does not exist — fix: check the path']);
    expect(d.fake.calls).toEqual([]);
  });

  it('should refuse bad arguments with exit 2', async () => {
    expect((await run(createConfigCommand, ['apply'])).err[0]).toMatch(/^vigil config: apply needs the new config FILE\n/);
    expect((await run(createConfigCommand, ['show', 'x'])).code).toBe(2);
    expect((await run(createConfigCommand, ['edit'])).err[0]).toMatch(/^vigil config: unknown action 'edit' \(expected show or apply\)/);
  });
});

describe('vigil daemon stop', () => {
  async function stop(args: string[], localHosts: string[] = [], config = clusterConfig()) {
    const d = deps(() => ({ ok: true, message: 'stopping' }), config);
    const io = capture();
    const code = await runDaemonStop(args, io.ctx, { ...d.deps, localHosts: () => localHosts });
    return { code, io, calls: d.fake.calls };
  }

  it('should send daemon.stop to the first node on this host only', async () => {
    const config = clusterConfig();
    config.nodes[0]!.address = { host: '10.0.0.1', port: 7100 };
    config.nodes[1]!.address = { host: '10.0.0.2', port: 7110 };
    const { code, calls, io } = await stop(['--leave-resources'], ['10.0.0.2', 'fe80::1'], config);
    expect(code).toBe(0);
    expect(calls.map((c) => [c.addresses, c.command])).toEqual([[[{ name: 'n2', host: '10.0.0.2', port: 7111 }], { type: 'daemon.stop', leaveResources: true }]]);
    expect(io.out).toEqual(['stopping']);
  });

  it('should treat loopback addresses as this host, and take --node', async () => {
    expect((await stop([])).calls[0]!.addresses).toEqual([{ name: 'n1', host: '127.0.0.1', port: 7101 }]);
    const named = await stop(['--node', 'n3']);
    expect(named.calls[0]!.addresses).toEqual([{ name: 'n3', host: '127.0.0.1', port: 7121 }]);
    expect(named.calls[0]!.command).toEqual({ type: 'daemon.stop', leaveResources: false });
  });

  it('should refuse when no node is on this host, or the named node is unknown', async () => {
    const config = clusterConfig();
    for (const node of config.nodes) node.address = { host: '192.0.2.7', port: 7100 };
    const none = await stop([], ['10.1.1.1'], config);
    expect([none.code, none.calls]).toEqual([2, []]);
    expect(none.io.err[0]).toMatch(/^vigil daemon stop: no configured node has an address on this host \(nodes: n1, n2, n3\); name the daemon to stop with --node NAME\n/);
    const unknown = await stop(['--node', 'n9']);
    expect(unknown.io.err[0]).toContain('--node n9: no node of that name with an address in');
    expect(unknown.code).toBe(2);
    expect((await stop(['n1'])).io.err[0]).toMatch(/unexpected argument 'n1' \(name the node with --node NAME\)/);
  });
});
