import { test as base, expect, type BrowserContext } from "@playwright/test";

/** The annotation of a test that provokes CSP violations on purpose. */
export const EXPECTS_CSP_VIOLATIONS = "expects-csp-violations";

/** The trackers of the registry, by their `data-tracker` key. */
export type Tracker = "plausible" | "vercel" | "facebook" | "google-ads";

/** The script URL of each tracker, with LeadsGen's default IDs. */
export const TRACKER_SCRIPTS: Record<Tracker, RegExp> = {
  plausible: /^https:\/\/plausible\.io\/js\/script\.js$/,
  vercel: /\/_vercel\/insights\/script\.js$/,
  facebook: /^https:\/\/connect\.facebook\.net\/en_US\/fbevents\.js$/,
  "google-ads": /^https:\/\/www\.googletagmanager\.com\/gtag\/js\?id=AW-1029384756$/,
};

/**
 * What each stand-in script does when it runs: note its name and, like the real one, set its
 * first-party cookie (the pixel's `_fbp`, Google's `_gcl_au`), so revoking can be seen to
 * delete them.
 */
const STAND_IN: Record<Tracker, string> = {
  plausible: "",
  vercel: "",
  facebook: 'document.cookie = "_fbp=fb.1.1795917984.42; path=/; max-age=7776000";',
  "google-ads": 'document.cookie = "_gcl_au=1.1.42.1795917984; path=/; max-age=7776000";',
};

/** Every tracker script request the browser made, in order. No request reaches the network. */
export class TrackerRequests {
  readonly seen: Tracker[] = [];

  /** How many requests went to each tracker. */
  counts(): Record<Tracker, number> {
    const counts = { plausible: 0, vercel: 0, facebook: 0, "google-ads": 0 };
    for (const t of this.seen) counts[t] += 1;
    return counts;
  }

  /** The distinct trackers requested, sorted. */
  trackers(): Tracker[] {
    return [...new Set(this.seen)].sort();
  }
}

async function interceptTrackers(context: BrowserContext, requests: TrackerRequests) {
  for (const [name, url] of Object.entries(TRACKER_SCRIPTS) as [Tracker, RegExp][]) {
    await context.route(url, (route) => {
      requests.seen.push(name);
      return route.fulfill({
        contentType: "application/javascript",
        body: `(window.__trackersRun = window.__trackersRun || []).push(${JSON.stringify(name)});${STAND_IN[name]}`,
      });
    });
  }
}

/**
 * `test` with:
 * - `browserErrors`: every console error and uncaught page error seen while the test ran.
 *   Tests assert it is empty where a clean page is part of the promise;
 * - `trackers` (on for every test): the tracker script URLs are intercepted and answered with
 *   stand-ins, so no test reaches a tracker's host, and every request is counted;
 * - `cspViolations` (on for every test): the CSP violations the browser reported. Any of them
 *   fails the test, whatever it was about, unless the test is annotated with
 *   EXPECTS_CSP_VIOLATIONS (it provokes them on purpose and checks them itself).
 */
export const test = base.extend<{
  browserErrors: string[];
  trackers: TrackerRequests;
  cspViolations: string[];
}>({
  browserErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
    });
    page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
  },
  trackers: [
    async ({ context }, use) => {
      const requests = new TrackerRequests();
      await interceptTrackers(context, requests);
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
