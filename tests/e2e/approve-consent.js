#!/usr/bin/env node
// Plays the person at the browser: opens the authorization URL in Debian's
// Chromium (headless), saves a screenshot of the HubSpot consent page, presses
// Allow (or Deny) and waits for the page that the console's loopback listener
// returns.
//   approve-consent.js URL [--deny] [--screenshot-dir DIR]
// Exits 0 when the expected final page was reached.
'use strict';

const { chromium } = require('playwright-core');
const path = require('path');

function parseArguments(argv) {
  const options = { url: null, deny: false, screenshotDir: null };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--deny') options.deny = true;
    else if (argv[i] === '--screenshot-dir') options.screenshotDir = argv[++i];
    else options.url = argv[i];
  }
  return options;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!options.url) {
    console.error('usage: approve-consent.js URL [--deny] [--screenshot-dir DIR]');
    process.exit(2);
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
    await page.goto(options.url, { waitUntil: 'load', timeout: 20000 });
    if (options.screenshotDir)
      await page.screenshot({ path: path.join(options.screenshotDir, 'consent-page.png') });

    const button = options.deny ? '#deny' : '#allow';
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load', timeout: 20000 }),
      page.click(button),
    ]);
    const text = await page.textContent('body');
    if (options.screenshotDir)
      await page.screenshot({ path: path.join(options.screenshotDir, options.deny ? 'consent-denied.png' : 'callback-page.png') });
    console.log(text.replace(/\s+/g, ' ').trim());
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(`approve-consent: ${error.message}`);
  process.exit(1);
});
