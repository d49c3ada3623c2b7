// vigil's Pacemaker tools (tools/pacemaker/), with the daemon faked: the options Debian's
// agents use, what each asks the daemon, what it prints and its exit code.
import { describe, expect, it } from 'vitest';
import { runTool } from '../../tools/pacemaker/lib/main.mjs';
import type { AgentClusterView, AgentRequest, AgentResponse } from '../../src/attributes/agent-protocol.ts';

const CLUSTER: AgentClusterView = {
  self: 'n1', coordinator: 'n2', quorum: true,
  nodes: [
    { name: 'n1', id: '1', member: true, state: 'online', attributes: [{ name: 'pingd', value: '1000', lifetime: 'reboot' }] },
    { name: 'n2', id: '2', member: true, state: 'online', attributes: [{ name: 'pingd', value: '0', lifetime: 'reboot' }, { name: 'site', value: 'east', lifetime: 'forever' }] },
    { name: 'n3', id: '3', member: false, state: 'offline', attributes: [] },
  ],
  resources: [
    { id: 'ip', agent: 'ocf:heartbeat:IPaddr2', state: 'started', nodes: ['n2'], failed: false, managed: true },
    { id: 'redis', agent: 'ocf:heartbeat:redis', parent: 'redis-clone', parentKind: 'clone', state: 'started', nodes: ['n1'], failed: false, managed: true },
    { id: 'redis', agent: 'ocf:heartbeat:redis', parent: 'redis-clone', parentKind: 'clone', state: 'stopped', nodes: [], failed: false, managed: true },
  ],
};

/** Runs `tool argv` against a daemon that answers with `answer`; returns exit code, output and the requests. */
async function run(tool: string, argv: string[], answer: (r: AgentRequest) => AgentResponse = () => ({ ok: true }), env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: AgentRequest[] = [];
  const code = await runTool(tool, argv, {
    env: { VIGIL_LOCAL_NODE: 'n1', OCF_RESOURCE_INSTANCE: 'stateful', ...env },
    out: (l) => out.push(l), err: (l) => err.push(l),
    ask: async (r) => {
      asked.push(r as AgentRequest);
      return (r as AgentRequest).type === 'cluster' ? { ok: true, cluster: CLUSTER } : answer(r as AgentRequest);
    },
  });
  return { code, out, err, asked };
}

const notSet = (): AgentResponse => ({ ok: false, failure: 'no-such', error: 'not set' });

describe('crm_attribute', () => {
  it.each([
    [['-N', 'n2', '-n', 'pgsql-status', '-v', 'PRI', '-l', 'reboot'], { type: 'attribute.update', section: 'status', node: 'n2', name: 'pgsql-status', value: 'PRI' }],
    [['-l', 'forever', '-N', 'n2', '-n', 'pgsql-data-status', '-v', 'LATEST'], { type: 'attribute.update', section: 'nodes', node: 'n2', name: 'pgsql-data-status', value: 'LATEST' }],
    [['--node', 'n2', '--name', 'location', '--update', 'office'], { type: 'attribute.update', section: 'nodes', node: 'n2', name: 'location', value: 'office' }],
    [['-N', 'n3', '-l', 'reboot', '--name', 'rabbit-master', '--delete'], { type: 'attribute.update', section: 'status', node: 'n3', name: 'rabbit-master', value: null }],
    [['--promotion', '-v', '10'], { type: 'attribute.update', section: 'status', node: 'n1', name: 'master-stateful', value: '10' }],
    [['-p', '-D'], { type: 'attribute.update', section: 'status', node: 'n1', name: 'master-stateful', value: null }],
    [['--promotion=db', '-v', '5'], { type: 'attribute.update', section: 'status', node: 'n1', name: 'master-db', value: '5' }],
    [['--type', 'crm_config', '--name', 'redis_REPL_INFO', '-s', 'redis_replication', '-v', 'n2', '-q'], { type: 'attribute.update', section: 'crm_config', name: 'redis_REPL_INFO', value: 'n2' }],
    [['-t', 'nodes', '--node', 'n2', '-n', 'x', '-G', '-q'], { type: 'attribute.query', section: 'nodes', node: 'n2', name: 'x' }],
    [['-N', 'n2', '-n', 'x', '-qG'], { type: 'attribute.query', section: 'nodes', node: 'n2', name: 'x' }],
  ])('should send %j as %j', async (argv, request) => {
    const r = await run('crm_attribute', argv, (q) => (q.type === 'attribute.query' ? { ok: true, value: 'v' } : { ok: true }));
    expect(r.asked).toEqual([request]);
    expect(r.code).toBe(0);
  });

  it('should print a value as Pacemaker does: the scope line, or only the value with -q', async () => {
    const found = (): AgentResponse => ({ ok: true, value: '1000' });
    expect((await run('crm_attribute', ['-N', 'n1', '-l', 'reboot', '-n', 'pingd', '-G'], found)).out).toEqual(['scope=status name=pingd value=1000']);
    expect((await run('crm_attribute', ['-N', 'n1', '-l', 'reboot', '-n', 'pingd', '-G', '-q'], found)).out).toEqual(['1000']);
    expect((await run('crm_attribute', ['--type=crm_config', '--name=cluster-delay', '--query'], () => ({ ok: true, value: '60s' }))).out).toEqual(['scope=crm_config name=cluster-delay value=60s']);
  });

  it('should say (null) and exit 105 for a missing value, or print --default', async () => {
    const missing = await run('crm_attribute', ['-N', 'n1', '-l', 'reboot', '-n', 'rabbit-master', '--query'], notSet);
    expect([missing.code, missing.out, missing.err]).toEqual([105, ['scope=status name=rabbit-master value=(null)'], ['Error performing operation: No such device or address']]);
    const quiet = await run('crm_attribute', ['-n', 'x', '-G', '-q', '-l', 'reboot'], notSet);
    expect([quiet.code, quiet.out]).toEqual([105, []]);
    const fallback = await run('crm_attribute', ['--type=crm_config', '--name=stonith-enabled', '--query', '--quiet', '--default=true'], notSet);
    expect([fallback.code, fallback.out]).toEqual([0, ['true']]);
  });

  it('should map the daemon\'s refusals and absence onto Pacemaker\'s exit codes', async () => {
    expect((await run('crm_attribute', ['-n', 'standby', '-v', 'on', '-l', 'reboot'], () => ({ ok: false, failure: 'refused', error: 'a node mode' }))).code).toBe(4);
    expect((await run('crm_attribute', ['-N', 'n9', '-n', 'x', '-v', '1'], () => ({ ok: false, failure: 'no-such', error: "no node 'n9'" }))).code).toBe(105);
    const down = await run('crm_attribute', ['-n', 'x', '-v', '1', '-l', 'reboot'], () => ({ ok: false, failure: 'disconnected', error: 'cannot reach the vigil daemon' }));
    expect([down.code, down.err]).toEqual([102, ['crm_attribute: cannot reach the vigil daemon']]);
  });

  it('should refuse what vigil does not provide, and bad usage, without asking the daemon', async () => {
    for (const [argv, code] of [[['-z', '-N', 'n1', '-n', 'cpu', '-v', '2'], 3], [['-P', 'fail-count-.*', '-G'], 3], [['-t', 'rsc_defaults', '-n', 'x', '-G'], 3], [['-v', '1'], 64], [['-n', 'x', '-l', 'always', '-G'], 64], [['--bogus'], 64]] as [string[], number][]) {
      const r = await run('crm_attribute', argv);
      expect([argv, r.code, r.asked]).toEqual([argv, code, []]);
    }
  });
});

describe('crm_master', () => {
  it('should set master-RESOURCE, forever unless told, keeping -l reboot and -N', async () => {
    expect((await run('crm_master', ['-v', '100'])).asked).toEqual([{ type: 'attribute.update', section: 'nodes', node: 'n1', name: 'master-stateful', value: '100' }]);
    expect((await run('crm_master', ['-N', 'n2', '-l', 'reboot', '-v', '5'])).asked).toEqual([{ type: 'attribute.update', section: 'status', node: 'n2', name: 'master-stateful', value: '5' }]);
    expect((await run('crm_master', ['-Q', '-l', 'reboot', '-D'])).asked).toEqual([{ type: 'attribute.update', section: 'status', node: 'n1', name: 'master-stateful', value: null }]);
    const score = await run('crm_master', ['-N', 'n1', '-l', 'reboot', '-G', '--quiet'], () => ({ ok: true, value: '1000' }));
    expect(score.out).toEqual(['1000']);
    expect((await run('crm_master', ['-v', '1'], undefined, { OCF_RESOURCE_INSTANCE: '' })).code).toBe(1);
  });
});

describe('attrd_updater', () => {
  it('should set, dampened or not, and delete a transient attribute of this node', async () => {
    expect((await run('attrd_updater', ['-n', 'pingd', '-B', '1000', '-d', '5s'])).asked).toEqual([{ type: 'attribute.update', section: 'status', node: 'n1', name: 'pingd', value: '1000' }]);
    expect((await run('attrd_updater', ['-n', 'pingd', '-v', '0', '-d', '5s'])).asked).toEqual([{ type: 'attribute.update', section: 'status', node: 'n1', name: 'pingd', value: '0' }]);
    expect((await run('attrd_updater', ['-D', '-n', 'pingd', '-d', '5s'])).asked).toEqual([{ type: 'attribute.update', section: 'status', node: 'n1', name: 'pingd', value: null }]);
    expect((await run('attrd_updater', ['-n', '#health-smart', '-U', 'red', '-N', 'n2'])).asked[0]).toMatchObject({ node: 'n2', name: '#health-smart' });
  });

  it('should print a query as name, host and value, for one node or every node that has it', async () => {
    const one = await run('attrd_updater', ['-n', 'pingd', '-Q'], () => ({ ok: true, value: '1000' }));
    expect([one.code, one.out]).toEqual([0, ['name="pingd" host="n1" value="1000"']]);
    const all = await run('attrd_updater', ['-Q', '-A', '-n', 'pingd']);
    expect(all.out).toEqual(['name="pingd" host="n1" value="1000"', 'name="pingd" host="n2" value="0"']);
    const missing = await run('attrd_updater', ['--query', '-n', 'openstack_id', '-N', 'n3'], notSet);
    expect([missing.code, missing.err]).toEqual([105, ['attrd_updater: Could not query value of openstack_id: attribute does not exist']]);
  });

  it('should need a command, a name, and -d with -B', async () => {
    expect((await run('attrd_updater', ['-n', 'x'])).code).toBe(64);
    expect((await run('attrd_updater', ['-U', '1'])).code).toBe(64);
    expect((await run('attrd_updater', ['-n', 'x', '-B', '1'])).code).toBe(64);
    expect((await run('attrd_updater', ['-R'])).code).toBe(0);
  });
});

describe('crm_node', () => {
  it('should show this node, its id, the nodes, the partition and quorum', async () => {
    expect((await run('crm_node', ['-n'])).out).toEqual(['n1']);
    expect((await run('crm_node', ['-i'])).out).toEqual(['1']);
    expect((await run('crm_node', ['-l'])).out).toEqual(['1 n1 member', '2 n2 member', '3 n3 lost']);
    expect((await run('crm_node', ['-p'])).out).toEqual(['n1 n2']);
    expect((await run('crm_node', ['-q'])).out).toEqual(['1']);
    expect((await run('crm_node', ['-R', 'n3'])).code).toBe(4);
  });
});

describe('crm_resource', () => {
  it('should locate a resource, a clone by its child or clone id', async () => {
    expect((await run('crm_resource', ['-W', '-r', 'ip'])).out).toEqual(['resource ip is running on: n2']);
    expect((await run('crm_resource', ['--locate', '--resource', 'redis-clone', '-Q'])).out).toEqual(['n1']);
    expect((await run('crm_resource', ['-W', '-r', 'nope'])).code).toBe(105);
  });

  it('should read a parameter, refuse changes and say utilization is not kept', async () => {
    const param = await run('crm_resource', ['-r', 'ip', '-g', 'ip', '-Q'], () => ({ ok: true, value: '10.0.0.5' }));
    expect([param.asked, param.out]).toEqual([[{ type: 'resource.parameter', resource: 'ip', name: 'ip', meta: false }], ['10.0.0.5']]);
    expect((await run('crm_resource', ['-Q', '-r', 'vm', '-z', '-g', 'cpu'])).code).toBe(105);
    for (const argv of [['-r', 'vm', '-z', '-p', 'cpu', '-v', '2'], ['-B', '-r', 'db', '-N', 'n1', '-Q'], ['--resource=vm', '--utilization', '--delete-parameter=cpu']]) {
      const r = await run('crm_resource', argv);
      expect([argv, r.code, r.asked]).toEqual([argv, 4, []]);
    }
  });
});

describe('crm_mon', () => {
  it('should print the XML agents grep: nodes online, resources with role, active, orphaned, failed', async () => {
    const r = await run('crm_mon', ['-1', '--output-as=xml']);
    const xml = r.out.join('\n');
    expect(xml).toMatch(/<node name="n1" id="1" online="true"/);
    expect(xml).toMatch(/<node name="n3" id="3" online="false"/);
    expect(xml).toMatch(/resource.*id="redis".* role="Started".* active="true".* orphaned="false".* failed="false"/);
    expect(xml).toContain('<clone id="redis-clone"');
    expect(xml).toContain('<current_dc present="true" name="n2" id="2" with_quorum="true"/>');
    expect((await run('crm_mon', ['-1', '--as-xml'])).out.join('\n')).toBe(xml.replace('request="crm_mon -1 --output-as=xml"', 'request="crm_mon -1 --as-xml"'));
  });

  it('should refuse to run as a daemon (ClusterMon)', async () => {
    expect((await run('crm_mon', ['-p', '/run/x.pid', '-d', '-i', '15', '--output-as=html', '--output-to=/tmp/x.html'])).code).toBe(3);
  });
});

describe('cibadmin', () => {
  it('should give crm_mon_no_validation an empty CIB and refuse the rest', async () => {
    expect((await run('cibadmin', ['-Q'])).out[0]).toMatch(/^<cib /);
    expect((await run('cibadmin', ['--replace', '--xml-file', 'x'])).code).toBe(4);
  });
});
