// A simulated power switch: on one host, the demo gives each node's daemon a file that
// Debian's fence_dummy (type=file) writes when it fences that node. fence_dummy writes the
// bare word `off` or `on` (no newline; `reboot` writes off, then on straight away unless
// power_wait is set). The daemon watches the file and, when it reads off, stops as a machine
// losing power would. A missing or unreadable file counts as on: the demo creates the file,
// and a half-written one must not power a node off.
import { readFile } from 'node:fs/promises';
import { assert } from '../assert.ts';

export const POWER_POLL_DEFAULT_MS = 100;

export interface PowerFileWatch {
  close(): void;
}

/** Whether a power file's content says the power is off (fence_dummy writes `off`). */
export function isPowerOff(text: string): boolean {
  return text.trim().toLowerCase() === 'off';
}

/** Polls `file`; calls `onOff` once, the first time it reads off, then stops polling. */
export function watchPowerFile(opts: { file: string; onOff: () => void; pollMs?: number }): PowerFileWatch {
  const pollMs = opts.pollMs ?? POWER_POLL_DEFAULT_MS;
  assert(pollMs > 0, 'watchPowerFile: pollMs must be above 0');
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async (): Promise<void> => {
    let text = '';
    try {
      text = await readFile(opts.file, 'utf8');
    } catch {
      // Missing or unreadable: on.
    }
    if (closed) return;
    if (isPowerOff(text)) {
      closed = true;
      opts.onOff();
      return;
    }
    timer = setTimeout(() => void check(), pollMs);
    timer.unref();
  };
  void check();
  return {
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
