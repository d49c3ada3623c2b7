// Node attributes in the cluster document: set, delete, unchanged (the same object back),
// forgotten when the node leaves, and what `vigil status` lists.
import { describe, expect, it } from 'vitest';
import {
  attributeProblem, nodeAttributeViews, readAttribute, setClusterValue, setPermanentAttribute, setTransientAttribute, updateProblem, withoutTransientAttributes,
} from '../../src/attributes/node-attributes.ts';
import { answerAttributeQuery } from '../../src/attributes/query.ts';
import { emptyConfig } from '../../src/config/defaults.ts';
import type { ClusterDocument } from '../../src/config/model.ts';

function doc(): ClusterDocument {
  const config = emptyConfig();
  config.nodes = [{ name: 'n1', attributes: { site: 'east' }, standby: false, maintenance: false }, { name: 'n2', attributes: {}, standby: false, maintenance: false }];
  return { config, status: { nodes: [{ name: 'n1', online: true, unclean: false, shutdown: false, attributes: { 'fail-count-db#start_0': '1', pingd: '1000' } }], history: [], quorum: true } };
}

describe('node attributes in the document', () => {
  it('should set, read and delete a transient attribute, creating the node\'s status entry when missing', () => {
    const set = setTransientAttribute(doc(), 'n2', 'pingd', '0');
    expect(readAttribute(set, { section: 'status', node: 'n2', name: 'pingd' })).toBe('0');
    expect(set.status.nodes.map((n) => n.name)).toEqual(['n1', 'n2']);
    const deleted = setTransientAttribute(set, 'n2', 'pingd', null);
    expect(readAttribute(deleted, { section: 'status', node: 'n2', name: 'pingd' })).toBeUndefined();
  });

  it('should return the very same object when nothing changes', () => {
    const d = doc();
    expect(setTransientAttribute(d, 'n1', 'pingd', '1000')).toBe(d);
    expect(setTransientAttribute(d, 'n2', 'gone', null)).toBe(d);
    expect(setPermanentAttribute(d.config, 'n1', 'site', 'east')).toBe(d.config);
    expect(setClusterValue(d.config, 'x', null)).toBe(d.config);
    expect(withoutTransientAttributes(d, 'n2')).toBe(d);
  });

  it('should keep permanent attributes and crm_config values in the config', () => {
    const d = doc();
    const config = setClusterValue(setPermanentAttribute(d.config, 'n2', 'rack', '7'), 'redis_REPL_INFO', 'n1');
    expect(config.nodes[1]!.attributes).toEqual({ rack: '7' });
    expect(readAttribute({ ...d, config }, { section: 'crm_config', name: 'redis_REPL_INFO' })).toBe('n1');
    // Typed options read back as Pacemaker prints them (agents ask for stonith-enabled).
    expect(readAttribute(d, { section: 'crm_config', name: 'stonith-enabled' })).toBe(String(d.config.options.fencingEnabled));
    expect(readAttribute(d, { section: 'crm_config', name: 'no-quorum-policy' })).toBe('stop');
  });

  it('should forget every transient attribute of a node that left, fail-counts included, and only its own', () => {
    const d = setTransientAttribute(doc(), 'n2', 'pingd', '0');
    const after = withoutTransientAttributes(d, 'n1');
    expect(after.status.nodes.map((n) => [n.name, n.attributes])).toEqual([['n1', {}], ['n2', { pingd: '0' }]]);
  });

  it('should list a node\'s attributes by name with their lifetime, leaving fail-counts to the failures', () => {
    expect(nodeAttributeViews(doc(), 'n1')).toEqual([
      { name: 'pingd', value: '1000', lifetime: 'reboot' },
      { name: 'site', value: 'east', lifetime: 'forever' },
    ]);
    expect(nodeAttributeViews(doc(), 'n2')).toEqual([]);
  });

  it('should name what is wrong with a target', () => {
    const c = doc().config;
    expect(attributeProblem(c, { section: 'status', name: 'pingd' })).toBe("the status attribute 'pingd' needs a node");
    expect(attributeProblem(c, { section: 'nodes', node: 'n3', name: 'x' })).toContain("no node 'n3' in the config");
    expect(attributeProblem(c, { section: 'status', node: 'n1', name: 'a\nb' })).toContain('control character');
    expect(attributeProblem(c, { section: 'status', node: 'n1', name: 'x' }, 'a\0b')).toContain('NUL');
    expect(attributeProblem(c, { section: 'crm_config', name: 'anything' })).toBeUndefined();
    expect(attributeProblem(c, { section: 'status', node: 'n1', name: '#is_dc' })).toContain('built in');
    expect(attributeProblem(c, { section: 'status', node: 'n1', name: '#health-smart' }), 'HealthSMART sets it').toBeUndefined();
    expect(updateProblem({ section: 'status', node: 'n1', name: 'maintenance' })).toContain('vigil node maintenance');
    expect(updateProblem({ section: 'crm_config', name: 'startup-fencing' })).toContain('cluster option');
    expect(updateProblem({ section: 'crm_config', name: 'pgsql-data-status' })).toBeUndefined();
  });

  it('should answer a query with the value as text, and without text when it is not set', () => {
    expect(answerAttributeQuery(doc(), { type: 'attribute.query', section: 'status', node: 'n1', name: 'pingd' })).toEqual({ ok: true, message: 'pingd=1000 on n1 (status)', text: '1000' });
    expect(answerAttributeQuery(doc(), { type: 'attribute.query', section: 'nodes', node: 'n1', name: 'pingd' })).toEqual({ ok: true, message: 'pingd is not set on n1 (nodes)' });
    expect(answerAttributeQuery(doc(), { type: 'attribute.query', section: 'nodes', node: 'zz', name: 'pingd' }).ok).toBe(false);
  });
});
