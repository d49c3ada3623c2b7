// Leftovers of an earlier demo run: a launcher still running in the same folder (refused), and
// daemons orphaned by a launcher that was killed outright (stopped, or their ports stay taken).
// Also the last line of a daemon's log, to say why it exited.
import { readFileSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';

/** Whether a process with this pid exists (and we may signal it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a pid file, if the file holds one. */
export async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, 'utf8')).trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function writePid(file: string, pid: number): Promise<void> {
  await writeFile(file, `${pid}\n`);
}

export async function removePid(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** A process's command line (Linux /proc), '' when it cannot be read. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/**
 * If the pid file names a live process whose command line contains `marker` (our config
 * path), stop it: SIGTERM, then SIGKILL after timeoutMs. Returns the pid it stopped.
 */
export async function stopStray(pidFile: string, marker: string, timeoutMs: number): Promise<number | undefined> {
  const pid = await readPid(pidFile);
  if (pid === undefined || !isAlive(pid) || !commandLineOf(pid).includes(marker)) {
    await removePid(pidFile);
    return undefined;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(20);
  await removePid(pidFile);
  return pid;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const LOG_TAIL_BYTES = 8192;
const LOG_LINE_SHOWN_MAX = 200;

/** The last line of a log, as its message (pino JSON: msg and err.message), shortened. */
export async function lastLogLine(file: string): Promise<string | undefined> {
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const start = Math.max(0, size - LOG_TAIL_BYTES);
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      text = buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  const line = text.split('\n').map((l) => l.trim()).filter((l) => l !== '').at(-1);
  if (line === undefined) return undefined;
  const shown = messageOf(line);
  return shown.length > LOG_LINE_SHOWN_MAX ? `${shown.slice(0, LOG_LINE_SHOWN_MAX - 1)}…` : shown;
}

function messageOf(line: string): string {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; err?: { message?: unknown } };
    const msg = typeof entry.msg === 'string' ? entry.msg : line;
    const err = typeof entry.err?.message === 'string' ? `: ${entry.err.message}` : '';
    return msg + err;
  } catch {
    return line;
  }
}
