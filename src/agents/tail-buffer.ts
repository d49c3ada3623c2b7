// A bounded byte buffer that keeps only the newest bytes: an agent that prints without end
// must not grow the daemon's memory. Used for stdout and stderr of every child process.
import { assert } from '../assert.ts';

export class TailBuffer {
  private chunks: Buffer[] = [];
  private sizeBytes = 0;
  /** Bytes dropped from the front because the cap was reached. */
  droppedBytes = 0;

  constructor(readonly capBytes: number) {
    assert(Number.isInteger(capBytes) && capBytes > 0, `TailBuffer cap must be a positive integer, got ${capBytes}`);
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.sizeBytes += chunk.length;
    // Drop whole chunks from the front while the rest still fills the cap.
    let first = this.chunks[0];
    while (first !== undefined && this.sizeBytes - first.length >= this.capBytes) {
      this.chunks.shift();
      this.sizeBytes -= first.length;
      this.droppedBytes += first.length;
      first = this.chunks[0];
    }
    assert(this.chunks.length > 0, 'TailBuffer keeps at least the newest chunk');
  }

  /** The newest `capBytes` bytes, decoded as UTF-8 (a character cut at the front is dropped). */
  text(): string {
    const all = Buffer.concat(this.chunks);
    const excess = all.length - this.capBytes;
    const kept = excess > 0 ? all.subarray(excess) : all;
    const text = kept.toString('utf8');
    return excess > 0 || this.droppedBytes > 0 ? text.replace(/^\uFFFD+/, '') : text;
  }

  /** Total bytes dropped, including the part of the oldest kept chunk beyond the cap. */
  truncatedBytes(): number {
    return this.droppedBytes + Math.max(0, this.sizeBytes - this.capBytes);
  }
}
