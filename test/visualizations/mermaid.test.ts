import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { machineToGraph } from '../../src/inspect/diagram/graph.ts';
import { graphToMermaid } from '../../src/inspect/diagram/mermaid.ts';
import { featureMachine, lifecycleMachine } from './fixtures.ts';

const source = graphToMermaid(machineToGraph(featureMachine));
const lines = source.split('\n').map((l) => l.trim());

describe('graphToMermaid', () => {
  it('should start a stateDiagram-v2 and mark the initial state', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('[*] --> idle');
    expect(lines).toContain('[*] --> par__left__one');
  });

  it('should alias names that are not valid Mermaid ids', () => {
    expect(lines).toContain('state "stop-failed" as stop_failed');
    expect(lines).toContain('busy --> stop_failed : error runAgent / logIt');
    const arrows = lines.filter((l) => l.includes('-->'));
    for (const l of arrows) expect(l.split(' : ')[0]).toMatch(/^(\[\*\]|[A-Za-z_][A-Za-z0-9_]*) --> (\[\*\]|[A-Za-z_][A-Za-z0-9_]*)$/);
  });

  it('should write guards in brackets, delays by name or duration, and actions after a slash', () => {
    expect(lines).toContain('idle --> busy : GO [isOk] / bump, notify');
    expect(lines).toContain('idle --> done : always [isBad]');
    expect(lines).toContain('busy --> idle : after monitorIntervalMs');
    expect(lines).toContain('busy --> busy : after 10s');
    expect(lines).toContain('stop_failed --> done : STOP [hasQuorum && !isBad]');
  });

  it('should nest composite states and split parallel regions with --', () => {
    const open = lines.indexOf('state par {');
    const sep = lines.indexOf('--');
    const left = lines.indexOf('state par__left {');
    const right = lines.indexOf('state par__right {');
    expect(open).toBeGreaterThan(0);
    expect(open < left && left < sep && sep < right).toBe(true);
    expect(lines).toContain('par__left__two --> [*]');
    expect(lines).toContain('state "hist (H*)" as par__right__hist');
  });

  it('should give states with equal keys in different parents distinct ids', () => {
    expect(lines).toContain('state "one" as par__left__one');
    expect(lines).toContain('state "one" as par__right__one');
  });

  it('should list entry, invoke and targetless transitions inside simple states', () => {
    expect(lines).toContain('idle : entry / logIt');
    expect(lines).toContain('idle : TICK / bump');
    expect(lines).toContain('busy : invoke runAgent');
  });

  it('should draw root-level transitions outside the root block', () => {
    expect(lines[lines.length - 2]).toBe('feature --> stop_failed : NODE.*');
    expect(lines).toContain('state feature {');
  });

  it('should not wrap a root without transitions, and balance its braces', () => {
    const life = graphToMermaid(machineToGraph(lifecycleMachine));
    expect(life).not.toContain('state lifecycle {');
    expect(life).toContain('started__monitoring --> monitor_failed : error runMonitor');
    expect(life.split('{').length).toBe(life.split('}').length);
  });

  it('should be deterministic', () => {
    expect(graphToMermaid(machineToGraph(featureMachine))).toBe(source);
  });

  it('should keep ids unique when sanitizing makes them collide, and avoid keywords', () => {
    const m = createMachine({ id: 'c', initial: 'a-b', states: { 'a-b': { on: { E: 'a_b' } }, a_b: { on: { E: 'end' } }, end: {} } });
    const out = graphToMermaid(machineToGraph(m)).split('\n').map((l) => l.trim());
    expect(out).toContain('a_b --> a_b_2 : E');
    expect(out).toContain('state "end" as s_end');
  });

  it('should wrap a parallel root, since Mermaid accepts -- only inside a box', () => {
    const m = createMachine({ id: 'p', type: 'parallel', on: { GO: { actions: 'x' } }, states: { a: {}, b: {} } });
    const out = graphToMermaid(machineToGraph(m)).split('\n').map((l) => l.trim());
    expect(out.slice(2, 6)).toEqual(['state p {', 'a', '--', 'b']);
    expect(out).toContain('p --> p : GO / x');
  });
});
