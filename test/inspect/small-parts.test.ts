// The small parts: --http addresses, redaction for the inspector, actor states from a view,
// and the demo's status page flags and footer.
import { describe, expect, it } from 'vitest';
import { clusterDocument } from '../cli/helpers.ts';
import { realisticView } from '../cli/view-fixture.ts';
import { parseHttpAddress } from '../../src/inspect/address.ts';
import { idsForStateName, stateText, viewActors } from '../../src/inspect/actors.ts';
import { redactDeep } from '../../src/inspect/redact.ts';
import { demoFooter } from '../../src/demo/footer.ts';
import { daemonArgs, pageUrl, type DemoLayout, type DemoNode } from '../../src/demo/layout.ts';

describe('parseHttpAddress', () => {
  it('should read HOST:PORT, a bare PORT on 127.0.0.1 and [IPv6]:PORT', () => {
    expect(parseHttpAddress('0.0.0.0:7407')).toEqual({ host: '0.0.0.0', port: 7407 });
    expect(parseHttpAddress('7407')).toEqual({ host: '127.0.0.1', port: 7407 });
    expect(parseHttpAddress('[::1]:0')).toEqual({ host: '::1', port: 0 });
  });

  it('should say what is wrong and how to write it', () => {
    expect(parseHttpAddress('localhost')).toContain("'localhost' is not an address: write HOST:PORT");
    expect(parseHttpAddress('h:70000')).toContain('port 70000 is above 65535');
  });
});

describe('redactDeep', () => {
  it('should replace secret-named strings at any depth and keep everything else', () => {
    const input = { params: { passwd: 'x1', ip: '10.0.0.1', nested: [{ api_token: 't', n: 1 }] }, snmp_community: '', ok: true };
    expect(redactDeep(input)).toEqual({ params: { passwd: '[redacted]', ip: '10.0.0.1', nested: [{ api_token: '[redacted]', n: 1 }] }, snmp_community: '', ok: true });
    expect(input.params.passwd).toBe('x1');
  });

  it('should follow toJSON (actor references, snapshots) and turn errors into name and message', () => {
    expect(redactDeep({ ref: { toJSON: () => ({ id: 'a', password: 'p' }) } })).toEqual({ ref: { id: 'a', password: '[redacted]' } });
    expect(redactDeep({ error: new TypeError('boom') })).toEqual({ error: { name: 'TypeError', message: 'boom' } });
  });
});

describe('actor states from a view', () => {
  it('should write state values as paths', () => {
    expect(stateText('online')).toBe('online');
    expect(stateText({ lifecycle: 'started', failures: 'clear' })).toBe('lifecycle.started, failures.clear');
    expect(stateText({ fencing: 'backoff' })).toBe('fencing.backoff');
  });

  it('should find a state named in the view inside its machine, with its ancestors', () => {
    expect(idsForStateName('resource', 'started')).toEqual(['resource', 'resource.lifecycle', 'resource.lifecycle.started']);
    expect(idsForStateName('node', 'fencing')).toEqual(['node', 'node.fencing']);
    expect(idsForStateName('node', 'nonsense')).toEqual([]);
  });

  it('should list the coordinator, every node and one actor per instance (a clone\'s instances under the child\'s id)', () => {
    const actors = viewActors(realisticView(), clusterDocument());
    expect(actors.map((a) => a.id)).toEqual([
      'coordinator', 'node:n1', 'node:n2', 'node:n3', 'resource:ip@n1', 'resource:db@n1', 'resource:ping@n1', 'resource:ping@n2', 'resource:batch@n3', 'resource:batch@n1',
    ]);
    expect(actors.every((a) => !a.exact)).toBe(true);
  });
});

describe('the demo\'s status pages', () => {
  const node = (name: string, httpPort?: number): DemoNode => ({
    name, host: '127.0.0.1', port: 7401, logFile: `/p/${name}.log`, powerFile: `/p/power/${name}`, rsctmpDir: `/p/${name}/rsctmp`,
    runDir: `/p/${name}/run`, pidFile: `/p/${name}.pid`, ...(httpPort === undefined ? {} : { httpPort }),
  });
  const layout = (nodes: DemoNode[]): DemoLayout => ({ dir: '/p', configFile: '/p/cluster.yaml', keyFile: '', stateDir: '', nodes });

  it('should pass --http to each daemon that has a page, and not to one that has none', () => {
    const l = layout([node('node1', 7407), node('node2', 0), node('node3')]);
    expect(daemonArgs(l, l.nodes[0]!).slice(-2)).toEqual(['--http', '127.0.0.1:7407']);
    expect(daemonArgs(l, l.nodes[1]!).slice(-2)).toEqual(['--http', '127.0.0.1:0']);
    expect(daemonArgs(l, l.nodes[2]!)).not.toContain('--http');
    expect(pageUrl(l.nodes[0]!)).toBe('http://127.0.0.1:7407');
    expect(pageUrl(l.nodes[1]!)).toBeUndefined();
  });

  it('should print the status pages in the footer when their ports are known', () => {
    const text = demoFooter({ layout: layout([node('node1', 7407), node('node2', 7408), node('node3', 7409)]), cwd: '/p', pid: () => undefined });
    expect(text.split('\n')[0]).toBe("Status page: http://127.0.0.1:7407 (node1's daemon; also http://127.0.0.1:7408 (node2), http://127.0.0.1:7409 (node3))");
    expect(demoFooter({ layout: layout([node('node1', 0)]), cwd: '/p', pid: () => undefined })).not.toContain('Status page');
  });
});

describe('the demo\'s Stately inspector line', () => {
  it('should point at /inspect on the daemon that hosts the coordinator', () => {
    const node = (name: string, httpPort: number): DemoNode => ({
      name, host: '127.0.0.1', port: 7401, logFile: '', powerFile: '', rsctmpDir: `/p/${name}/rsctmp`, runDir: '', pidFile: '', httpPort, inspect: true,
    });
    const layout: DemoLayout = { dir: '/p', configFile: '/p/cluster.yaml', keyFile: '', stateDir: '', nodes: [node('node1', 7407), node('node2', 7408)] };
    expect(daemonArgs(layout, layout.nodes[0]!).slice(-3)).toEqual(['--http', '127.0.0.1:7407', '--inspect']);
    const view = { ...realisticView(), coordinator: 'node2', resources: [] };
    expect(demoFooter({ layout, cwd: '/p', pid: () => undefined, view }).split('\n')[1])
      .toBe("Stately inspector: http://127.0.0.1:7408/inspect (node2 hosts the coordinator; the inspector's UI needs the internet)");
  });
});
