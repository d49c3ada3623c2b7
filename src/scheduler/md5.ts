// A small pure MD5 (RFC 1321), used only to compare operation digests with the ones Pacemaker
// recorded in the history. Not for security.

const SHIFTS = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

const ENCODER = new TextEncoder();

/** The message's bytes, padded and split into little-endian 32-bit words (RFC 1321, 3.1–3.2). */
function padded(text: string): Uint32Array {
  const bytes = ENCODER.encode(text);
  const bitLength = bytes.length * 8;
  const total = (((bytes.length + 8) >>> 6) + 1) * 64;
  const out = new Uint8Array(total);
  out.set(bytes);
  out[bytes.length] = 0x80;
  for (let i = 0; i < 8; i++) out[total - 8 + i] = i < 4 ? (bitLength >>> (8 * i)) & 0xff : Math.floor(bitLength / 2 ** (8 * i)) & 0xff;
  const words = new Uint32Array(total / 4);
  for (let i = 0; i < words.length; i++) {
    words[i] = (out[i * 4]! | (out[i * 4 + 1]! << 8) | (out[i * 4 + 2]! << 16) | (out[i * 4 + 3]! << 24)) >>> 0;
  }
  return words;
}

function hex(word: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += ((word >>> (8 * i)) & 0xff).toString(16).padStart(2, '0');
  return s;
}

/** The MD5 of a string's UTF-8 bytes, as 32 lowercase hex digits. */
export function md5Hex(text: string): string {
  const words = padded(text);
  let a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  for (let chunk = 0; chunk < words.length; chunk += 16) {
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      // The four round functions and their word schedules, inline (no tuple per step).
      let f: number, g: number;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
      else { f = c ^ (b | ~d); g = (7 * i) % 16; }
      const sum = (a + f + K[i]! + words[chunk + g]!) >>> 0;
      a = d; d = c; c = b;
      b = (b + ((sum << SHIFTS[i]!) | (sum >>> (32 - SHIFTS[i]!)))) >>> 0;
    }
    a0 = (a0 + a) >>> 0; b0 = (b0 + b) >>> 0; c0 = (c0 + c) >>> 0; d0 = (d0 + d) >>> 0;
  }
  return hex(a0) + hex(b0) + hex(c0) + hex(d0);
}
