// The CTS's wrapper agent (agents/ocf/vigil/LedgerDummy) runs ocf:heartbeat:Dummy and writes
// op.invoked / op.completed lines around each lifecycle action, with what the executor passed.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_AGENT_FILE } from '../../src/testing/cts/ocf-root.ts';

let dir: string;
let calls = 0;

function agent(action: string, extra: Record<string, string> = {}): Promise<number> {
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin', OCF_ROOT: '/usr/lib/ocf', OCF_RESOURCE_INSTANCE: 'web', HA_RSCTMP: dir,
    VIGIL_LEDGER: join(dir, 'ledger.jsonl'), VIGIL_NODE: 'node2', VIGIL_POWER_FILE: join(dir, 'power'),
    OCF_RESKEY_CRM_meta_interval: '0', OCF_RESKEY_CRM_meta_vigil_epoch: '4', OCF_RESKEY_CRM_meta_vigil_call_id: `node2@1#${++calls}`, ...extra,
  };
  return new Promise((resolve) => execFile(LEDGER_AGENT_FILE, [action], { env }, (error) => resolve(error ? Number(error.code) : 0)));
}

const lines = () => (existsSync(join(dir, 'ledger.jsonl')) ? readFileSync(join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : []);

describe('ocf:vigil:LedgerDummy', () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-ledger-agent-'));
    writeFileSync(join(dir, 'power'), 'on');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should record a probe, a start and a stop with their results', async () => {
    expect(await agent('monitor')).toBe(7);
    expect(await agent('start')).toBe(0);
    expect(await agent('stop')).toBe(0);
    const summary = lines().map((l) => [l['kind'], l['op'], l['probe'] ?? false, l['rc'] ?? null, l['outcome'] ?? null, l['active'] ?? null]);
    expect(summary).toEqual([
      ['op.invoked', 'monitor', true, null, null, null], ['op.completed', 'monitor', true, 7, 'ok', false],
      ['op.invoked', 'start', false, null, null, null], ['op.completed', 'start', false, 0, 'ok', true],
      ['op.invoked', 'stop', false, null, null, null], ['op.completed', 'stop', false, 0, 'ok', false],
    ]);
    expect(lines()[2]).toMatchObject({ node: 'node2', instance: 'web', epoch: 4, callId: 'node2@1#2' });
    expect(typeof lines()[2]!['atMs']).toBe('number');
  });

  it('should run unrecorded without an epoch, and run nothing once its machine is powered off', async () => {
    expect(await agent('start', { OCF_RESKEY_CRM_meta_vigil_epoch: '' })).toBe(0);
    expect(lines()).toEqual([]);
    expect(existsSync(join(dir, 'Dummy-web.state'))).toBe(true);
    writeFileSync(join(dir, 'power'), 'off');
    expect(await agent('stop')).toBe(1);
    expect(lines()).toEqual([]);
    expect(existsSync(join(dir, 'Dummy-web.state'))).toBe(true);
  });
});
