import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = process.env.GRIDWORK_CHROMIUM ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or null. Printed when they skip. */
export function browserMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const reason = `no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium fonts-noto-cjk)`;
  console.warn(`skipping browser tests: ${reason}`);
  return reason;
}

/** Screenshots and other artefacts a person looks at after a run; CI keeps the folder. */
export const artifactsDir = path.resolve(import.meta.dirname, '../../test-artifacts');

/** Builds the web app the server serves; the global setup does it once per run. */
export async function buildWeb(): Promise<void> {
  await build({ configFile: path.resolve(import.meta.dirname, '../../vite.config.ts'), logLevel: 'warn' });
}

/**
 * Signs the page's browser context in (the server sets its token cookie), as the web app's sign-in
 * page would; every page of that context is then signed in.
 */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  const res = await page.request.post(`${baseUrl}/api/auth/login`, { data: { username, password } });
  if (!res.ok()) throw new Error(`sign-in as ${username} failed: ${res.status()} ${await res.text()}`);
}

/**
 * Waits until a page has drawn its first full view (`drawn`: body[data-ready] unless it says
 * otherwise) and returns its data-ready; a page that says data-ready="error" fails the test with
 * its own status line.
 */
export async function pageOpened(page: Page, name: string, drawn = 'body[data-ready]'): Promise<string> {
  await page.waitForSelector(`${drawn}, body[data-ready="error"]`, { timeout: 90_000 });
  const ready = (await page.getAttribute('body', 'data-ready')) ?? '';
  if (ready === 'error') throw new Error(`${name} failed: ${await page.textContent('#status')}`);
  return ready;
}

export interface TestBrowser {
  browser: Browser;
  /** A page that records console errors and uncaught exceptions in `errors`. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/**
 * A 390×844 phone (touch, double density, zh-CN) whose geolocation answers `at` (accuracy in
 * metres) until the test moves it with setGeolocation.
 */
export function newPhone(browser: Browser, at: { lon: number; lat: number; accuracy: number }): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation: { longitude: at.lon, latitude: at.lat, accuracy: at.accuracy },
    permissions: ['geolocation'],
  });
}

/**
 * Headless Debian Chromium with software WebGL and no network of its own. Playwright's launch()
 * gives every browser a fresh temporary profile of its own.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  mkdirSync(artifactsDir, { recursive: true });
  return {
    browser,
    async newPage() {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      return { page, errors };
    },
    close: () => browser.close(),
  };
}
