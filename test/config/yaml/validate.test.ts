// `vigil validate FILE` prints a one-line summary, or every problem and exit status 1.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../../src/cli/commands/validate.ts';
import type { CliContext } from '../../../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-validate-'));

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { root: dir, out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await validateCommand.run(args, ctx);
  return { code, out, err };
}

describe('vigil validate', () => {
  it('should summarize a valid file', async () => {
    const path = join(dir, 'complete.yaml');
    writeFileSync(path, readFileSync(new URL('./fixtures/complete.yaml', import.meta.url)));
    expect(await run([path])).toEqual({ code: 0, out: [`${path}: valid (4 resources, 4 constraints, 3 nodes)`], err: [] });
  });

  it('should list every problem and exit 1', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'nodes: [n1]\nresources:\n  - { primitive: a, agent: "lsb:a", meta: { priority: high } }\nconstraints:\n  - { order: o, first: a, then: b }\n');
    const result = await run([path]);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err.join('\n').split('\n')).toEqual([
      `${path}:3:55 resources[0].meta.priority: expected a whole number, found "high" — fix: write priority: 1`,
      `${path}:5:33 constraints[0].then: no resource is called "b" — fix: name one of the configured resources: a`,
    ]);
  });

  it('should warn, and still exit 0, about a two-node pair left to a fence race', async () => {
    const path = join(dir, 'pair.yaml');
    writeFileSync(path, readFileSync(new URL('../../fencing/fixtures/two-node-split.yaml', import.meta.url)));
    const result = await run([path]);
    expect({ code: result.code, out: result.out }).toEqual({ code: 0, out: [`${path}: valid (4 resources, 3 constraints, 2 nodes)`] });
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: warning: two-node fence race: node1 and node2 .* both lose power`));
  });

  it('should print its usage for a wrong number of arguments', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain('usage: vigil validate FILE');
  });
});
