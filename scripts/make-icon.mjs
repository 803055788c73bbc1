// Renders build/icon.svg to build/icon.png (512x512), the app icon electron-builder turns into each
// platform's format (.icns, .ico, the Linux icon set). Run it after editing the SVG:
//   node scripts/make-icon.mjs
// It uses the Chromium that the end-to-end tests use (Debian's /usr/bin/chromium by default).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = await readFile(path.join(root, 'build', 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 512, height: 512 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  await writeFile(path.join(root, 'build', 'icon.png'), png);
  console.log(`build/icon.png: ${png.length} bytes`);
} finally {
  await browser.close();
}
