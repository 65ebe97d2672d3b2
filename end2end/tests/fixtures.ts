import { test as base, expect, type BrowserContext } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { readRegistry, type Registry } from "./registry";

/** The annotation of a test that provokes CSP violations on purpose. */
export const EXPECTS_CSP_VIOLATIONS = "expects-csp-violations";

/**
 * What a stand-in does besides noting that it ran, for the trackers whose real script sets a
 * first-party cookie (the pixel's `_fbp`, Google's `_gcl_au`), so that revoking can be seen to
 * delete them. Any other tracker of the registry gets a stand-in that only notes its name.
 */
const STAND_IN_EXTRAS: Record<string, string> = {
  facebook: 'document.cookie = "_fbp=fb.1.1795917984.42; path=/; max-age=7776000";',
  "google-ads": 'document.cookie = "_gcl_au=1.1.42.1795917984; path=/; max-age=7776000";',
};

/** Every tracker script request the browser made, in order. No request reaches the network. */
export class TrackerRequests {
  readonly seen: string[] = [];

  constructor(private readonly registry: Registry) {}

  /** How many requests went to each tracker of the registry. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const t of this.registry.trackers) counts[t.key] = 0;
    for (const key of this.seen) counts[key] += 1;
    return counts;
  }

  /** The distinct trackers requested, sorted. */
  trackers(): string[] {
    return [...new Set(this.seen)].sort();
  }
}

async function interceptTrackers(
  context: BrowserContext,
  registry: Registry,
  requests: TrackerRequests,
) {
  for (const { key, src } of registry.trackers) {
    await context.route(src, (route) => {
      requests.seen.push(key);
      return route.fulfill({
        contentType: "application/javascript",
        body: `(window.__trackersRun = window.__trackersRun || []).push(${JSON.stringify(key)});${STAND_IN_EXTRAS[key] ?? ""}`,
      });
    });
  }
}

/**
 * `test` with:
 * - `registry` (per worker): the registry's trackers as the server declares them
 *   (see registry.ts);
 * - `browserErrors`: every console error and uncaught page error seen while the test ran.
 *   Tests assert it is empty where a clean page is part of the promise;
 * - `trackers` (on for every test): the tracker script URLs are intercepted and answered with
 *   stand-ins, so no test reaches a tracker's host, and every request is counted;
 * - `cspViolations` (on for every test): the CSP violations the browser reported. Any of them
 *   fails the test, whatever it was about, unless the test is annotated with
 *   EXPECTS_CSP_VIOLATIONS (it provokes them on purpose and checks them itself).
 */
export const test = base.extend<
  {
    browserErrors: string[];
    trackers: TrackerRequests;
    cspViolations: string[];
  },
  { registry: Registry }
>({
  registry: [
    async ({ playwright }, use) => {
      const request = await playwright.request.newContext({ baseURL: BASE_URL });
      await use(await readRegistry(request));
      await request.dispose();
    },
    { scope: "worker" },
  ],
  browserErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
    });
    page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
  },
  trackers: [
    async ({ context, registry }, use) => {
      const requests = new TrackerRequests(registry);
      await interceptTrackers(context, registry, requests);
      await use(requests);
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context }, use, testInfo) => {
      const violations: string[] = [];
      context.on("console", (msg) => {
        if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
      });
      await use(violations);
      if (!testInfo.annotations.some((a) => a.type === EXPECTS_CSP_VIOLATIONS)) {
        expect(violations, "Content-Security-Policy violations in the console").toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };
export { trackersOf, type Registry } from "./registry";
