import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, openBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { clickPoint, readTip, sweepMap, type MapTip } from '../helpers/map-sweep.js';
import { seedMappedStore, type SeededMap } from '../helpers/seed-store.js';

/*
 * The Patterns map with 100,000 moments, in the real UI (browser mode, Chromium with SwiftShader):
 * every point drawn, the wheel zooms and a drag pans, a hovered point shows its own words, and a
 * clicked point opens its own cluster. The store is seeded already analysed (seed-store.ts).
 */

const N = 100_000;

/** Resolves after two animation frames of the page: the map's frame loop has run at least once since. */
const nextFrames = (page: Page) => page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));

describe.runIf(haveChromium())('the Patterns map at 100k moments', () => {
  let app: BrowserApp;
  let page: Page;
  const seeded: { map?: SeededMap } = {};

  beforeAll(async () => {
    app = await openBrowserApp({
      configure: (opts) => {
        seeded.map = seedMappedStore(opts.db, N, { model: opts.model });
      },
    });
    page = app.page;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('draws every point, zooms and pans, shows a point and opens its cluster', async () => {
    const { clusterIds, bigClusterSize } = seeded.map!;
    const topicOf = new Map(clusterIds.map((id, t) => [id, t]));
    const label = (id: number) => `topic${topicOf.get(id)} · word${topicOf.get(id)}a · word${topicOf.get(id)}b`;

    await page.goto(app.server.url);
    await page.getByRole('button', { name: 'Patterns', exact: true }).click();
    const canvas = page.getByTestId('cluster-map');
    await expect.poll(() => canvas.getAttribute('data-drawn'), { timeout: 30_000 }).toBe(String(N));
    expect(await page.locator('.map-wrap .error').count()).toBe(0);
    await expect.poll(() => page.getByTestId('cluster-item').count()).toBe(clusterIds.length);
    await app.shot('big-map-1-drawn');
    const height = (await canvas.boundingBox())!.height;

    // A point to watch: the keyboard cursor's first point (the one nearest the middle of the data, wherever
    // the view is), whose tip gives its place on the canvas. The pointer stays off the map meanwhile.
    const place = async (): Promise<MapTip> => {
      await page.mouse.move(2, 2);
      await canvas.focus();
      await page.keyboard.press('Escape');
      await expect.poll(() => readTip(page)).toBeNull();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => readTip(page)).not.toBeNull();
      return (await readTip(page))!;
    };
    const before = await place();

    // Wheel towards the map's upper left: the watched point moves away from the wheel's spot, in the same direction.
    let box = (await canvas.boundingBox())!;
    const focus = { x: box.width * 0.3, y: box.height * 0.3 };
    await page.mouse.move(box.x + focus.x, box.y + focus.y);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -200);
    let zoomed = await place();
    await expect
      .poll(async () => {
        zoomed = await place();
        return Math.hypot(zoomed.x - focus.x, zoomed.y - focus.y) / Math.hypot(before.x - focus.x, before.y - focus.y);
      })
      .toBeGreaterThan(1.5);
    const cross = (before.x - focus.x) * (zoomed.y - focus.y) - (before.y - focus.y) * (zoomed.x - focus.x);
    const norms = Math.hypot(before.x - focus.x, before.y - focus.y) * Math.hypot(zoomed.x - focus.x, zoomed.y - focus.y);
    expect(Math.abs(cross) / norms).toBeLessThan(0.05);
    await app.shot('big-map-2-zoomed');

    // A drag moves the view with the pointer: the watched point moves by the drag. The map's camera pans, once
    // a frame, by the pointer's movement since the last frame while the button is down, so the pointer rests a
    // frame before the press (or the jump onto the map would count) and before the release (or the last steps would not).
    box = (await canvas.boundingBox())!;
    const from = { x: box.x + box.width * 0.5, y: box.y + box.height * 0.6 };
    const drag = { x: -150, y: -90 };
    await page.mouse.move(from.x, from.y);
    await nextFrames(page);
    await page.mouse.down();
    await page.mouse.move(from.x + drag.x, from.y + drag.y, { steps: 12 });
    await nextFrames(page);
    await page.mouse.up();
    let panned = await place();
    await expect
      .poll(async () => {
        panned = await place();
        return Math.hypot(panned.x - (zoomed.x + drag.x), panned.y - (zoomed.y + drag.y));
      })
      .toBeLessThan(3);
    await page.keyboard.press('Escape');
    await app.shot('big-map-3-panned');

    // Hover: a point shows its own words (the seeded text names its topic, as its cluster's label does).
    const found = await sweepMap(page, canvas, (tips) => tips.some((t) => t.cluster >= 0));
    const point = found.find((t) => t.cluster >= 0);
    expect(point).toBeDefined();
    expect(point!.text).toMatch(/^(correction|failure|task|preference): topic\d+ /);
    expect(point!.text.split(' ')[1]).toBe(`topic${topicOf.get(point!.cluster)}`);

    // Click it: its cluster opens, and is the one chosen in the list.
    await clickPoint(page, canvas, point!);
    const detail = page.getByTestId('cluster-detail');
    await expect.poll(() => detail.locator('h3').textContent().catch(() => null), { timeout: 15_000 }).toBe(label(point!.cluster));
    expect(await page.locator('.cluster-item[aria-pressed=true] .title').textContent()).toBe(label(point!.cluster));
    await app.shot('big-map-4-clicked');

    // The biggest cluster (first by size) opens with a bounded member list.
    await page.getByTestId('cluster-item').first().click();
    await expect.poll(() => detail.locator('h3').textContent()).toBe(label(clusterIds[0]));
    expect(await detail.textContent()).toContain(`${bigClusterSize.toLocaleString('en-US')} times`);
    const members = await detail.locator('.members li').count();
    expect(members).toBeGreaterThan(0);
    expect(members).toBeLessThanOrEqual(30);
    await app.shot('big-map-5-big-cluster');
    // Full-page screenshots resize the viewport while frames are slow: the map keeps its height (it once grew without end).
    expect((await canvas.boundingBox())!.height).toBeCloseTo(height, 0);

    expect(app.pageErrors.join('\n')).toBe('');
  }, 90_000);
});
