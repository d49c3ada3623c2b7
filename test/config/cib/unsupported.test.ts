// Nothing silently dropped: every CIB element vigil does not model is named in a warning by
// `validate`, `simulate` and `import`; what vigil cannot run safely is refused by `validate`
// (and not simulated, except promotable clones: simulate plans their roles, the runtime cannot
// run them yet). Also `simulate -t` (crm_simulate's date option).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../../src/cli/commands/validate.ts';
import { simulateCommand } from '../../../src/cli/commands/simulate.ts';
import { importCommand } from '../../../src/cli/commands/import.ts';
import { orderCycles } from '../../../src/config/model-checks.ts';
import { capture } from '../../cli/helpers.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const UNSUPPORTED = fixture('unsupported.xml');
const INVALID = fixture('invalid.xml');
const CONFORMANCE = fileURLToPath(new URL('../../../../shared/conformance/pacemaker-2.1.5/xml/', import.meta.url));
const PROMOTABLE = fileURLToPath(new URL('../../../../shared/conformance/pacemaker-2.1.5-promotable/xml/', import.meta.url));

/** One warning line per unsupported element, each naming it. */
function expectUnsupportedWarnings(err: string[]): void {
  const warnings = err.filter((l) => l.startsWith('warning: '));
  for (const element of ['<utilization id="web-util">', '<utilization id="n1-util">', '<bundle id="httpd-bundle">', '<rsc_ticket id="web-ticket">', '<clone id="db-clone">', 'placement-strategy']) {
    expect(warnings.filter((w) => w.includes(element)), element).toHaveLength(1);
  }
}

describe('unsupported CIB elements', () => {
  it('validate warns about each one and refuses the promotable clone', async () => {
    const c = capture();
    expect(await validateCommand.run([UNSUPPORTED], c.ctx)).toBe(1);
    expectUnsupportedWarnings(c.err);
    expect(c.err.filter((l) => l.startsWith('error: ') && l.includes("clone 'db-clone' is promotable"))).toHaveLength(1);
  });

  it('simulate warns about each one and plans the rest, the promotable clone included', async () => {
    const c = capture();
    expect(await simulateCommand.run([UNSUPPORTED], c.ctx)).toBe(0);
    expectUnsupportedWarnings(c.err);
    expect(c.err.filter((l) => l.startsWith('error: '))).toEqual([]);
    expect(c.out[0]).toBe('Transition Summary:');
  });

  it('simulate plans the roles of a promotable clone that validate refuses to run', async () => {
    const cib = `${PROMOTABLE}promoted-12.xml`;
    const v = capture();
    expect(await validateCommand.run([cib], v.ctx)).toBe(1);
    expect(v.err.filter((l) => l.startsWith('error: ') && l.includes("clone 'ms-sf' is promotable"))).toHaveLength(1);
    const s = capture();
    expect(await simulateCommand.run([cib], s.ctx)).toBe(0);
    expect(s.out.map((l) => l.replace(/\s+/g, ' ').trim())).toEqual(['Transition Summary:', '* Promote sf:0 ( Unpromoted -> Promoted sel3 )']);
  });

  it('import warns about each one and still prints the YAML', async () => {
    const c = capture();
    expect(await importCommand.run([UNSUPPORTED], c.ctx)).toBe(0);
    expectUnsupportedWarnings(c.err);
    expect(c.out.join('\n')).toContain('web');
  });
});

describe('CIB validation', () => {
  it('refuses duplicate ids, dangling references and order cycles, naming each', async () => {
    const c = capture();
    expect(await validateCommand.run([INVALID], c.ctx)).toBe(1);
    const errors = c.err.filter((l) => l.startsWith('error: '));
    expect(errors.some((l) => l.includes('id \'a\' is used by <primitive id="a"> and again by <primitive id="a">'))).toBe(true);
    expect(errors.some((l) => l.includes("constraint 'ghost-with-a' names 'ghost'"))).toBe(true);
    expect(errors.some((l) => l.includes('a start -> b start -> a start'))).toBe(true);
  });

  it('names each order cycle once, from its smallest action', () => {
    const order = (first: string, then: string) => ({ kind: 'order' as const, id: `${first}-${then}`, first, then, firstAction: 'start' as const, thenAction: 'start' as const, orderKind: 'Mandatory' as const, symmetrical: true });
    expect(orderCycles([order('b', 'c'), order('c', 'a'), order('a', 'b'), order('c', 'd')])).toEqual([['a start', 'b start', 'c start', 'a start']]);
    expect(orderCycles([order('a', 'b'), order('b', 'c')])).toEqual([]);
  });
});

describe('simulate -t', () => {
  it('evaluates date rules at the given date, as crm_simulate -t does (checked with crm_simulate 2.1.5)', async () => {
    const inside = capture();
    expect(await simulateCommand.run([fixture('date-rule.xml'), '-t', '2005-020'], inside.ctx)).toBe(0);
    expect(inside.out).toEqual(['Transition Summary:', '  * Start rsc1 ( n2 )']);
    const outside = capture();
    expect(await simulateCommand.run([fixture('date-rule.xml'), '--set-datetime', '2010-020'], outside.ctx)).toBe(0);
    expect(outside.out).toEqual(['Transition Summary:', '  * Start rsc1 ( n1 )']);
  });

  it('accepts the date split at its space, and refuses a date it cannot read', async () => {
    const ok = capture();
    expect(await simulateCommand.run([`${CONFORMANCE}origin.xml`, '-t', '2014-05-07', '00:28:00'], ok.ctx)).toBe(0);
    const bad = capture();
    expect(await simulateCommand.run([`${CONFORMANCE}origin.xml`, '-t', 'yesterday'], bad.ctx)).toBe(2);
    expect(bad.err.join('\n')).toContain("'yesterday' is not an ISO 8601 date");
  });
});
