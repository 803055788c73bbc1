import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/*
 * Finding points on the Patterns map from outside: the map is one WebGL canvas, so points are
 * found the way a person finds them, by moving the pointer over it until a tip shows. The tip
 * names its point's cluster and place on the canvas (data-cluster, data-x, data-y), so a found
 * point can be pointed at or clicked again later, from wherever the canvas is then.
 */

/** A point whose tip showed: its words, its cluster (-1 for noise) and its place relative to the canvas. */
export interface MapTip {
  text: string;
  cluster: number;
  x: number;
  y: number;
}

/** The tip on screen now, or null. (No named functions inside: tsx would wrap them in a helper the page lacks.) */
export function readTip(page: Page): Promise<MapTip | null> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid=map-tip]');
    if (!el) return null;
    const [cluster, x, y] = ['data-cluster', 'data-x', 'data-y'].map((name) => Number(el.getAttribute(name)));
    return { text: el.textContent ?? '', cluster, x, y };
  });
}

/**
 * Hovers a grid over the middle of the map, row by row, and collects the distinct points whose
 * tips showed, until `enough` says so or the grid ends. Tips arrive asynchronously (the words
 * come from the server), so a tip may belong to an earlier grid spot: its own place is kept.
 */
export async function sweepMap(page: Page, canvas: Locator, enough: (found: MapTip[]) => boolean, settleMs = 30): Promise<MapTip[]> {
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the map is not on screen');
  const found: MapTip[] = [];
  const seen = new Set<string>();
  for (let gy = 0.15; gy < 0.9; gy += 0.05) {
    for (let gx = 0.1; gx < 0.9; gx += 0.04) {
      await page.mouse.move(box.x + gx * box.width, box.y + gy * box.height);
      await page.waitForTimeout(settleMs);
      const tip = await readTip(page);
      if (!tip) continue;
      const key = `${Math.round(tip.x)},${Math.round(tip.y)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push(tip);
      if (enough(found)) return found;
    }
  }
  return found;
}

/**
 * Clicks a found point, placed from where the canvas is now. The pointer rests on the point until
 * its tip shows there before the button goes down: the map's camera pans by the pointer's movement
 * since its last frame while the button is down, so a jump and a click within one slow frame would
 * pan the map instead of clicking the point.
 */
export async function clickPoint(page: Page, canvas: Locator, point: MapTip): Promise<void> {
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the map is not on screen');
  await page.mouse.move(box.x + point.x, box.y + point.y);
  await expect
    .poll(async () => {
      const tip = await readTip(page);
      return tip !== null && Math.hypot(tip.x - point.x, tip.y - point.y) < 1;
    })
    .toBe(true);
  await page.mouse.down();
  await page.mouse.up();
}
