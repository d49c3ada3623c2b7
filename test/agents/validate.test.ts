import { describe, expect, it } from 'vitest';
import { readAgentMetadata } from '../../src/agents/metadata.ts';
import type { AgentMetadata } from '../../src/agents/metadata.ts';
import { closestName, editDistance } from '../../src/agents/suggest.ts';
import { checkParams, runValidateAll } from '../../src/agents/validate.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';

function metadata(params: { name: string; required?: boolean }[]): AgentMetadata {
  return {
    name: 'T',
    parameters: params.map((p) => ({ name: p.name, required: p.required ?? false, unique: false, reloadable: false, type: 'string', deprecated: false })),
    actions: [],
    capabilities: { migrate: false, reloadAgent: false, promotable: false },
    warnings: [],
  };
}

describe('checkParams', () => {
  it('should name the resource, the parameter, the agent, the known ones and the likely fix (real Dummy)', async () => {
    const md = await readAgentMetadata({ class: 'ocf', provider: 'heartbeat', type: 'Dummy' });
    const problems = checkParams('web', 'ocf:heartbeat:Dummy', { stat: '/tmp/x', fake: 'y' }, md);
    expect(problems).toEqual([{
      kind: 'unknown', resource: 'web', parameter: 'stat', agent: 'ocf:heartbeat:Dummy', suggestion: 'state',
      message: "resource web: parameter 'stat' is not a parameter of ocf:heartbeat:Dummy (known: state, fake); did you mean 'state'?",
    }]);
  });

  it('should report a missing required parameter with what to add', async () => {
    const md = await readAgentMetadata({ class: 'ocf', provider: 'heartbeat', type: 'IPaddr2' });
    const problems = checkParams('vip', 'ocf:heartbeat:IPaddr2', { cidr_netmask: '24' }, md);
    expect(problems).toEqual([{
      kind: 'missing', resource: 'vip', parameter: 'ip', agent: 'ocf:heartbeat:IPaddr2',
      message: "resource vip: required parameter 'ip' of ocf:heartbeat:IPaddr2 is not set; add ip=<IPv4 or IPv6 address> to its params",
    }]);
  });

  it('should accept a complete, correct set and OCF_CHECK_LEVEL', () => {
    const md = metadata([{ name: 'ip', required: true }, { name: 'nic' }]);
    expect(checkParams('vip', 'ocf:x:T', { ip: '10.0.0.1', OCF_CHECK_LEVEL: '10' }, md)).toEqual([]);
  });

  it('should shorten a long list of known parameters and give no guess for a far-off name', () => {
    const md = metadata('abcdefghij'.split('').map((c) => ({ name: `param_${c}` })));
    const [problem] = checkParams('r', 'ocf:x:T', { zzzzzz: '1' }, md);
    expect(problem?.message).toBe("resource r: parameter 'zzzzzz' is not a parameter of ocf:x:T (known: param_a, param_b, param_c, param_d, param_e, param_f, param_g, param_h, ...); remove it or check the agent type");
    expect(problem?.suggestion).toBeUndefined();
  });

  it('should say when the agent takes no parameters', () => {
    const [problem] = checkParams('r', 'ocf:x:T', { a: '1' }, metadata([]));
    expect(problem?.message).toBe("resource r: parameter 'a' is not a parameter of ocf:x:T (ocf:x:T takes no parameters); remove it or check the agent type");
  });
});

describe('closestName', () => {
  it('should prefer a case-insensitive match, then the smallest edit distance within a third of the length', () => {
    expect(closestName('STATE', ['stat', 'state'])).toBe('state');
    expect(closestName('cidr_netmsk', ['cidr_netmask', 'nic'])).toBe('cidr_netmask');
    expect(closestName('ab', ['xy'])).toBeUndefined();
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('runValidateAll', () => {
  it('should run a one-shot validate-all operation through the given runner', async () => {
    const seen: AgentOperation[] = [];
    const runner = { run: async (op: AgentOperation) => { seen.push(op); return { rc: 0, timedOut: false, signal: null, durationMs: 1, outputTail: '' }; } };
    const r = await runValidateAll(runner, { resource: 'r', agent: { class: 'ocf', provider: 'x', type: 'T' }, params: { a: '1' }, meta: {}, node: 'n1' });
    expect(r.rc).toBe(0);
    expect(seen).toEqual([{ resource: 'r', agent: { class: 'ocf', provider: 'x', type: 'T' }, params: { a: '1' }, meta: {}, node: 'n1', action: 'validate-all', intervalMs: 0, timeoutMs: 20_000 }]);
  });
});
