// Unit tests of the fencer: one fencing operation through the topology, driven by a parent
// that answers as the fence devices would.
import { describe, expect, it } from 'vitest';
import { deviceRequestIdOf, fencerIdOf, fencerLevelsFor, fencersAnswered, validateFencerInput } from '../../src/machines/fencer-ops.ts';
import { FencerHarness, fencerInput, resultFor } from './fencer-harness.ts';

describe('fencer', () => {
  it('should ask level 1 first, one request per device, and wait', () => {
    const h = new FencerHarness(fencerInput());
    expect(h.requests).toEqual([{
      type: 'FENCE.REQUEST', device: 'ipmi', level: 1, target: 'node1', action: 'reboot', requester: 'fencer:op1', requestId: 'op1/L1/ipmi',
    }]);
    expect(h.levelReports.map((r) => [r.level, r.devices, r.failedLevels])).toEqual([[1, ['ipmi'], []]]);
    expect(h.snapshot.value).toBe('level');
    expect(h.output).toBeNull();
  });

  it('should ask the requested delay of the first level only, and report the delay waited', () => {
    const h = new FencerHarness(fencerInput({ delayMs: 15_000 }));
    expect(h.requests.map((r) => [r.device, r.delayMs])).toEqual([['ipmi', 15_000]]);
    h.answer('ipmi', 1, false, { reason: 'refused', delayMs: 15_000 });
    expect(h.requests.slice(1).map((r) => [r.device, r.delayMs])).toEqual([['psu-a', undefined], ['psu-b', undefined]]);
    h.answer('psu-a', 2, true, { delayMs: 2_000 });
    h.answer('psu-b', 2, true);
    expect(h.output).toMatchObject({ ok: true, level: 2, delayMs: 2_000 });
  });

  it('should be fenced at level 1 when its device succeeds, asking no other level', () => {
    const h = new FencerHarness(fencerInput());
    h.answer('ipmi', 1, true);
    expect(h.snapshot.value).toBe('fenced');
    expect(h.output).toEqual({ ok: true, target: 'node1', action: 'reboot', requestId: 'op1', level: 1, devices: ['ipmi'], performed: 'reboot', failures: [] });
    expect(h.requests.map((r) => r.device)).toEqual(['ipmi']);
  });

  it('should be fenced at level 2 when level 1 fails and both devices of level 2 succeed', () => {
    const h = new FencerHarness(fencerInput());
    h.answer('ipmi', 1, false, { reason: 'ipmi: connection refused' });
    // A reboot through two devices powers both off (a reboot of each would never cut the power).
    expect(h.requests.slice(1).map((r) => [r.device, r.level, r.requestId, r.action])).toEqual([['psu-a', 2, 'op1/L2/psu-a', 'off'], ['psu-b', 2, 'op1/L2/psu-b', 'off']]);
    expect(h.levelReports.at(-1)).toMatchObject({ level: 2, action: 'off', failedLevels: [1] });
    h.answer('psu-b', 2, true);
    expect(h.snapshot.value).toBe('level'); // psu-a has not answered
    h.answer('psu-a', 2, true);
    expect(h.output).toEqual({
      ok: true, target: 'node1', action: 'reboot', requestId: 'op1', level: 2, devices: ['psu-a', 'psu-b'], performed: 'off',
      failures: [{ level: 1, devices: [{ device: 'ipmi', ok: false, reason: 'ipmi: connection refused' }] }],
    });
  });

  it('should move on when one device of a two-device level fails, after both answered', () => {
    const levels = [{ index: 1, devices: ['psu-a', 'psu-b'] }, { index: 2, devices: ['ipmi'] }];
    const h = new FencerHarness(fencerInput({ levels }));
    h.answer('psu-a', 1, true);
    h.answer('psu-b', 1, false, { reason: 'psu-b: outlet stuck' });
    expect(h.requests.map((r) => r.device)).toEqual(['psu-a', 'psu-b', 'ipmi']);
    h.answer('ipmi', 2, true);
    expect(h.output).toMatchObject({ ok: true, level: 2, devices: ['ipmi'] });
    expect(h.output?.failures).toEqual([{ level: 1, devices: [
      { device: 'psu-a', ok: true, reason: 'psu-a fenced node1' }, { device: 'psu-b', ok: false, reason: 'psu-b: outlet stuck' },
    ] }]);
  });

  it('should not start the next level while a device of the failed level is still running', () => {
    const levels = [{ index: 1, devices: ['psu-a', 'psu-b'] }, { index: 2, devices: ['ipmi'] }];
    const h = new FencerHarness(fencerInput({ levels }));
    h.answer('psu-a', 1, false);
    expect(h.requests.map((r) => r.device)).toEqual(['psu-a', 'psu-b']);
    h.answer('psu-b', 1, true);
    expect(h.requests.map((r) => r.device)).toEqual(['psu-a', 'psu-b', 'ipmi']);
  });

  it('should fail with the reasons of every level when all levels fail', () => {
    const h = new FencerHarness(fencerInput());
    h.answer('ipmi', 1, false, { reason: 'ipmi timed out' });
    h.answer('psu-a', 2, false, { reason: 'psu-a refused' });
    h.answer('psu-b', 2, true);
    expect(h.snapshot.value).toBe('failed');
    expect(h.output).toEqual({
      ok: false, target: 'node1', action: 'reboot', requestId: 'op1',
      reason: 'every fencing level failed for node1 (level 1: ipmi: ipmi timed out | level 2: psu-a: psu-a refused)',
      failures: [
        { level: 1, devices: [{ device: 'ipmi', ok: false, reason: 'ipmi timed out' }] },
        { level: 2, devices: [{ device: 'psu-a', ok: false, reason: 'psu-a refused' }, { device: 'psu-b', ok: true, reason: 'psu-b fenced node1' }] },
      ],
    });
  });

  it('should fail at once, asking nobody, when no device can fence the target', () => {
    const h = new FencerHarness(fencerInput({ levels: [] }));
    expect(h.output).toMatchObject({ ok: false, reason: 'no fence device can fence node1', failures: [] });
    expect(h.sent.filter((e) => e.type === 'FENCE.REQUEST' || e.type === 'FENCER.LEVEL')).toEqual([]);
  });

  it('should ignore answers for another operation, another target or action, and repeated answers', () => {
    const h = new FencerHarness(fencerInput());
    const other = fencerInput({ requestId: 'op2' });
    h.send(resultFor(other, 'ipmi', 1, true)); // another operation's request id
    h.answer('ipmi', 1, true, { target: 'node2' });
    h.answer('ipmi', 1, true, { action: 'off' });
    h.answer('psu-a', 1, true); // not a device of the current level
    h.answer('ipmi', 2, true); // the right device, a level not being tried
    expect(h.snapshot.value).toBe('level');
    expect(h.snapshot.context.ignored).toBe(5);
    h.answer('ipmi', 1, false);
    h.answer('ipmi', 1, true); // late: level 1 already failed and its answer was taken
    expect(h.snapshot.context.ignored).toBe(6);
    h.answer('psu-a', 2, true);
    h.answer('psu-a', 2, false); // repeated delivery to a device that already answered
    expect(h.snapshot.context.ignored).toBe(7);
    h.answer('psu-b', 2, true);
    expect(h.output).toMatchObject({ ok: true, level: 2 });
  });

  it('should ignore a multi-device level answering the reboot it was not asked for', () => {
    const h = new FencerHarness(fencerInput());
    h.answer('ipmi', 1, false);
    h.answer('psu-a', 2, true, { action: 'reboot' });
    expect(h.snapshot.context.ignored).toBe(1);
    h.answer('psu-a', 2, true);
    h.answer('psu-b', 2, true);
    expect(h.output).toMatchObject({ ok: true, level: 2, performed: 'off' });
  });

  it('should pass an off through every level unchanged', () => {
    const h = new FencerHarness(fencerInput({ action: 'off' }));
    h.answer('ipmi', 1, false);
    expect(h.requests.map((r) => r.action)).toEqual(['off', 'off', 'off']);
  });

  it('should take a merged answer that names its request among others', () => {
    const h = new FencerHarness(fencerInput());
    h.answer('ipmi', 1, true, { requestIds: ['admin-7', 'op1/L1/ipmi'], requesters: ['admin', 'fencer:op1'] });
    expect(h.output).toMatchObject({ ok: true, level: 1 });
  });

  it('should refuse a malformed topology', () => {
    expect(() => validateFencerInput(fencerInput({ levels: [{ index: 2, devices: ['a'] }, { index: 1, devices: ['b'] }] }))).toThrow(/sorted by distinct index/);
    expect(() => validateFencerInput(fencerInput({ levels: [{ index: 1, devices: [] }] }))).toThrow(/level 1 needs 1\.\.16 devices/);
    expect(() => validateFencerInput(fencerInput({ levels: [{ index: 1, devices: ['a', 'a'] }] }))).toThrow(/names a device twice/);
    // Inside a parent the refusal is the fencer's error, never a silent hang.
    const h = new FencerHarness(fencerInput({ levels: [{ index: 1, devices: [] }] }));
    expect(h.sent.some((e) => e.type.startsWith('xstate.error.actor.'))).toBe(true);
  });
});

describe('fencer-ops', () => {
  it('should use the configured levels of the target, sorted by index', () => {
    const configured = [
      { target: 'node1', index: 2, devices: ['psu-a', 'psu-b'] }, { target: 'node2', index: 1, devices: ['x'] }, { target: 'node1', index: 1, devices: ['ipmi'] },
    ];
    expect(fencerLevelsFor('node1', configured, ['ipmi', 'psu-a'])).toEqual([{ index: 1, devices: ['ipmi'] }, { index: 2, devices: ['psu-a', 'psu-b'] }]);
  });

  it('should make one implicit level per capable device, in configuration order, without configured levels', () => {
    expect(fencerLevelsFor('node3', [{ target: 'node1', index: 1, devices: ['ipmi'] }], ['d2', 'd1'])).toEqual([{ index: 1, devices: ['d2'] }, { index: 2, devices: ['d1'] }]);
    expect(fencerLevelsFor('node3', [], [])).toEqual([]);
  });

  it('should route a device answer to every fencer among its requesters, once', () => {
    const r = resultFor(fencerInput(), 'ipmi', 1, true, { requesters: ['fencer:op1', 'admin', 'fencer:op2', 'fencer:op1'] });
    expect(fencersAnswered(r)).toEqual(['fencer:op1', 'fencer:op2']);
    expect(fencerIdOf('op9')).toBe('fencer:op9');
    expect(deviceRequestIdOf('op9', 3, 'ipmi')).toBe('op9/L3/ipmi');
  });
});
