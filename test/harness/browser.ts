// Headless Debian chromium driven by playwright-core (which cannot download a browser here).
// Used to open the code-server workbench for extension-host tests, UI tests and screenshots.
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumExecutable } from './toolPaths';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox', // running as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface OpenBrowser {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1400, height: 900 }): Promise<OpenBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: CHROMIUM_FLAGS,
    timeout: 60_000,
  });
  try {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    let closed = false;
    return {
      browser,
      page,
      async close() {
        if (closed) return;
        closed = true;
        await browser.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}
