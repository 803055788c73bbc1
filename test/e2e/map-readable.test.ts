import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOMENT_KINDS, type MomentKind } from '../../shared/types.js';
import { seededRandom } from '../../electron/engine/base/random.js';
import { weeklyCounts } from '../../electron/engine/cluster/summary.js';
import { replaceMapPoints, replacePatterns, type ClusterRecord, type VariantRecord } from '../../electron/engine/store/clusters.js';
import type { Db } from '../../electron/engine/store/db.js';
import { haveChromium, openBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { clickPoint, readTip } from '../helpers/map-sweep.js';
import { writeSyntheticMoments } from '../helpers/seed-store.js';

/*
 * The Patterns map as a person reads it (issue 14 item 5), in the real UI (browser mode, Chromium):
 * a store seeded already analysed with 14 named patterns (two variants each, of two kinds) in blobs
 * over a 10×10 square, a little noise among them and a few outliers far away, the shape UMAP gives
 * real moments. The view fits the bulk, the largest patterns are named at their centres without
 * overlapping, the legend explains either colouring, the chosen pattern opens in a side panel in
 * view at 1440×900 and 1024×700, and the list scrolls to its row.
 */

const NAMES = [
  'Use pnpm, not npm',
  'Tests fail: missing DATABASE_URL',
  'Run the linter before committing',
  "Don't edit generated files",
  'Type errors after renaming a module',
  'Write commit messages in English',
  'Docker build runs out of disk',
  'Keep answers short',
  'Permission denied writing to /var/log',
  'Prefer small pull requests',
  'git push rejected: non-fast-forward',
  'Add tests for every bug fix',
  'Python ImportError in the worker',
  'Never commit .env files',
];
const N = 3000;
const OUTLIERS = 45;
const NOISE = 120;

interface Seeded {
  /** Pattern ids by position in NAMES (largest first). */
  ids: number[];
  sizes: number[];
  /** Variant labels and sizes by pattern position, largest first. */
  variants: string[][];
  variantSizes: number[][];
}

/** Moments, patterns with their variants and map points, as an analysis would have left them. */
function seedPatternMap(db: Db, model: string): Seeded {
  const rand = seededRandom(7);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const weights = NAMES.map((_, t) => 1 / (t + 2));
  const total = weights.reduce((a, b) => a + b, 0);
  // Topic per moment: the outliers and the noise first, then the patterns by weight.
  const topics = Array.from({ length: N }, (_, i) => {
    if (i < OUTLIERS) return -2;
    if (i < OUTLIERS + NOISE) return -1;
    let w = rand() * total;
    return weights.findIndex((x) => (w -= x) < 0);
  });
  const sizes = NAMES.map((_, t) => topics.filter((x) => x === t).length);
  const kindOf = (t: number, i: number): MomentKind => MOMENT_KINDS[(t + (i % 3 === 0 ? 1 : 0)) % MOMENT_KINDS.length];
  const written = writeSyntheticMoments(db, {
    from: 0,
    to: N,
    total: N,
    moment: (i) => {
      const t = topics[i];
      return t >= 0 ? { kind: kindOf(t, i), text: `${NAMES[t]} (said as ${i})` } : { kind: MOMENT_KINDS[i % 4], text: `one-off request ${i}` };
    },
  });
  // Blobs on a jittered 4×4 grid in the 10×10 square; noise anywhere in it; outliers 60 to 100 away.
  const centres = NAMES.map((_, t) => [1.2 + 2.5 * (t % 4) + 0.6 * gauss(), 1.2 + 2.5 * Math.floor(t / 4) + 0.6 * gauss()]);
  const x: number[] = [];
  const y: number[] = [];
  topics.forEach((t, i) => {
    if (t === -2) {
      const a = (2 * Math.PI * i) / OUTLIERS;
      const r = 60 + 40 * rand();
      [x[i], y[i]] = [5 + r * Math.cos(a), 5 + r * Math.sin(a)];
    } else if (t === -1) [x[i], y[i]] = [10 * rand(), 10 * rand()];
    else {
      const r = 0.3 * Math.sqrt(sizes[t] / 100);
      [x[i], y[i]] = [centres[t][0] + r * gauss(), centres[t][1] + r * gauss()];
    }
  });
  const patterns: ClusterRecord[] = [];
  const variants: (VariantRecord & { pattern: number })[] = [];
  const variantLabels: string[][] = [];
  const variantSizes: number[][] = [];
  NAMES.forEach((name, t) => {
    const members = topics.flatMap((x, i) => (x === t ? [i] : []));
    const dates = members.map((i) => written[i].at).sort();
    const kinds: Partial<Record<MomentKind, number>> = {};
    for (const i of members) kinds[kindOf(t, i)] = (kinds[kindOf(t, i)] ?? 0) + 1;
    const byKind = Object.entries(kinds).sort((a, b) => b[1] - a[1]) as [MomentKind, number][];
    patterns.push({
      kind: byKind[0][0],
      kinds,
      label: name,
      keywords: name.toLowerCase().split(/\W+/).filter(Boolean).slice(0, 3),
      size: members.length,
      sessions: new Set(members.map((i) => written[i].sessionId)).size,
      projects: 2,
      firstSeen: dates[0],
      lastSeen: dates.at(-1)!,
      weekly: weeklyCounts(dates.map((d) => new Date(d))),
      members: members.map((i) => ({ momentId: written[i].momentId, score: 1 / (1 + Math.hypot(x[i] - centres[t][0], y[i] - centres[t][1])) })),
    });
    variantSizes.push(byKind.map(([, n]) => n));
    variantLabels.push(
      byKind.map(([kind]) => {
        const label = `${name} (as a ${kind})`;
        variants.push({ pattern: t, kind, label, keywords: [], momentIds: members.filter((i) => kindOf(t, i) === kind).map((i) => written[i].momentId) });
        return label;
      }),
    );
  });
  const ids = replacePatterns(db, model, patterns, variants, null);
  replaceMapPoints(db, model, written.map((w, i) => ({ momentId: w.momentId, x: x[i], y: y[i] })));
  return { ids, sizes, variants: variantLabels, variantSizes };
}

type Box = { x: number; y: number; width: number; height: number };
const inside = (inner: Box, outer: Box, slack = 1) =>
  inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;

/** The placed labels: pattern, words, anchor on the canvas and box on the page. */
async function readLabels(page: Page) {
  return page.getByTestId('map-label').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        cluster: Number(el.getAttribute('data-cluster')),
        text: el.textContent ?? '',
        ax: Number(el.getAttribute('data-x')),
        ay: Number(el.getAttribute('data-y')),
        box: { x: r.x, y: r.y, width: r.width, height: r.height },
      };
    }),
  );
}

/** How far apart the label anchors lie, as shares of the canvas's width and height. */
async function anchorSpread(page: Page, canvas: Locator): Promise<{ x: number; y: number }> {
  const box = (await canvas.boundingBox())!;
  const labels = await readLabels(page);
  const xs = labels.map((l) => l.ax);
  const ys = labels.map((l) => l.ay);
  return { x: (Math.max(...xs) - Math.min(...xs)) / box.width, y: (Math.max(...ys) - Math.min(...ys)) / box.height };
}

describe.runIf(haveChromium())('the Patterns map, readable', () => {
  let app: BrowserApp;
  let page: Page;
  const seeded: { map?: Seeded } = {};

  beforeAll(async () => {
    app = await openBrowserApp({
      configure: (opts) => {
        seeded.map = seedPatternMap(opts.db, opts.model!);
      },
    });
    page = app.page;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('fits the bulk, names patterns at their centres, explains its colours, opens a pattern beside it and follows it in the list', async () => {
    const { ids, sizes, variants, variantSizes } = seeded.map!;
    const nameOf = new Map(ids.map((id, t) => [id, NAMES[t]]));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(app.server.url);
    await page.getByRole('button', { name: 'Patterns', exact: true }).click();
    const canvas = page.getByTestId('cluster-map');
    await expect.poll(() => canvas.getAttribute('data-drawn'), { timeout: 30_000 }).toBe(String(N));
    expect(await canvas.getAttribute('data-view')).toBe('bulk');
    expect(await page.getByTestId('side-panel').textContent()).toMatch(/Choose a pattern/);

    // Labels: several, each a pattern's name (shortened at most), inside the map, none overlapping another.
    await expect.poll(() => page.getByTestId('map-label').count()).toBeGreaterThanOrEqual(8);
    const mapBox = (await canvas.boundingBox())!;
    const labels = await readLabels(page);
    for (const l of labels) {
      expect(nameOf.get(l.cluster)!.startsWith(l.text.replace(/…$/, ''))).toBe(true);
      expect(inside(l.box, mapBox)).toBe(true);
    }
    for (const a of labels)
      for (const b of labels)
        if (a !== b) expect(a.box.x + a.box.width <= b.box.x || b.box.x + b.box.width <= a.box.x || a.box.y + a.box.height <= b.box.y || b.box.y + b.box.height <= a.box.y).toBe(true);
    // The largest pattern is always named.
    expect(labels.map((l) => l.cluster)).toContain(ids[0]);

    // Fitted to the bulk: the patterns' centres spread over most of the canvas, though outliers lie ten times farther out.
    const fitted = await anchorSpread(page, canvas);
    expect(Math.max(fitted.x, fitted.y)).toBeGreaterThan(0.6);
    await app.shot('map-1-fitted');
    // Show all reaches the outliers: the bulk shrinks to a small part of the canvas; Fit brings it back.
    await page.getByTestId('map-show-all').click();
    await expect.poll(() => canvas.getAttribute('data-view')).toBe('all');
    await expect.poll(async () => Math.max(...Object.values(await anchorSpread(page, canvas)))).toBeLessThan(0.25);
    await app.shot('map-2-show-all');
    await page.getByTestId('map-fit').click();
    await expect.poll(async () => Math.max(...Object.values(await anchorSpread(page, canvas)))).toBeGreaterThan(0.6);

    // The legend, colouring by pattern: the largest patterns by name, and the points in none.
    const legend = page.getByTestId('map-legend');
    expect(await legend.getAttribute('data-by')).toBe('cluster');
    const legendNames = await legend.getByTestId('legend-item').allTextContents();
    expect(legendNames.map((t) => t.trim())).toEqual(NAMES.slice(0, legendNames.length));
    expect(legendNames.length).toBeGreaterThanOrEqual(4);
    expect(await legend.textContent()).toContain(`${NAMES.length - legendNames.length} more patterns`);
    expect(await legend.getByTestId('legend-noise').textContent()).toContain(String(OUTLIERS + NOISE));
    // Colouring by kind: the four kinds with their counts.
    await page.getByLabel('Colour by').selectOption('kind');
    await expect.poll(() => legend.getAttribute('data-by')).toBe('kind');
    const kinds = await legend.getByTestId('legend-item').allTextContents();
    expect(kinds.map((k) => k.trim().split(' ')[0])).toEqual([...MOMENT_KINDS]);
    expect(kinds.reduce((n, k) => n + Number(k.trim().split(' ').at(-1)!.replace(/,/g, '')), 0)).toBe(N);
    await app.shot('map-3-by-kind');
    await page.getByLabel('Colour by').selectOption('cluster');
    await expect.poll(() => legend.getAttribute('data-by')).toBe('cluster');

    // Hover a named pattern's centre: the tip names its pattern and the variant the point belongs to.
    const small = labels.map((l) => ids.indexOf(l.cluster)).sort((a, b) => b - a)[0];
    const target = labels.find((l) => l.cluster === ids[small])!;
    await page.mouse.move(mapBox.x + target.ax, mapBox.y + target.ay);
    await expect.poll(async () => (await readTip(page))?.cluster).toBe(ids[small]);
    const tip = page.getByTestId('map-tip');
    expect(await tip.getByTestId('tip-pattern').textContent()).toContain(`Pattern: ${NAMES[small]} · variant: `);
    expect(variants[small]).toContain(await tip.getAttribute('data-variant'));
    // Click it: the pattern opens in the side panel, and the list scrolls to its row (far down by size).
    await clickPoint(page, canvas, (await readTip(page))!);
    const detail = page.getByTestId('cluster-detail');
    await expect.poll(() => detail.locator('h3').textContent().catch(() => null), { timeout: 15_000 }).toBe(NAMES[small]);
    expect(await detail.textContent()).toContain(`${sizes[small]} times`);
    const list = page.getByTestId('cluster-list');
    const row = list.locator('.cluster-item[aria-pressed=true]');
    expect(await row.locator('.title').textContent()).toBe(NAMES[small]);
    expect(await list.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    expect(inside((await row.boundingBox())!, (await list.boundingBox())!)).toBe(true);
    // Its variants show in the detail, open.
    const shownVariants = await detail.getByTestId('pattern-variants').locator('li').allTextContents();
    expect(shownVariants.length).toBe(variants[small].length);
    for (const v of variants[small]) expect(shownVariants.some((s) => s.includes(v))).toBe(true);
    expect(await detail.getByTestId('pattern-variants').locator('li').first().isVisible()).toBe(true);
    // The map highlights the pattern's points; pointing at a variant in the detail highlights just its own.
    await expect.poll(() => canvas.getAttribute('data-highlighted')).toBe(String(sizes[small]));
    const lastVariant = detail.getByTestId('variant').last();
    await lastVariant.hover();
    await expect.poll(() => canvas.getAttribute('data-highlighted')).toBe(String(variantSizes[small].at(-1)));
    expect(variantSizes[small].at(-1)).toBeLessThan(sizes[small]);
    await app.shot('map-4a-variant-pointed');
    await page.mouse.move(5, 5);
    await expect.poll(() => canvas.getAttribute('data-highlighted')).toBe(String(sizes[small]));
    // Beside the map, in view without scrolling the page.
    const inView = async (width: number, height: number) => {
      const panel = (await page.getByTestId('side-panel').boundingBox())!;
      const map = (await canvas.boundingBox())!;
      const title = (await detail.locator('h3').boundingBox())!;
      expect(panel.x).toBeGreaterThanOrEqual(map.x + map.width);
      expect(panel.x + panel.width).toBeLessThanOrEqual(width);
      expect(title.y).toBeGreaterThanOrEqual(0);
      expect(title.y + title.height).toBeLessThanOrEqual(height);
      expect(panel.y).toBeLessThan(map.y + map.height / 2);
    };
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await inView(1440, 900);
    await app.shot('map-4-chosen-1440');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.shot('map-5-chosen-1440-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // A legend entry chooses its pattern too, and the list follows back up.
    await legend.getByTestId('legend-item').nth(1).getByRole('button').click();
    await expect.poll(() => detail.locator('h3').textContent()).toBe(NAMES[1]);
    await expect.poll(() => row.locator('.title').textContent()).toBe(NAMES[1]);
    expect(inside((await row.boundingBox())!, (await list.boundingBox())!)).toBe(true);

    // 1024×700: the map still fits its bulk, and the panel is beside it and in view.
    await page.setViewportSize({ width: 1024, height: 700 });
    await expect.poll(async () => Math.max(...Object.values(await anchorSpread(page, canvas)))).toBeGreaterThan(0.5);
    await inView(1024, 700);
    // Scrolled down to the list, the panel stays in view.
    await list.scrollIntoViewIfNeeded();
    await list.getByTestId('cluster-item').nth(2).click();
    await expect.poll(() => detail.locator('h3').textContent()).toBe(NAMES[2]);
    const title = (await detail.locator('h3').boundingBox())!;
    expect(title.y).toBeGreaterThanOrEqual(0);
    expect(title.y + title.height).toBeLessThanOrEqual(700);
    await page.evaluate(() => window.scrollTo(0, 0));
    await app.shot('map-6-chosen-1024');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.shot('map-7-chosen-1024-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    expect(app.pageErrors.join('\n')).toBe('');
  }, 120_000);
});
