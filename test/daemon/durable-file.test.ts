// The vote and the held config are on disk, privately, before anything depends on them (issue
// 14, item 6). Before: written mode 0644 (fence passwords readable by every user) and renamed
// without an fsync of the file or its folder, so a power cut could lose an acknowledged change.
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileDurably, type DurableFs } from '../../src/daemon/durable-file.ts';
import { fileConfigStore, fileHardStateStore, hardStateFile, heldConfigFile } from '../../src/daemon/hard-state.ts';
import { createFileLedgerSink } from '../../src/ledger/file-sink.ts';
import { simConfig, simNodeNames } from '../../src/testing/sim/config.ts';

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Records every call, in order, as the real node:fs would see them. */
function recordingFs(): { io: DurableFs; calls: string[] } {
  const calls: string[] = [];
  const names = new Map<number, string>();
  let next = 10;
  const io: DurableFs = {
    mkdirSync: (path, opts) => { calls.push(`mkdir ${path} ${opts.mode.toString(8)}`); },
    openSync: (path, flags, mode) => { names.set(next, path); calls.push(`open ${path} ${flags}${mode === undefined ? '' : ` ${mode.toString(8)}`}`); return next++; },
    fchmodSync: (fd, mode) => { calls.push(`fchmod ${names.get(fd)} ${mode.toString(8)}`); },
    writeSync: (fd, buffer, offset, length) => { const n = Math.min(length, 3); calls.push(`write ${names.get(fd)} ${buffer.subarray(offset, offset + n).toString()}`); return n; },
    fsyncSync: (fd) => { calls.push(`fsync ${names.get(fd)}`); },
    closeSync: (fd) => { calls.push(`close ${names.get(fd)}`); },
    renameSync: (from, to) => { calls.push(`rename ${from} ${to}`); },
  };
  return { io, calls };
}

describe('writeFileDurably', () => {
  it('should write a private temporary file, fsync it, rename it, then fsync the folder', () => {
    const { io, calls } = recordingFs();
    writeFileDurably('/state/node1.election.json', '{"epoch":7}', io);
    expect(calls).toEqual([
      'mkdir /state 700',
      'open /state/node1.election.json.tmp w 600',
      'fchmod /state/node1.election.json.tmp 600',
      // A short write is continued, not lost.
      'write /state/node1.election.json.tmp {"e', 'write /state/node1.election.json.tmp poc', 'write /state/node1.election.json.tmp h":',
      'write /state/node1.election.json.tmp 7}',
      'fsync /state/node1.election.json.tmp',
      'close /state/node1.election.json.tmp',
      'rename /state/node1.election.json.tmp /state/node1.election.json',
      'open /state r',
      'fsync /state',
      'close /state',
    ]);
  });
});

describe('what a daemon and its ledger write', () => {
  it('should keep the vote and the held config mode 0600, also over files an older version left readable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-durable-'));
    const config = simConfig(simNodeNames(3)).config;
    writeFileSync(heldConfigFile(dir, 'node1'), JSON.stringify(config), { mode: 0o644 });
    writeFileSync(`${hardStateFile(dir, 'node1')}.tmp`, 'left over', { mode: 0o644 });
    const votes = fileHardStateStore(dir, 'node1');
    const held = fileConfigStore(dir, 'node1');
    expect(held.load()?.generation).toEqual(config.generation);
    expect(modeOf(heldConfigFile(dir, 'node1'))).toBe(0o600);
    votes.save({ epoch: 3, votedFor: 'node2' });
    held.save(config);
    expect(modeOf(hardStateFile(dir, 'node1'))).toBe(0o600);
    expect(modeOf(heldConfigFile(dir, 'node1'))).toBe(0o600);
    expect(votes.load()).toEqual({ epoch: 3, votedFor: 'node2' });
    expect(JSON.parse(readFileSync(heldConfigFile(dir, 'node1'), 'utf8'))).toEqual(config);
  });

  it('should make a new state folder private', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigil-durable-')), 'state');
    fileHardStateStore(dir, 'node1').save({ epoch: 1, votedFor: null });
    expect(modeOf(dir)).toBe(0o700);
  });

  it('should keep a ledger file private', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-durable-'));
    mkdirSync(join(dir, 'x'));
    const file = join(dir, 'x', 'ledger.jsonl');
    writeFileSync(file, '', { mode: 0o644 });
    createFileLedgerSink(file).record({ kind: 'healed' });
    expect(modeOf(file)).toBe(0o600);
  });
});
