/** Debian's Chromium, headless, as the webview and e2e tiers launch it. */
import { chromium, type Browser } from 'playwright-core';

/**
 * The flags TESTING.md prescribes on these machines: without the
 * background-networking ones, Chromium's own connections are refused by the
 * closed network, many at a time.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Chromium. `launch` gives every browser a fresh temporary user-data-dir. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}
