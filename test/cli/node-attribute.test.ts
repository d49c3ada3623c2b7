// `vigil node attribute`: its arguments, what it sends, what it prints and its exit codes; and
// the node attributes in `vigil status`.
import { describe, expect, it } from 'vitest';
import { createNodeCommand } from '../../src/cli/commands/node.ts';
import { parseNodeAttributeArgs } from '../../src/cli/commands/node-attribute.ts';
import { formatStatus } from '../../src/cli/status-format.ts';
import type { AdminCommand, AdminResult } from '../../src/daemon/control-types.ts';
import { deps } from './fixture-cluster.ts';
import { capture } from './helpers.ts';
import { realisticView } from './view-fixture.ts';

async function run(args: string[], answer?: (c: AdminCommand) => AdminResult) {
  const d = deps(answer);
  const io = capture();
  const code = await createNodeCommand(d.deps).run(['attribute', ...args], io.ctx);
  return { code, out: io.out, err: io.err, sent: d.fake.commands() };
}

describe('vigil node attribute', () => {
  it.each([
    [['n1', 'site', 'east'], [{ type: 'attribute.update', section: 'nodes', node: 'n1', name: 'site', value: 'east' }]],
    [['n1', 'pingd', '0', '--lifetime', 'reboot'], [{ type: 'attribute.update', section: 'status', node: 'n1', name: 'pingd', value: '0' }]],
    [['n1', 'site', '--delete'], [{ type: 'attribute.update', section: 'nodes', node: 'n1', name: 'site', value: null }]],
    [['n1', 'pingd', '--delete', '--lifetime=reboot'], [{ type: 'attribute.update', section: 'status', node: 'n1', name: 'pingd', value: null }]],
    [['n1', 'pingd', '--lifetime', 'reboot'], [{ type: 'attribute.query', section: 'status', node: 'n1', name: 'pingd' }]],
    [['n1', 'pingd'], [{ type: 'attribute.query', section: 'status', node: 'n1', name: 'pingd' }, { type: 'attribute.query', section: 'nodes', node: 'n1', name: 'pingd' }]],
  ] as [string[], AdminCommand[]][])('should turn %j into %j', (args, commands) => {
    expect(parseNodeAttributeArgs(args)).toEqual({ commands, config: undefined });
  });

  it.each([
    [['n1'], 'attribute needs the NODE and the attribute NAME'],
    [['n1', 'a', 'b', 'c'], "unexpected argument 'c'"],
    [['n1', 'a', 'b', '--delete'], '--delete takes no VALUE'],
    [['n1', 'a', '--lifetime', 'always'], "--lifetime must be reboot or forever, not 'always'"],
  ])('should refuse %j: %s', (args, problem) => {
    expect(parseNodeAttributeArgs(args)).toBe(problem);
  });

  it('should print the change and exit 0', async () => {
    const r = await run(['n1', 'site', 'east'], () => ({ ok: true, message: 'site=east on n1 (forever)' }));
    expect([r.code, r.out, r.err]).toEqual([0, ['site=east on n1 (forever)'], []]);
  });

  it('should print each value found with its lifetime, and exit 1 when neither lifetime has it', async () => {
    const found = await run(['n1', 'pingd'], (c) => (c.type === 'attribute.query' && c.section === 'status' ? { ok: true, message: '', text: '1000' } : { ok: true, message: 'not set' }));
    expect([found.code, found.out]).toEqual([0, ['pingd=1000 (reboot)']]);
    const missing = await run(['n1', 'pingd'], () => ({ ok: true, message: 'not set' }));
    expect([missing.code, missing.out, missing.err]).toEqual([1, [], ['vigil node attribute: n1 has no attribute pingd']]);
  });

  it('should print a refusal and exit 1, and a usage error with exit 2', async () => {
    const refused = await run(['n9', 'site', 'x'], () => ({ ok: false, error: "no node 'n9' in the config" }));
    expect([refused.code, refused.err]).toEqual([1, ["vigil node attribute: no node 'n9' in the config"]]);
    const usage = await run(['n1']);
    expect(usage.code).toBe(2);
    expect(usage.err[0]).toContain('usage: vigil node attribute NODE NAME [VALUE]');
    expect(usage.sent).toEqual([]);
  });
});

describe('node attributes in vigil status', () => {
  it('should list each node\'s attributes after the nodes, permanent ones marked', () => {
    const view = realisticView();
    view.nodes[0]!.attributes = [{ name: 'pingd', value: '1000', lifetime: 'reboot' }, { name: 'site', value: 'east', lifetime: 'forever' }];
    const text = formatStatus(view, { color: false });
    expect(text).toContain(`Node attributes:\n  ${view.nodes[0]!.name}  pingd=1000, site=east (forever)\n`);
    view.nodes[0]!.attributes = [];
    expect(formatStatus(view, { color: false })).not.toContain('Node attributes');
  });
});
