// applyAdminEdit: each config-changing command, its refusals, and the generation rule.
import { describe, expect, it } from 'vitest';
import { applyAdminEdit, isConfigEdit, type EditContext } from '../../src/config/edit.ts';
import type { EditOutcome } from '../../src/config/edit-types.ts';
import { INFINITY, type ClusterConfig, type Constraint, type Group, type Primitive } from '../../src/config/model.ts';
import type { AdminCommand } from '../../src/daemon/control-types.ts';
import { clusterConfig, primitive } from '../cli/helpers.ts';

const running: EditContext = { currentNodes: { ip: ['n1'], db: ['n2'], web: ['n2'], 'ping:0': ['n1'], 'ping:1': ['n2'] } };

function edit(command: AdminCommand, config = clusterConfig(), context = running): EditOutcome {
  return applyAdminEdit(config, command, context);
}

function changed(outcome: EditOutcome): { config: ClusterConfig; message: string } {
  if (!outcome.ok) throw new Error(`expected a change, got: ${outcome.error}`);
  expect(outcome.changed).toBe(true);
  return outcome;
}

function refused(outcome: EditOutcome): string {
  if (outcome.ok) throw new Error(`expected a refusal, got: ${outcome.message}`);
  return outcome.error;
}

const ids = (config: ClusterConfig): string[] => config.constraints.map((c) => c.id);
const location = (id: string, resource: string, node: string, score: number): Constraint => ({ kind: 'location', id, resource, node, score });

describe('applyAdminEdit: generation', () => {
  it('should bump the epoch, reset updates and keep the admin epoch on a change, without touching the input', () => {
    const config = clusterConfig();
    const before = JSON.stringify(config);
    const result = changed(edit({ type: 'node.standby', node: 'n2' }, config));
    expect(result.config.generation).toEqual({ adminEpoch: 2, epoch: 8, updates: 0 });
    expect(JSON.stringify(config)).toBe(before);
  });

  it('should leave the generation alone when nothing changes', () => {
    const outcome = edit({ type: 'node.online', node: 'n1' });
    expect(outcome).toMatchObject({ ok: true, changed: false, message: 'n1 is already online' });
    if (outcome.ok) expect(outcome.config.generation).toEqual({ adminEpoch: 2, epoch: 7, updates: 5 });
  });

  it('should refuse commands that are not edits', () => {
    expect(isConfigEdit({ type: 'resource.cleanup', resource: 'ip' })).toBe(false);
    expect(refused(edit({ type: 'status' }))).toBe('status does not change the config (not an edit)');
  });
});

describe('applyAdminEdit: move', () => {
  it('should add cli-prefer-RSC with INFINITY on the node', () => {
    const result = changed(edit({ type: 'resource.move', resource: 'ip', node: 'n3' }));
    expect(result.config.constraints).toEqual([location('cli-prefer-ip', 'ip', 'n3', INFINITY)]);
    expect(result.message).toContain("ip will move to n3: location constraint cli-prefer-ip (INFINITY on n3)");
    expect(result.message).toContain("'vigil resource clear ip'");
  });

  it('should replace an older preference and remove a ban from the destination', () => {
    const config = clusterConfig();
    config.constraints = [location('cli-prefer-ip', 'ip', 'n2', INFINITY), location('cli-ban-ip-on-n3', 'ip', 'n3', -INFINITY), location('keep', 'ip', 'n1', 50)];
    const result = changed(edit({ type: 'resource.move', resource: 'ip', node: 'n3' }, config));
    expect(result.config.constraints).toEqual([location('keep', 'ip', 'n1', 50), location('cli-prefer-ip', 'ip', 'n3', INFINITY)]);
    expect(result.message).toContain('Removed its ban from n3 (cli-ban-ip-on-n3)');
  });

  it('should constrain the group when a member is named', () => {
    const result = changed(edit({ type: 'resource.move', resource: 'web', node: 'n1' }));
    expect(result.config.constraints).toEqual([location('cli-prefer-app', 'app', 'n1', INFINITY)]);
    expect(result.message).toMatch(/^web is part of group app, so the constraint applies to app/);
  });

  it('should refuse a clone, a resource already there, an unknown node and an unknown resource', () => {
    expect(refused(edit({ type: 'resource.move', resource: 'ping-clone', node: 'n3' }))).toContain("ping-clone is a clone: it runs on every node it may; keep it off one with 'vigil resource ban ping-clone NODE'");
    expect(refused(edit({ type: 'resource.move', resource: 'ip', node: 'n1' }))).toBe('ip is already running on n1; nothing to move');
    expect(refused(edit({ type: 'resource.move', resource: 'ip', node: 'n9' }))).toBe("no node 'n9' in the config; known nodes: n1, n2, n3");
    expect(refused(edit({ type: 'resource.move', resource: 'wbe', node: 'n1' }))).toBe("no resource 'wbe' in the config (did you mean 'web'?); known resources: ip, app, db, web, ping-clone, ping");
  });

  it('should refuse to take over a constraint id used by another kind of constraint', () => {
    const config = clusterConfig();
    config.constraints = [{ kind: 'order', id: 'cli-prefer-ip', first: 'ip', then: 'app', firstAction: 'start', thenAction: 'start', orderKind: 'Mandatory', symmetrical: true }];
    expect(refused(edit({ type: 'resource.move', resource: 'ip', node: 'n2' }, config))).toContain("constraint id 'cli-prefer-ip' is already used by a order constraint");
  });
});

describe('applyAdminEdit: ban', () => {
  it('should ban from the named node with -INFINITY', () => {
    const result = changed(edit({ type: 'resource.ban', resource: 'ip', node: 'n2' }));
    expect(result.config.constraints).toEqual([location('cli-ban-ip-on-n2', 'ip', 'n2', -INFINITY)]);
    expect(result.message).toBe("ip is banned from n2: location constraint cli-ban-ip-on-n2 (-INFINITY). It stays until 'vigil resource clear ip'.");
  });

  it('should default to the node it runs on now (a group by its members)', () => {
    expect(ids(changed(edit({ type: 'resource.ban', resource: 'ip' })).config)).toEqual(['cli-ban-ip-on-n1']);
    expect(ids(changed(edit({ type: 'resource.ban', resource: 'app' })).config)).toEqual(['cli-ban-app-on-n2']);
  });

  it('should refuse without a node when it runs nowhere or on several nodes', () => {
    expect(refused(edit({ type: 'resource.ban', resource: 'ip' }, clusterConfig(), { currentNodes: {} }))).toBe('ip is not running anywhere, so there is no node to ban it from; name one: vigil resource ban ip NODE');
    expect(refused(edit({ type: 'resource.ban', resource: 'ping-clone' }))).toBe('ping-clone runs on n1, n2; name the node to ban it from: vigil resource ban ping-clone NODE');
  });

  it('should ban a clone from one node by its child id', () => {
    const result = changed(edit({ type: 'resource.ban', resource: 'ping', node: 'n2' }));
    expect(result.config.constraints).toEqual([location('cli-ban-ping-clone-on-n2', 'ping-clone', 'n2', -INFINITY)]);
  });

  it('should report an existing ban as no change', () => {
    const config = clusterConfig();
    config.constraints = [location('cli-ban-ip-on-n2', 'ip', 'n2', -INFINITY)];
    expect(edit({ type: 'resource.ban', resource: 'ip', node: 'n2' }, config)).toMatchObject({ ok: true, changed: false, message: 'ip is already banned from n2 (cli-ban-ip-on-n2)' });
  });
});

describe('applyAdminEdit: clear', () => {
  const withCli = (): ClusterConfig => {
    const config = clusterConfig();
    config.resources.push(primitive('ip-on-n1'));
    config.constraints = [
      location('cli-prefer-ip', 'ip', 'n2', INFINITY),
      location('cli-ban-ip-on-n1', 'ip', 'n1', -INFINITY),
      location('cli-ban-ip-on-n3', 'ip', 'n3', -INFINITY),
      location('cli-ban-ip-on-n1-on-n2', 'ip-on-n1', 'n2', -INFINITY),
      location('admin-rule', 'ip', 'n1', 100),
    ];
    return config;
  };

  it('should remove every cli- constraint of the resource and nothing else', () => {
    const result = changed(edit({ type: 'resource.clear', resource: 'ip' }, withCli()));
    expect(ids(result.config)).toEqual(['cli-ban-ip-on-n1-on-n2', 'admin-rule']);
    expect(result.message).toBe('cleared ip: removed cli-prefer-ip, cli-ban-ip-on-n1, cli-ban-ip-on-n3');
  });

  it('should remove only the constraints for the named node', () => {
    const result = changed(edit({ type: 'resource.clear', resource: 'ip', node: 'n1' }, withCli()));
    expect(ids(result.config)).toEqual(['cli-prefer-ip', 'cli-ban-ip-on-n3', 'cli-ban-ip-on-n1-on-n2', 'admin-rule']);
    const preferToo = changed(edit({ type: 'resource.clear', resource: 'ip', node: 'n2' }, withCli()));
    expect(ids(preferToo.config)).toEqual(['cli-ban-ip-on-n1', 'cli-ban-ip-on-n3', 'cli-ban-ip-on-n1-on-n2', 'admin-rule']);
  });

  it('should clear what move put on the group when a member is named', () => {
    const moved = changed(edit({ type: 'resource.move', resource: 'db', node: 'n1' })).config;
    expect(ids(changed(edit({ type: 'resource.clear', resource: 'db' }, moved)).config)).toEqual([]);
  });

  it('should say when there is nothing to clear', () => {
    expect(edit({ type: 'resource.clear', resource: 'db' })).toMatchObject({ ok: true, changed: false, message: 'nothing to clear for db: no cli-prefer or cli-ban constraints' });
  });
});

describe('applyAdminEdit: start and stop', () => {
  const groupOf = (config: ClusterConfig): Group => config.resources[1] as Group;

  it('should set target-role on a primitive inside a group', () => {
    const result = changed(edit({ type: 'resource.stop', resource: 'web' }));
    expect(groupOf(result.config).children[1]!.meta).toEqual({ 'target-role': 'Stopped' });
    expect(groupOf(result.config).meta).toEqual({});
    expect(result.message).toBe('web: target-role Stopped.');
  });

  it('should set it on a group and remove the members\' own target-role, however spelled', () => {
    const config = clusterConfig();
    groupOf(config).children[0]!.meta = { target_role: 'Stopped', 'migration-threshold': '3' };
    const result = changed(edit({ type: 'resource.start', resource: 'app' }, config));
    expect(groupOf(result.config).meta).toEqual({ 'target-role': 'Started' });
    expect(groupOf(result.config).children[0]!.meta).toEqual({ 'migration-threshold': '3' });
    expect(result.message).toBe('app: target-role Started. Removed target-role from db.');
  });

  it('should set it on the primitive inside a clone', () => {
    const result = changed(edit({ type: 'resource.stop', resource: 'ping' }));
    const clone = result.config.resources[2];
    expect(clone?.kind === 'clone' && (clone.child as Primitive).meta).toEqual({ 'target-role': 'Stopped' });
  });

  it('should point out a stopped group when starting a member', () => {
    const config = clusterConfig();
    groupOf(config).meta = { 'target-role': 'Stopped' };
    const result = changed(edit({ type: 'resource.start', resource: 'db' }, config));
    expect(result.message).toContain("Note: group app is stopped (target-role Stopped), so db stays stopped until 'vigil resource start app'.");
  });

  it('should report no change when already so, and refuse an unknown id with a suggestion', () => {
    const config = clusterConfig();
    config.resources[0] = primitive('ip', { 'target-role': 'Stopped' });
    expect(edit({ type: 'resource.stop', resource: 'ip' }, config)).toMatchObject({ ok: true, changed: false, message: 'ip already has target-role Stopped.' });
    expect(refused(edit({ type: 'resource.start', resource: 'pign' }))).toContain("(did you mean 'ping'?)");
  });
});

describe('applyAdminEdit: node modes', () => {
  it('should set standby and maintenance, and clear both on online', () => {
    const standby = changed(edit({ type: 'node.standby', node: 'n2' })).config;
    expect(standby.nodes[1]).toMatchObject({ standby: true, maintenance: false });
    const both = changed(edit({ type: 'node.maintenance', node: 'n2' }, standby)).config;
    expect(both.nodes[1]).toMatchObject({ standby: true, maintenance: true });
    const online = changed(edit({ type: 'node.online', node: 'n2' }, both));
    expect(online.config.nodes[1]).toMatchObject({ standby: false, maintenance: false });
    expect(online.message).toBe('n2 is online: standby and maintenance cleared');
    expect(online.config.generation.epoch).toBe(10);
    expect(online.config.nodes[0]).toEqual(clusterConfig().nodes[0]);
  });

  it('should refuse an unknown node with a suggestion', () => {
    expect(refused(edit({ type: 'node.standby', node: 'n22' }))).toBe("no node 'n22' in the config (did you mean 'n2'?); known nodes: n1, n2, n3");
    expect(refused(edit({ type: 'node.standby', node: 'zeta' }))).toBe("no node 'zeta' in the config; known nodes: n1, n2, n3");
    expect(refused(edit({ type: 'node.maintenance', node: 'nn1' }))).toContain("(did you mean 'n1'?)");
  });
});
