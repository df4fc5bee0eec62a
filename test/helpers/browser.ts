// The one setup of the browser tests (and of the screenshot and bench scripts): the real server
// in-process on a fresh embedded demo database, Debian's Chromium driven by playwright-core (never
// a downloaded browser), a fresh context and page for each test, and signing in as a demo user
// through the sign-in page.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { start, type Running } from '../../server/server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Nothing listens on port 9 (discard): every tile request fails, as on a machine without internet. */
export const UNREACHABLE_TILES = 'http://127.0.0.1:9/{z}/{x}/{y}.png';

export interface DemoServer {
  url: string;
  running: Running;
  close(): Promise<void>;
}

/** The real server in-process on an empty data directory, so it loads the Tonghai demo. */
export async function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'film2131-demo-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    TILE_URL: UNREACHABLE_TILES,
    ...env,
  });
  const running = await start(config, createLogger('silent'));
  return {
    url: running.url,
    running,
    async close() {
      await running.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Chromium {
  browser: Browser;
  close(): Promise<void>;
}

/** `extraArgs`, e.g. `--lang=zh-CN` so the browser's own widgets (the month picker) speak Chinese. */
export async function launchChromium(extraArgs: string[] = []): Promise<Chromium> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps calling Google's hosts, which this
    // closed network refuses. No --user-data-dir: playwright refuses it in launch() and gives
    // every launch a fresh empty profile of its own in the temp directory, removed on close.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export const demoUsers = {
  bureau: { username: 'bureau', password: 'bureau-2131' },
  partner: { username: 'partner', password: 'partner-2131' },
  admin: { username: 'admin', password: 'admin-2131' },
  projectionist: { username: 'projectionist', password: 'projectionist-2131' },
} as const;
export type Who = keyof typeof demoUsers;

/** A bearer token for a demo user, for checking what the pages stored through the API. */
export async function demoToken(base: string, who: Who): Promise<string> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoUsers[who]),
  });
  if (!res.ok) throw new Error(`sign-in as ${who}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export type DemoApi = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<T>;

/** JSON from the API as a demo user (bearer token), for making and checking data beside the page. */
export function demoApi(base: () => string, who: Who): DemoApi {
  let token: Promise<string> | null = null;
  return async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    token ??= demoToken(base(), who);
    const res = await fetch(`${base()}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${res.status} from ${method} ${path}: ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/**
 * Signs in through the sign-in page, on to `next`, and waits for that page to mark
 * <body data-state> with `state` ("ready" once its data is drawn; the map once its points are).
 */
export async function signIn(page: Page, base: string, who: Who = 'bureau', next = '/', state = 'ready') {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#username', demoUsers[who].username);
  await page.fill('#password', demoUsers[who].password);
  // A projectionist's account has one page: the sign-in takes it there, whatever it asked for.
  const lands = who === 'projectionist' ? '/report' : new URL(next, base).pathname;
  await Promise.all([page.waitForURL((u) => u.pathname === lands), page.click('button[type=submit]')]);
  await pageReady(page, state);
}

/** Every page marks <body data-state="ready"> once its data is drawn. */
export async function pageReady(page: Page, state = 'ready') {
  await page.waitForFunction((want) => document.body.dataset.state === want, state);
}

/** The map is ready and shows this month, township or level (its #map data attributes). */
export async function mapReady(page: Page, expect: { month?: string; township?: string; level?: string } = {}) {
  await page.waitForFunction((want) => {
    const map = document.getElementById('map');
    if (document.body.dataset.state !== 'ready' || !map) return false;
    return Object.entries(want).every(([k, v]) => v === undefined || map.dataset[k] === v);
  }, expect);
}

export type Counts = Record<'covered' | 'planned' | 'overdue' | 'gap', number>;

/** The numbers the legend shows, read off the screen (its text), not off data attributes. */
export async function legendCounts(page: Page): Promise<Counts> {
  return page.$$eval('#legend li[data-status]', (items) =>
    Object.fromEntries(
      items.map((li) => [li.getAttribute('data-status'), Number(li.querySelector('.count')!.textContent!.replace(/\D/g, ''))]),
    ),
  ) as Promise<Counts>;
}

/**
 * What a canvas painted in exactly one colour (#rrggbb, opaque): how many pixels, and the longest
 * run of them in one row (a square's edge is long and straight, a ring's arc is not).
 */
export function canvasColour(page: Page, selector: string, hex: string): Promise<{ count: number; longestRun: number }> {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return page.$eval(
    selector,
    (c, [r, g, b]) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      let longestRun = 0;
      let run = 0;
      for (let i = 0; i < data.length; i += 4) {
        if ((i / 4) % canvas.width === 0) run = 0;
        const hit = data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255;
        run = hit ? run + 1 : 0;
        if (hit) count++;
        longestRun = Math.max(longestRun, run);
      }
      return { count, longestRun };
    },
    rgb,
  );
}

/** GET an API path with the page's own cookie. */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path.startsWith('http') ? path : new URL(path, page.url()).toString());
  if (!res.ok()) throw new Error(`${res.status()} from ${path}`);
  return (await res.json()) as T;
}

export interface BrowserSuite {
  readonly server: DemoServer;
  readonly url: string;
  readonly chromium: Chromium;
  /** This test's own context and page (a fresh profile: no cookie, no storage). */
  readonly context: BrowserContext;
  readonly page: Page;
  /** signIn() on this test's page. */
  signIn(who?: Who, next?: string, state?: string): Promise<void>;
  /** demoApi() on this file's server. */
  api(who: Who): DemoApi;
}

/**
 * No signal for this test's browser: the context offline, a new page opened in it, and every
 * request of the browser's that still reaches the server listed (Chromium's own check for a newer
 * /sw.js is not held back by the emulated offline, and the test's own API calls from Node are not
 * the browser's). `done()` stops listening and brings the signal back, answering what reached it.
 */
export async function withoutSignal(b: BrowserSuite): Promise<{ page: Page; done: () => Promise<string[]> }> {
  const reached: string[] = [];
  const listen = (req: { url?: string; headers: Record<string, unknown> }) => {
    if (String(req.headers['user-agent']).includes('Chrome') && req.url !== '/sw.js') reached.push(req.url ?? '');
  };
  b.server.running.server.on('request', listen);
  await b.context.setOffline(true);
  const page = await b.context.newPage();
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  return {
    page,
    done: async () => {
      b.server.running.server.off('request', listen);
      await b.context.setOffline(false);
      return reached;
    },
  };
}

/**
 * The hooks of a browser test file: one server and one Chromium for the file, a fresh context
 * (1280×800, zh-CN unless `contextOptions` says otherwise) and page for each test. Page errors
 * are printed, so a failing page script shows in the test output.
 */
export function browserSuite(contextOptions: BrowserContextOptions = {}, opts: { env?: Record<string, string>; args?: string[] } = {}): BrowserSuite {
  let server: DemoServer | undefined;
  let browser: Chromium | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startDemoServer(opts.env), launchChromium(opts.args)]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    context = await browser!.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', ...contextOptions });
    page = await context.newPage();
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
  });
  afterEach(async () => {
    await context?.close();
  });
  return {
    get server() {
      return server!;
    },
    get url() {
      return server!.url;
    },
    get chromium() {
      return browser!;
    },
    get context() {
      return context!;
    },
    get page() {
      return page!;
    },
    signIn: (who = 'bureau', next = '/', state = 'ready') => signIn(page!, server!.url, who, next, state),
    api: (who) => demoApi(() => server!.url, who),
  };
}
