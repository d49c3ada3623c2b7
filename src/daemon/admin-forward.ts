// A follower's administrator commands go to the coordinator over the mesh; each waits for its
// answer (matched by id) or gives up after a timeout, so the CLI never hangs on a lost message.
import { PROTOCOL_VERSION } from '../transport/constants.ts';
import type { Transport, TransportClock } from '../transport/types.ts';
import type { AdminCommand, AdminResult } from './control-types.ts';

const ADMIN_FORWARD_TIMEOUT_MS = 10_000;

export class AdminForwarder {
  private readonly waiting = new Map<string, (r: AdminResult) => void>();
  private seq = 0;

  constructor(private readonly self: string, private readonly transport: Transport, private readonly clock: TransportClock) {}

  forward(coordinator: string, command: AdminCommand): Promise<AdminResult> {
    const id = `${this.self}-${++this.seq}`;
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.waiting.delete(id);
        resolve({ ok: false, error: `no answer from the coordinator ${coordinator} within ${ADMIN_FORWARD_TIMEOUT_MS} ms` });
      }, ADMIN_FORWARD_TIMEOUT_MS);
      this.waiting.set(id, (r) => {
        this.clock.clearTimeout(timer);
        resolve(r);
      });
      this.transport.send(coordinator, { v: PROTOCOL_VERSION, kind: 'admin', from: this.self, body: { id, command } });
    });
  }

  /** The coordinator's answer to a forwarded command (late or unknown answers are dropped). */
  answered(id: string, result: AdminResult): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.(result);
  }
}
