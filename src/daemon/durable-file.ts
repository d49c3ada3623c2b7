// A file replaced atomically and durably, readable by its owner only: what a daemon keeps (its
// vote, its held config with fence passwords) must survive a power cut once acknowledged, and
// must not be readable by other users. The order is the one every database uses: write a
// temporary file, fsync it, rename it over the old one, fsync the folder (the rename lives in
// the folder's entry; without its fsync a power cut may bring the old file back).
import * as fs from 'node:fs';
import { dirname } from 'node:path';

/** Owner read/write only: the held config carries fence devices' passwords. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** The calls made, in order; the default is node:fs (tests pass a recorder). */
export interface DurableFs {
  mkdirSync(path: string, opts: { recursive: true; mode: number }): unknown;
  openSync(path: string, flags: string, mode?: number): number;
  fchmodSync(fd: number, mode: number): void;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
}

/** Replaces `file` with `text`, mode 0600, on disk (file and folder fsynced) when this returns. */
export function writeFileDurably(file: string, text: string, io: DurableFs = fs): void {
  const dir = dirname(file);
  io.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const tmp = `${file}.tmp`;
  const fd = io.openSync(tmp, 'w', PRIVATE_FILE_MODE);
  try {
    // A temporary file left by an older version keeps its mode when reopened: set it anyway.
    io.fchmodSync(fd, PRIVATE_FILE_MODE);
    const bytes = Buffer.from(text, 'utf8');
    // writeSync may write less than asked (a full disk answers with an error instead).
    for (let written = 0; written < bytes.length;) written += io.writeSync(fd, bytes, written, bytes.length - written);
    io.fsyncSync(fd);
  } finally {
    io.closeSync(fd);
  }
  io.renameSync(tmp, file);
  const dirFd = io.openSync(dir, 'r');
  try {
    io.fsyncSync(dirFd);
  } finally {
    io.closeSync(dirFd);
  }
}
