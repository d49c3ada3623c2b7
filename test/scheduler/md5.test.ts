import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../src/scheduler/md5.ts';
import { digestText, opDigest } from '../../src/scheduler/digest.ts';

describe('md5 and op digests', () => {
  const vectors: [string, string][] = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'], ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['The quick brown fox jumps over the lazy dog', '9e107d9d372bb6826bd81d3542a419d6'],
    ['x'.repeat(100), 'aed563ecafb4bcc5654c597a421547b2'],
  ];
  for (const [text, hex] of vectors) it(`should hash ${JSON.stringify(text.slice(0, 12))}`, () => expect(md5Hex(text)).toBe(hex));
  it('should hash empty parameters like Pacemaker', () => expect(opDigest({})).toBe('f2317cad3d54cec5d7d7aa7d0bf35cf8'));
  it('should sort parameter names', () => expect(digestText({ b: '2', a: '1' })).toBe(' <parameters a="1" b="2"/>\n'));
});
