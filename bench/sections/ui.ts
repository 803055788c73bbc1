// The UI with 100k moments: the Patterns map, its hover and click, a 10k-member cluster and the
// session list, in Debian's Chromium through playwright-core, in browser mode (the real renderer
// build and server). Two stores, seeded already analysed (seed-store: moments, clusters, map points,
// no vectors): 100k moments and, as the baseline measured in the same run on the same page, 1k.
// Times are taken inside the page (performance.now(), event time stamps, requestAnimationFrame),
// so the driver's own latency does not count. WebGL runs on SwiftShader (software): frame
// figures are a lower bound for a real GPU.
// Run alone: `node --import tsx bench/sections/ui.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { createApiHandlers, type ApiService } from '../../electron/engine/api/handlers.js';
import { startServer, type RunningServer } from '../../electron/engine/server/server.js';
import { openStore } from '../../electron/engine/store/db.js';
import { openBrowserApp, TEST_MODEL, type BrowserApp } from '../../test/helpers/browser.js';
import { sweepMap, type MapTip } from '../../test/helpers/map-sweep.js';
import { MODELS_DIR } from '../../test/helpers/samples.js';
import { seedMappedStore, type SeededMap } from '../../test/helpers/seed-store.js';
import type { Section } from '../run.js';

const BIG = Number(process.env.BENCH_UI_POINTS ?? 100_000);
const SMALL = Number(process.env.BENCH_UI_BASELINE ?? 1000);
const REPEATS = 3;
const HOVERS = 8;

/*
 * In-page probes, installed before the app loads: long tasks (main-thread blocks over 50 ms), the
 * time stamp of the last input event of each type, rAF frame recording, and `arm(what, arg)`, which
 * resolves with the performance.now() at which a DOM condition first holds (checked on every DOM
 * mutation, so it is not rounded to a frame).
 */
const PROBES = `
(() => {
  const b = (window.__bench = { longTasks: [], input: {}, frames: null, armed: null });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  for (const type of ['mousemove', 'click', 'wheel']) window.addEventListener(type, (e) => { b.input[type] = e.timeStamp; }, { capture: true, passive: true });
  b.startFrames = () => {
    const ts = [];
    b.frames = ts;
    const tick = (t) => { if (b.frames !== ts) return; ts.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  };
  b.stopFrames = () => {
    const ts = b.frames || [];
    b.frames = null;
    return ts.slice(1).map((t, i) => t - ts[i]);
  };
  const tests = {
    drawn: (n) => document.querySelector('[data-testid=cluster-map]')?.getAttribute('data-drawn') === String(n),
    tipNear: ([x, y]) => {
      const el = document.querySelector('[data-testid=map-tip]');
      return !!el && Math.abs(Number(el.getAttribute('data-x')) - x) < 3 && Math.abs(Number(el.getAttribute('data-y')) - y) < 3;
    },
    detail: (label) => document.querySelector('[data-testid=cluster-detail] h3')?.textContent === label,
    detailOtherThan: (label) => {
      const shown = document.querySelector('[data-testid=cluster-detail] h3')?.textContent;
      return shown !== undefined && shown !== label;
    },
    sessions: () => !!document.querySelector('[data-testid=session-list] [role=option]'),
  };
  b.arm = (what, arg) => {
    b.armed = new Promise((resolve) => {
      const check = () => {
        let ok = false;
        try { ok = tests[what](arg); } catch {}
        if (!ok) return false;
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.now());
        return true;
      };
      const observer = new MutationObserver(check);
      const timer = setTimeout(() => { observer.disconnect(); resolve(NaN); }, 15000);
      if (!check()) observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  };
  b.blocks = (from, to) => {
    const inside = b.longTasks.filter(([s, d]) => s + d >= from && s <= to);
    return { longest: Math.max(0, ...inside.map(([, d]) => d)), total: inside.reduce((a, [, d]) => a + d, 0) };
  };
})();
`;

type Blocks = { longest: number; total: number };

interface Probe {
  arm(what: string, arg?: unknown): void;
  armed: Promise<number>;
  input: Record<string, number>;
  startFrames(): void;
  stopFrames(): number[];
  blocks(from: number, to: number): Blocks;
}
declare global {
  interface Window {
    __bench: Probe;
  }
}

const started = performance.now();
/** Progress on stderr, so a slow step shows where it is. */
const log = (what: string) => process.stderr.write(`[ui ${((performance.now() - started) / 1000).toFixed(1)} s] ${what}\n`);

const median = (xs: number[]): number => quantile(xs, 0.5);
const valid = (xs: number[]): number => xs.filter((x) => Number.isFinite(x) && x >= 0).length;
function quantile(xs: number[], q: number): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  over50: number;
  max: number;
}
function frameStats(intervals: number[]): FrameStats {
  return {
    frames: intervals.length,
    p50: quantile(intervals, 0.5),
    p95: quantile(intervals, 0.95),
    over50: intervals.filter((d) => d > 50).length / Math.max(1, intervals.length),
    max: Math.max(0, ...intervals),
  };
}

/** A store served by the same renderer build: the big one is the app's own, the baseline gets a second server. */
interface Served {
  n: number;
  url: string;
  seeded: SeededMap;
  /** Server-side time per API method, ms (every call, in order). */
  apiMs: Map<string, number[]>;
  label: (clusterId: number) => string;
}

/**
 * Times every call the server answers. `skipTrends()` true answers `trends` with an empty report
 * instead: a diagnostic run showing what opening Patterns costs without it (its badges only).
 */
function timeCalls(service: ApiService, apiMs: Map<string, number[]>, skipTrends: () => boolean = () => false): void {
  const call = service.call.bind(service);
  service.call = async (method, raw) => {
    if (method === 'trends' && skipTrends()) return { from: null, to: new Date().toISOString(), sessions: 0, undated: 0, clusters: [] };
    const t = performance.now();
    try {
      return await call(method, raw);
    } finally {
      apiMs.set(method, [...(apiMs.get(method) ?? []), performance.now() - t]);
    }
  };
}

function served(n: number, url: string, seeded: SeededMap, apiMs: Map<string, number[]>): Served {
  const topicOf = new Map(seeded.clusterIds.map((id, t) => [id, t]));
  return { n, url, seeded, apiMs, label: (id) => `topic${topicOf.get(id)} · word${topicOf.get(id)}a · word${topicOf.get(id)}b` };
}

const tab = (page: Page, name: string) =>
  page.evaluate((name) => {
    const button = [...document.querySelectorAll('nav button')].find((b) => b.textContent === name) as HTMLButtonElement;
    const t0 = performance.now();
    button.click();
    return t0;
  }, name);

/** Opens Patterns from another screen until the map has drawn every point: ms, and the main-thread blocks meanwhile. */
async function openPatterns(page: Page, n: number): Promise<{ ms: number; blocks: Blocks; listMs: number }> {
  await tab(page, 'Outbox');
  await page.getByTestId('outbox').waitFor();
  await page.evaluate((n) => window.__bench.arm('drawn', n), n);
  const t0 = await tab(page, 'Patterns');
  const drawnAt = await page.evaluate(() => window.__bench.armed);
  const listAt = await page.evaluate(() => {
    const first = document.querySelector('[data-testid=cluster-item]');
    return first ? performance.now() : NaN;
  });
  const blocks = await page.evaluate(([a, b]) => window.__bench.blocks(a, b), [t0, drawnAt]);
  return { ms: drawnAt - t0, blocks, listMs: listAt - t0 };
}

/** mapPoints fetched by the page itself: bytes, time to the whole body, time to decode the JSON. */
async function fetchMapPoints(page: Page): Promise<{ bytes: number; fetchMs: number; parseMs: number }> {
  return page.evaluate(async () => {
    const t0 = performance.now();
    const res = await fetch('/api/mapPoints', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', credentials: 'same-origin' });
    const text = await res.text();
    const t1 = performance.now();
    JSON.parse(text);
    return { bytes: new TextEncoder().encode(text).length, fetchMs: t1 - t0, parseMs: performance.now() - t1 };
  });
}

async function canvasBox(page: Page) {
  const box = await page.getByTestId('cluster-map').boundingBox();
  if (!box) throw new Error('no map');
  return box;
}

/** Moves the pointer onto a found point (from where the canvas is now); resolves with the page time its tip showed. */
async function pointAt(page: Page, t: MapTip): Promise<number> {
  const box = await canvasBox(page);
  await page.evaluate(([x, y]) => window.__bench.arm('tipNear', [x, y]), [t.x, t.y]);
  await page.mouse.move(box.x + t.x, box.y + t.y);
  return page.evaluate(() => window.__bench.armed);
}

/** Pointer moves onto found points, one after another: ms from the move event to that point's tip. */
async function hoverLatencies(page: Page, targets: MapTip[]): Promise<{ ms: number[]; blocks: Blocks[] }> {
  const ms: number[] = [];
  const blocks: Blocks[] = [];
  for (const t of targets) {
    const shown = await pointAt(page, t);
    const moved = await page.evaluate(() => window.__bench.input.mousemove);
    ms.push(shown - moved);
    blocks.push(await page.evaluate(([a, b]) => window.__bench.blocks(a, b), [moved, shown]));
  }
  return { ms, blocks };
}

/**
 * Clicks on found points of different clusters: ms from the click event to another cluster's detail
 * (where points crowd, the click may pick a neighbour of the found point, of another cluster: any
 * new detail counts).
 */
async function clickLatencies(page: Page, targets: MapTip[]): Promise<{ ms: number[]; blocks: Blocks[] }> {
  const ms: number[] = [];
  const blocks: Blocks[] = [];
  for (const t of targets) {
    // Onto the point first, until its tip shows, as a person would: the map's camera pans by the pointer's
    // movement since its last frame while the button is down, so a jump and a click within one slow frame pans.
    await pointAt(page, t);
    const open = await page.evaluate(() => document.querySelector('[data-testid=cluster-detail] h3')?.textContent ?? null);
    await page.evaluate((l) => window.__bench.arm('detailOtherThan', l), open);
    await page.mouse.down();
    await page.mouse.up();
    const shown = await page.evaluate(() => window.__bench.armed);
    const clicked = await page.evaluate(() => window.__bench.input.click);
    ms.push(shown - clicked);
    // The redraw that highlights the cluster may end after the detail shows: give it a moment to be counted.
    await page.waitForTimeout(300);
    blocks.push(await page.evaluate(([a, b]) => window.__bench.blocks(a, b + 300), [clicked, shown]));
  }
  return { ms, blocks };
}

/** Frame intervals while idle for `ms`. */
async function idleFrames(page: Page, ms: number): Promise<number[]> {
  await page.evaluate(() => window.__bench.startFrames());
  await page.waitForTimeout(ms);
  return page.evaluate(() => window.__bench.stopFrames());
}

/**
 * A scripted pan and zoom, with input paced like a person's (a move every 16 ms): a drag across a
 * third of the map and back, then 12 wheel steps in and 12 out over its centre.
 */
async function panZoomFrames(page: Page): Promise<{ intervals: number[]; blocks: Blocks }> {
  const box = await canvasBox(page);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.waitForTimeout(200);
  const t0 = await page.evaluate(() => {
    window.__bench.startFrames();
    return performance.now();
  });
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) {
    await page.mouse.move(cx + (i * box.width) / 120, cy + (i * box.height) / 240);
    await page.waitForTimeout(16);
  }
  for (let i = 39; i >= 0; i--) {
    await page.mouse.move(cx + (i * box.width) / 120, cy + (i * box.height) / 240);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  for (const dy of [...Array(12).fill(-100), ...Array(12).fill(100)]) {
    await page.mouse.wheel(0, dy);
    await page.waitForTimeout(33);
  }
  await page.waitForTimeout(200);
  const intervals = await page.evaluate(() => window.__bench.stopFrames());
  const blocks = await page.evaluate((a) => window.__bench.blocks(a, performance.now()), t0);
  return { intervals, blocks };
}

/** Opens a cluster from the list (button `index`, or the last): ms to its detail, members listed, blocks. */
async function openFromList(page: Page, index: number): Promise<{ ms: number; members: number; label: string; blocks: Blocks }> {
  const item = index >= 0 ? page.getByTestId('cluster-item').nth(index) : page.getByTestId('cluster-item').last();
  const label = (await item.locator('.title').textContent())!;
  await page.evaluate((l) => window.__bench.arm('detail', l), label);
  const t0 = await item.evaluate((el: HTMLElement) => {
    const t = performance.now();
    el.click();
    return t;
  });
  const shown = await page.evaluate(() => window.__bench.armed);
  await page.waitForTimeout(300);
  const blocks = await page.evaluate(([a, b]) => window.__bench.blocks(a, b + 300), [t0, shown]);
  const members = await page.getByTestId('cluster-detail').locator('.members li').count();
  return { ms: shown - t0, members, label, blocks };
}

/** Opens Sessions until the first row shows; then wheel-scrolls the list: frames, rows in the DOM, how far it went. */
async function sessionList(page: Page): Promise<{ openMs: number; intervals: number[]; rows: number; scrolled: number }> {
  await tab(page, 'Outbox');
  await page.getByTestId('outbox').waitFor();
  await page.evaluate(() => window.__bench.arm('sessions'));
  const t0 = await tab(page, 'Sessions');
  const shown = await page.evaluate(() => window.__bench.armed);
  const list = page.getByTestId('session-list');
  const box = (await list.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(() => window.__bench.startFrames());
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(200);
  const intervals = await page.evaluate(() => window.__bench.stopFrames());
  const rows = await list.getByRole('option').count();
  const scrolled = await list.evaluate((el) => el.scrollTop);
  return { openMs: shown - t0, intervals, rows, scrolled };
}

interface Measures {
  n: number;
  seeded: SeededMap;
  open: Awaited<ReturnType<typeof openPatterns>>[];
  fetch: Awaited<ReturnType<typeof fetchMapPoints>>[];
  hover: Awaited<ReturnType<typeof hoverLatencies>>;
  click: Awaited<ReturnType<typeof clickLatencies>>;
  idle: number[];
  panZoom: Awaited<ReturnType<typeof panZoomFrames>>;
  biggest: Awaited<ReturnType<typeof openFromList>>[];
  smallest: Awaited<ReturnType<typeof openFromList>>[];
  sessions: Awaited<ReturnType<typeof sessionList>>;
  clusterBytes: { biggest: number; smallest: number };
}

async function measure(app: BrowserApp, s: Served, outDir: string): Promise<Measures> {
  const { page } = app;
  await page.goto(s.url);
  await page.getByRole('button', { name: 'Outbox', exact: true }).waitFor();
  log(`${s.n}: open Patterns`);
  const open = [];
  for (let r = 0; r < REPEATS; r++) open.push(await openPatterns(page, s.n));
  log(`${s.n}: fetch mapPoints`);
  const fetched = [];
  for (let r = 0; r < REPEATS; r++) fetched.push(await fetchMapPoints(page));
  log(`${s.n}: sweep`);
  const canvas = page.getByTestId('cluster-map');
  // Points of distinct clusters to hover and click (enough of them; noise is hovered too but never clicked).
  const found = await sweepMap(page, canvas, (f) => new Set(f.filter((t) => t.cluster >= 0).map((t) => t.cluster)).size >= HOVERS);
  const targets: MapTip[] = [];
  for (const t of found) if (t.cluster >= 0 && !targets.some((u) => u.cluster === t.cluster)) targets.push(t);
  log(`${s.n}: hover ${targets.length} of the ${found.length} points found`);
  const hover = await hoverLatencies(page, targets.slice(0, HOVERS));
  log(`${s.n}: hover ms ${JSON.stringify(hover.ms.map(Math.round))}; click`);
  const click = await clickLatencies(page, targets.slice(0, HOVERS));
  log(`${s.n}: click ms ${JSON.stringify(click.ms.map(Math.round))}; frames`);
  await page.screenshot({ path: path.join(outDir, `ui-${s.n}-patterns.png`) });
  const idle = await idleFrames(page, 2000);
  const panZoom = await panZoomFrames(page);
  await page.screenshot({ path: path.join(outDir, `ui-${s.n}-panned.png`) });
  // The list is sorted by size: the first cluster is the biggest, the last the smallest.
  log(`${s.n}: clusters from the list`);
  const biggest = [];
  const smallest = [];
  for (let r = 0; r < REPEATS; r++) {
    biggest.push(await openFromList(page, 0));
    smallest.push(await openFromList(page, -1));
  }
  const bytesOf = (id: number) =>
    page.evaluate(async (id) => {
      const res = await fetch('/api/getCluster', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id }), credentials: 'same-origin' });
      return (await res.arrayBuffer()).byteLength;
    }, id);
  const bigId = s.seeded.clusterIds[0];
  const smallLabel = smallest[0].label;
  const smallId = s.seeded.clusterIds.find((id) => s.label(id) === smallLabel) ?? bigId;
  const clusterBytes = { biggest: await bytesOf(bigId), smallest: await bytesOf(smallId) };
  log(`${s.n}: sessions`);
  const sessions = await sessionList(page);
  return { n: s.n, seeded: s.seeded, open, fetch: fetched, hover, click, idle, panZoom, biggest, smallest, sessions, clusterBytes };
}

export async function uiSection(outDir: string): Promise<Section> {
  const bigMs = new Map<string, number[]>();
  const seeds: { big?: SeededMap } = {};
  const app = await openBrowserApp({
    configure: (opts) => {
      seeds.big = seedMappedStore(opts.db, BIG, { model: opts.model });
    },
  });
  let skipTrends = false;
  timeCalls(app.service, bigMs, () => skipTrends);
  const smallDir = mkdtempSync(path.join(os.tmpdir(), 'reverie-bench-ui-'));
  const smallDb = openStore(smallDir);
  const smallSeed = seedMappedStore(smallDb, SMALL, { model: TEST_MODEL });
  const smallService = createApiHandlers({ db: smallDb, dataDir: smallDir, model: TEST_MODEL, modelsDir: MODELS_DIR });
  const smallMs = new Map<string, number[]>();
  timeCalls(smallService, smallMs);
  let smallServer: RunningServer | null = null;
  try {
    smallServer = await startServer({ token: `bench-${Math.random().toString(36).slice(2, 10)}`, service: smallService, staticDir: app.staticDir });
    await app.page.addInitScript(PROBES);
    const small = await measure(app, served(SMALL, smallServer.url, smallSeed, smallMs), outDir);
    const big = await measure(app, served(BIG, app.server.url, seeds.big!, bigMs), outDir);
    log(`${BIG}: open Patterns without the trends report`);
    skipTrends = true;
    const withoutTrends = [];
    for (let r = 0; r < REPEATS; r++) withoutTrends.push(await openPatterns(app.page, BIG));
    skipTrends = false;
    if (app.pageErrors.length) throw new Error(`the page reported errors:\n${app.pageErrors.join('\n')}`);
    return report(small, big, smallMs, bigMs, median(withoutTrends.map((o) => o.ms)));
  } finally {
    await smallServer?.close();
    await smallService.close();
    smallDb.close();
    rmSync(smallDir, { recursive: true, force: true });
    await app.close();
  }
}

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

function report(small: Measures, big: Measures, smallMs: Map<string, number[]>, bigMs: Map<string, number[]>, openNoTrendsMs: number): Section {
  const k = (m: Measures) => `${(m.n / 1000).toLocaleString('en')}k`;
  const openMs = (m: Measures) => median(m.open.map((o) => o.ms));
  const listMs = (m: Measures) => median(m.open.map((o) => o.listMs));
  const openBlock = (m: Measures) => median(m.open.map((o) => o.blocks.longest));
  const fetchMs = (m: Measures) => median(m.fetch.map((f) => f.fetchMs));
  const parseMs = (m: Measures) => median(m.fetch.map((f) => f.parseMs));
  const serverMs = (ms: Map<string, number[]>, method: string) => median(ms.get(method) ?? []);
  const hover = (m: Measures) => median(m.hover.ms);
  const click = (m: Measures) => median(m.click.ms);
  const clickBlock = (m: Measures) => median(m.click.blocks.map((b) => b.longest));
  const big1 = (m: Measures) => median(m.biggest.map((o) => o.ms));
  const small1 = (m: Measures) => median(m.smallest.map((o) => o.ms));
  const idle = frameStats(big.idle);
  const pan = frameStats(big.panZoom.intervals);
  const panSmall = frameStats(small.panZoom.intervals);
  const scroll = frameStats(big.sessions.intervals);
  const sessionsBig = Math.ceil(big.n / 8);
  const sessionsSmall = Math.ceil(small.n / 8);
  const figures: Record<string, number> = {
    openPatternsMs: openMs(big),
    openPatternsRatio: openMs(big) / openMs(small),
    openLongestBlockMs: openBlock(big),
    openWithoutTrendsMs: openNoTrendsMs,
    openWithoutTrendsRatio: openNoTrendsMs / openMs(small),
    mapPointsBytes: big.fetch[0].bytes,
    mapPointsBytesRatio: big.fetch[0].bytes / small.fetch[0].bytes,
    mapPointsFetchMs: fetchMs(big),
    mapPointsFetchRatio: fetchMs(big) / fetchMs(small),
    mapPointsParseMs: parseMs(big),
    panZoomP50Ms: pan.p50,
    panZoomP95Ms: pan.p95,
    panZoomP50ToIdle: pan.p50 / idle.p50,
    panZoomP95ToIdle: pan.p95 / idle.p50,
    panZoomOver50Share: pan.over50,
    hoverMs: hover(big),
    hoverRatio: hover(big) / hover(small),
    clickToDetailMs: click(big),
    clickToDetailRatio: click(big) / click(small),
    clickLongestBlockMs: clickBlock(big),
    bigClusterOpenMs: big1(big),
    bigClusterToSmallRatio: big1(big) / small1(big),
    bigClusterMembersShown: big.biggest[0].members,
    bigClusterBytes: big.clusterBytes.biggest,
    sessionsOpenRatio: big.sessions.openMs / small.sessions.openMs,
    sessionScrollP95ToIdle: scroll.p95 / idle.p50,
    sessionRowsInDom: big.sessions.rows,
  };
  const row = (name: string, s: FrameStats) =>
    `| ${name} | ${s.frames} | ${f1(s.p50)} | ${f1(s.p95)} | ${pct(s.over50)} | ${f0(s.max)} | ${f2(s.p50 / idle.p50)} | ${f2(s.p95 / idle.p50)} |`;
  const body = [
    `Two stores seeded as if analysed (moments, ${big.seeded.clusterIds.length} clusters with one of ${big.seeded.bigClusterSize.toLocaleString('en')} members, map points; no vectors):`,
    `${big.n.toLocaleString('en')} moments in ${sessionsBig.toLocaleString('en')} sessions, and the baseline, ${small.n.toLocaleString('en')} moments, measured in the same run on the same page.`,
    'Browser mode (the production renderer build and server) in Debian\'s Chromium, headless, 1280×900. **WebGL runs on SwiftShader,',
    'software rendering on the CPU**: frame figures are a lower bound for a machine with a GPU. Times are taken inside the page',
    '(event time stamps to the DOM change, by a MutationObserver), medians of ' +
      `${REPEATS} openings and of the hovers and clicks on up to ${HOVERS} points of different clusters (${k(small)}: ${valid(small.hover.ms)} hovers, ${valid(small.click.ms)} clicks;`,
    `${k(big)}: ${valid(big.hover.ms)} and ${valid(big.click.ms)}); "longest block" is the longest`,
    'main-thread long task (PerformanceObserver) in that window.',
    '',
    `| measure | ${k(small)} (baseline) | ${k(big)} | ratio |`,
    '|---|---|---|---|',
    `| open Patterns → map drawn with every point | ${f0(openMs(small))} ms | ${f0(openMs(big))} ms | **${f1(openMs(big) / openMs(small))}** |`,
    `| … cluster list shown by then | ${f0(listMs(small))} ms | ${f0(listMs(big))} ms | ${f1(listMs(big) / listMs(small))} |`,
    `| … the same with the trends report answered empty (diagnostic) | | ${f0(openNoTrendsMs)} ms | ${f1(openNoTrendsMs / openMs(small))} |`,
    `| … longest main-thread block while opening | ${f0(openBlock(small))} ms | ${f0(openBlock(big))} ms | ${f1(openBlock(big) / Math.max(1, openBlock(small)))} |`,
    `| mapPoints response size | ${mb(small.fetch[0].bytes)} | ${mb(big.fetch[0].bytes)} | ${f0(big.fetch[0].bytes / small.fetch[0].bytes)} |`,
    `| mapPoints fetched by the page (server + transfer) | ${f0(fetchMs(small))} ms | ${f0(fetchMs(big))} ms | **${f1(fetchMs(big) / fetchMs(small))}** |`,
    `| … of which on the server (query, contract check) | ${f0(serverMs(smallMs, 'mapPoints'))} ms | ${f0(serverMs(bigMs, 'mapPoints'))} ms | ${f1(serverMs(bigMs, 'mapPoints') / serverMs(smallMs, 'mapPoints'))} |`,
    `| … JSON.parse in the page | ${f1(parseMs(small))} ms | ${f0(parseMs(big))} ms | ${f0(parseMs(big) / parseMs(small))} |`,
    `| other calls on opening, server: listClusters / trends | ${f0(serverMs(smallMs, 'listClusters'))} / ${f0(serverMs(smallMs, 'trends'))} ms | ${f0(serverMs(bigMs, 'listClusters'))} / ${f0(serverMs(bigMs, 'trends'))} ms | ${f1(serverMs(bigMs, 'trends') / serverMs(smallMs, 'trends'))} (trends) |`,
    `| hover: pointer move → the point's words shown | ${f0(hover(small))} ms | ${f0(hover(big))} ms | **${f2(hover(big) / hover(small))}** |`,
    `| click a point → its cluster's detail shown | ${f0(click(small))} ms | ${f0(click(big))} ms | **${f2(click(big) / click(small))}** |`,
    `| … longest main-thread block after the click | ${f0(clickBlock(small))} ms | ${f0(clickBlock(big))} ms | |`,
    `| open Sessions → first row (${sessionsSmall.toLocaleString('en')} vs ${sessionsBig.toLocaleString('en')} sessions) | ${f0(small.sessions.openMs)} ms | ${f0(big.sessions.openMs)} ms | ${f1(big.sessions.openMs / small.sessions.openMs)} |`,
    '',
    `The server answers one call at a time, and at ${k(big)} the trends report behind the list's badges takes ${f0(serverMs(bigMs, 'trends'))} ms of it`,
    `(median): the map's points wait behind it, as the diagnostic row shows.`,
    '',
    `Frames at ${k(big)} (requestAnimationFrame intervals in ms; the baseline is the idle page, p50 ${f1(idle.p50)} ms):`,
    '',
    '| while | frames | p50 | p95 | > 50 ms | max | p50 / idle | p95 / idle |',
    '|---|---|---|---|---|---|---|---|',
    row('idle (baseline)', idle),
    row(`pan (drag) and zoom (wheel), ${k(small)} points`, panSmall),
    row(`pan (drag) and zoom (wheel), ${k(big)} points`, pan),
    row(`wheel-scrolling the session list (${sessionsBig.toLocaleString('en')} sessions)`, scroll),
    '',
    `A cluster of ${big.seeded.bigClusterSize.toLocaleString('en')} members opens in ${f0(big1(big))} ms against ${f0(small1(big))} ms for the smallest cluster of the same store`,
    `(**${f2(big1(big) / small1(big))}**): its detail (${mb(big.clusterBytes.biggest)}, against ${mb(big.clusterBytes.smallest)}) carries the 200 most representative members,`,
    `and the page lists ${big.biggest[0].members}. The session list is virtualised: ${big.sessions.rows} rows in the DOM after scrolling ${f0(big.sessions.scrolled)} px`,
    `through ${sessionsBig.toLocaleString('en')} sessions.`,
  ].join('\n');
  return { title: `UI at ${k(big)} moments: Patterns map, cluster detail, session list`, body, figures };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out');
  const section = await uiSection(out);
  console.log(section.body);
  console.log(JSON.stringify(section.figures, null, 2));
}
