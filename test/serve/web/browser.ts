/**
 * The real browser of the browser tests: Debian's Chromium (`/usr/bin/chromium`) driven by
 * playwright-core — no browser download. In CI `.ci/run` installs Chromium in the background
 * while the suite runs and names, in `TROUPE_CHROMIUM_READY`, the file it writes once the
 * install is over: a browser test waits for that file first (a test on this machine without
 * that variable takes Chromium as installed). Screenshots go to `dist/test-output/<name>/`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** How long a test waits for CI's background install of Chromium to end. */
const INSTALL_WAIT_MS = 10 * 60_000;

async function chromiumInstalled(): Promise<void> {
  const marker = process.env.TROUPE_CHROMIUM_READY;
  const deadline = Date.now() + INSTALL_WAIT_MS;
  while (marker && !existsSync(marker)) {
    if (Date.now() > deadline) throw new Error(`Chromium's install did not end (no ${marker})`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
}

export async function launchChromium(): Promise<Browser> {
  await chromiumInstalled();
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** `dist/test-output/<name>/`, created. */
export function outputDirectory(name: string): string {
  const directory = fileURLToPath(new URL(`../../../test-output/${name}/`, import.meta.url));
  mkdirSync(directory, { recursive: true });
  return directory;
}
