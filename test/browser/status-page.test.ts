// The status page in a real browser: Debian's Chromium, headless, driven by playwright-core
// (no browser download), against the three-node demo cluster (real daemons, real agents) with
// each daemon's page on. The page lists every node and resource; a resource whose state file is
// deleted shows failed, then recovered, with no reload; a screenshot is kept as an artifact.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { allRunning, LocalCluster, resourceIn } from '../../src/demo/local-cluster.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
/** Generous: the daemons, their agents and Chromium share two loaded cores. */
const WAIT_MS = 60_000;

let cluster: LocalCluster;
let browser: Browser;
/** The page of the daemon that hosts the coordinator, and of one that does not. */
const pages: { coordinator?: Page; follower?: Page } = {};

/** A node's page URL, from its daemon's log (each daemon picks a free port: no clash with other clusters). */
async function pageUrlOf(name: string): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const line = cluster.log(name).find((l) => l.msg === 'status page serving');
    if (typeof line?.['page'] === 'string') return line['page'];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name}'s daemon logged no status page`);
}

async function open(name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(await pageUrlOf(name));
  await page.locator('#connection[data-state="live"]').waitFor();
  return page;
}

/** Where web runs, once the cluster says it runs and its agent's state file is there. */
/** Where web runs, its state file, and its fail-count there now (a loaded machine may have timed out a monitor before). */
async function webStateFile(): Promise<{ node: string; stateFile: string; failCount: number }> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const web = resourceIn(await cluster.until('everything runs', allRunning), 'web')!;
    const node = web.node!;
    const stateFile = join(cluster.node(node).rsctmpDir, 'Dummy-web.state');
    const failCount = web.instances.find((i) => i.node === node)?.failCount ?? 0;
    if (existsSync(stateFile)) return { node, stateFile, failCount };
    if (Date.now() > deadline) throw new Error(`web runs on ${node} but ${stateFile} is missing`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const both = (): [string, Page][] => [['coordinator', pages.coordinator!], ['follower', pages.follower!]];

describe('the status page in Chromium', () => {
  beforeAll(async () => {
    cluster = await LocalCluster.start({ basePort: 7700 });
    let view: ClusterView;
    [browser, view] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, headless: true }),
      cluster.until('everything runs', allRunning, { timeoutMs: WAIT_MS }),
    ]);
    pages.coordinator = await open(view.coordinator!);
    pages.follower = await open(view.nodes.find((n) => n.name !== view.coordinator)!.name);
  }, 2 * WAIT_MS);

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  }, WAIT_MS);

  it('should list the three nodes online and every resource the cluster reports, on any daemon\'s page', async () => {
    const view = await cluster.until('everything runs', allRunning);
    for (const [which, page] of both()) {
      for (const n of view.nodes) await page.locator(`#nodes tr[data-node="${n.name}"][data-state="online"]`).waitFor();
      expect(await page.locator('#nodes tbody tr').count(), which).toBe(3);
      for (const r of view.resources) await page.locator(`#resources tr[data-resource="${r.id}"][data-state="started"]`).waitFor();
      expect(await page.locator('#resources tbody tr').count(), which).toBe(view.resources.length);
      await expect.poll(() => page.locator('#coordinator').textContent(), { timeout: WAIT_MS }).toBe(view.coordinator);
      expect(await page.locator('#read-only').textContent()).toContain('actions need the cluster key: use the vigil CLI');
    }
  }, WAIT_MS);

  it('should show a resource whose state file is deleted as failed, then recovered, without a reload', { timeout: 2 * WAIT_MS }, async () => {
    const { node, stateFile, failCount } = await webStateFile();
    const after = failCount + 1;
    let navigations = 0;
    for (const [, page] of both()) {
      page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations++; });
      await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true; });
    }
    rmSync(stateFile);
    // Failed: the next monitor finds web not running. A view that caught the failure itself says
    // so; if failure and recovery both fell between two views, the fail-count's change tells it.
    // (Only the first form once counted: a loaded machine's slower views caught the failure, and
    // the test timed out. The coordinator's own log line is tested in test/inspect/.)
    const failed = new RegExp(`web (on ${node}: fail-count ${failCount} → ${after}|failed monitor .* on ${node}: .*; fail-count ${after})$`);
    for (const [, page] of both()) {
      await page.locator('#events li.error', { hasText: failed }).first().waitFor();
      // Recovered: on-fail=restart stops and starts it again on the same node (stickiness).
      await page.locator(`#resources tr[data-resource="web"][data-state="started"][data-node="${node}"][data-fail-count="${after}"]`).waitFor();
      await page.locator(`#fail-counts tr[data-fail-count-of="web@${node}"][data-fail-count="${after}"]`).waitFor();
    }
    expect(existsSync(stateFile)).toBe(true);
    expect(navigations).toBe(0);
    for (const [which, page] of both()) expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), which).toBe(true);
  });

  it('should draw a resource\'s statechart with its state highlighted, and the scheduler\'s reasons', async () => {
    const page = pages.follower!;
    await page.locator('#resources tr[data-resource="web"]').click();
    await page.locator('#diagram[data-machine="resource"][data-actor^="resource:web@"] g.state.is-active[data-id^="resource.lifecycle."]').first().waitFor();
    await page.locator('#explain-body', { hasText: 'Placed on' }).waitFor();
    await expect.poll(() => page.locator('#explain-body [data-score-node]').count(), { timeout: WAIT_MS }).toBe(3);
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'status-page.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
  }, WAIT_MS);
});
