// Screenshots of pages for docs/screenshots/: node scripts/screenshots.cjs BASE_URL OUT_DIR name=path ...
// Needs npm playwright-core (NODE_PATH) and Debian's chromium. Full-page PNGs, 1280 px wide.
const { chromium } = require('playwright-core');

(async () => {
const [base, out, ...shots] = process.argv.slice(2);
if (!base || !out || shots.length === 0) {
  console.error('usage: node scripts/screenshots.cjs BASE_URL OUT_DIR name=path ...');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
for (const shot of shots) {
  const [name, path] = shot.split(/=(.*)/s);
  const response = await page.goto(base + path, { waitUntil: 'networkidle' });
  if (!response || response.status() !== 200) {
    console.error(`${path}: HTTP ${response ? response.status() : 'no response'}`);
    process.exitCode = 1;
    continue;
  }
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  console.log(`${out}/${name}.png ← ${path}`);
}
await browser.close();
})();
