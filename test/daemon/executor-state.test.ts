// The executor's bounded memory: the per-resource queue depth and the answered-ids window.
import { describe, expect, it } from 'vitest';
import { ANSWERED_IDS_MAX, AnswerCache, KeyedQueues, RESOURCE_QUEUE_DEPTH_MAX } from '../../src/daemon/executor-state.ts';

describe('executor state', () => {
  it('should refuse a task beyond the queue depth of one key but not of another', async () => {
    const queues = new KeyedQueues();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const runs: Promise<number>[] = [];
    for (let i = 0; i < RESOURCE_QUEUE_DEPTH_MAX; i++) runs.push(queues.run('r1', async () => { await gate; return i; })!);
    expect(queues.run('r1', async () => -1)).toBeUndefined();
    expect(queues.run('r2', async () => 7)).toBeDefined();
    release();
    expect(await Promise.all(runs)).toEqual([...Array(RESOURCE_QUEUE_DEPTH_MAX).keys()]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queues.depth('r1')).toBe(0);
  });

  it('should remember the last ANSWERED_IDS_MAX answers and forget older ones', async () => {
    const cache = new AnswerCache<string>();
    for (let i = 0; i <= ANSWERED_IDS_MAX; i++) await cache.track(`id${i}`, Promise.resolve(`answer${i}`));
    expect(cache.answer('id0')).toBeUndefined();
    expect(cache.answer('id1')).toBe('answer1');
    expect(cache.answer(`id${ANSWERED_IDS_MAX}`)).toBe(`answer${ANSWERED_IDS_MAX}`);
  });
});
