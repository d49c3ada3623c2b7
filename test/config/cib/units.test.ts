// Small pieces of the CIB reader: values, set expansion, membership, errors.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.ts';
import { CibError } from '../../../src/config/cib/errors.ts';
import { readCib, readCibWithWarnings } from '../../../src/config/cib/read.ts';
import { colocationSetPairs, orderSetPairs, type ResourceSet } from '../../../src/config/cib/sets.ts';
import { decideMembership } from '../../../src/config/cib/status.ts';
import { parseDateSeconds, parseDurationMs, parseScore } from '../../../src/config/cib/values.ts';

const set = (id: string, members: string[], sequential = true): ResourceSet => ({ id, members, sequential, requireAll: true });

describe('values', () => {
  it('should parse scores, saturating at INFINITY', () => {
    expect(parseScore('-INFINITY')).toBe(-1_000_000);
    expect(parseScore('+INFINITY')).toBe(1_000_000);
    expect(parseScore('5000000')).toBe(1_000_000);
    expect(parseScore('ten')).toBeUndefined();
  });
  it('should parse durations with units, bare seconds and ISO 8601', () => {
    expect(parseDurationMs('10')).toBe(10_000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('2min')).toBe(120_000);
    expect(parseDurationMs('PT1M30S')).toBe(90_000);
    expect(parseDurationMs('P40S')).toBe(40_000);
    expect(parseDurationMs('bad')).toBeUndefined();
  });
  it('should parse ISO 8601 dates: ordinal, with time and offset', () => {
    expect(parseDateSeconds('2005-020')).toBe(Date.UTC(2005, 0, 20) / 1000);
    expect(parseDateSeconds('2005-020T12:30')).toBe(Date.UTC(2005, 0, 20, 12, 30) / 1000);
    expect(parseDateSeconds('2019-09-23 18:00:00 -05:00')).toBe(Date.UTC(2019, 8, 23, 23, 0, 0) / 1000);
    expect(parseDateSeconds('yesterday')).toBeUndefined();
  });
});

describe('resource sets', () => {
  it('should order sets: chains inside sequential sets, boundary members between sets', () => {
    const pairs = orderSetPairs([set('s1', ['A', 'B']), set('s2', ['C', 'D'], false), set('s3', ['E'])]);
    expect(pairs.map((p) => `${p.first}>${p.then}`)).toEqual(['A>B', 'B>C', 'B>D', 'C>E', 'D>E']);
  });
  it('should colocate sets: each member with the one before, first set with the last member of the next', () => {
    const pairs = colocationSetPairs([set('s1', ['A', 'B']), set('s2', ['C', 'D'])], 100);
    expect(pairs.map((p) => `${p.dependent}>${p.with}`)).toEqual(['B>A', 'D>C', 'A>D']);
  });
  it('should keep every pair of a negatively scored set apart', () => {
    const s = { ...set('s1', ['A', 'B', 'C']), score: -1000 };
    expect(colocationSetPairs([s], 0).map((p) => `${p.dependent}>${p.with}:${p.score}`)).toEqual(['A>B:-1000', 'A>C:-1000', 'B>C:-1000']);
  });
});

describe('node membership', () => {
  const up = { inCcm: 'true', crmd: 'online', join: 'member', expected: 'member', shutdown: false };
  it('should be online when in the membership, controller up and joined', () => {
    expect(decideMembership(up, true)).toEqual({ online: true, unclean: false });
    expect(decideMembership({ ...up, inCcm: '1700000000', crmd: '1700000000' }, true)).toEqual({ online: true, unclean: false });
  });
  it('should be unclean when lost while expected up, clean when expected down', () => {
    expect(decideMembership({ ...up, inCcm: 'false', crmd: 'offline', join: 'down' }, true)).toEqual({ online: false, unclean: true });
    expect(decideMembership({ ...up, inCcm: 'false', crmd: 'offline', join: 'down', expected: 'down' }, true)).toEqual({ online: false, unclean: false });
  });
  it('should treat a node_state without in_ccm as never seen (unclean) under fencing', () => {
    expect(decideMembership({ crmd: 'offline', join: 'down', shutdown: false }, true)).toEqual({ online: false, unclean: true });
  });
  it('should mark a terminate request unclean', () => {
    expect(decideMembership({ ...up, terminate: 'true' }, true).unclean).toBe(true);
  });
  it('without fencing, should be unclean only when in the membership with the controller gone', () => {
    expect(decideMembership({ ...up, inCcm: 'false' }, false)).toEqual({ online: false, unclean: false });
    expect(decideMembership({ ...up, crmd: undefined }, false)).toEqual({ online: false, unclean: true });
  });
});

const CIB = (body: string) => `<cib admin_epoch="1" epoch="2" num_updates="3"><configuration><crm_config/><nodes><node id="1" uname="n1"/></nodes><resources>${body}</resources><constraints/></configuration><status/></cib>`;

describe('errors and warnings', () => {
  it('should refuse malformed XML with a ConfigError naming the file and position', () => {
    expect(() => readCib('<cib><configuration>', 'bad.xml')).toThrow(ConfigError);
    expect(() => readCib('<cib><configuration>', 'bad.xml')).toThrow(/bad\.xml.*line 1/);
  });
  it('should name the element and the missing attribute', () => {
    const run = () => readCib(CIB('<primitive id="r1" class="ocf" provider="heartbeat"/>'), 'c.xml');
    expect(run).toThrow(CibError);
    expect(run).toThrow(/<primitive id="r1">.*missing required attribute 'type'/);
  });
  it('should warn about unsupported elements instead of failing', () => {
    const { doc, warnings } = readCibWithWarnings(CIB('<bundle id="b1"/><primitive id="r1" class="ocf" provider="heartbeat" type="Dummy"/>'), 'c.xml');
    expect(doc.config.resources.map((r) => r.id)).toEqual(['r1']);
    expect(warnings.some((w) => w.includes('<bundle id="b1">'))).toBe(true);
  });
  it('should read a master as a promotable clone', () => {
    const doc = readCib(CIB('<master id="ms"><primitive id="r1" class="ocf" provider="pacemaker" type="Stateful"/></master>'), 'c.xml');
    expect(doc.config.resources[0]).toMatchObject({ kind: 'clone', id: 'ms', meta: { promotable: 'true' } });
  });
});
