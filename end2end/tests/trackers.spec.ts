import AxeBuilder from "@axe-core/playwright";
import { test, expect, EXPECTS_CSP_VIOLATIONS, trackersOf } from "./fixtures";
import { ConsentBanner } from "./pages/consent-banner";
import { ConsentRuntime, type ConsentMode } from "./pages/consent-runtime";
import { PreferencesDialog } from "./pages/preferences-dialog";
import { SitePage } from "./pages/site-page";
import { cookieNames, markWindow, windowIsMarked } from "./consent-helpers";

/**
 * Tracker scripts fire only after consent. Every tracker URL is intercepted by the fixtures
 * (no network) and each request is counted; the stand-ins record that they ran. The trackers,
 * their categories and hosts come from the registry through the server (`registry` fixture),
 * so adding one to the registry needs no change here.
 */

const SITE_PAGES = ["/", "/cookie-policy", "/cookie-preferences", "/settings", "/no/such/page"];

const DENIED: ConsentMode = {
  ad_storage: "denied",
  ad_user_data: "denied",
  ad_personalization: "denied",
  analytics_storage: "denied",
  functionality_storage: "denied",
  personalization_storage: "denied",
  security_storage: "granted",
};
const GRANTED: ConsentMode = Object.fromEntries(
  Object.keys(DENIED).map((k) => [k, "granted"]),
) as ConsentMode;

async function openPage(page: import("@playwright/test").Page, path = "/") {
  const site = new SitePage(page);
  const runtime = new ConsentRuntime(page);
  await runtime.recordEvents();
  await site.open(path);
  await site.waitForHydration();
  return { site, runtime, banner: new ConsentBanner(page), modal: new PreferencesDialog(page) };
}

test.describe("Tracker gating @js", () => {
  test("a first visit requests no tracker, on any page", async ({ page, trackers }) => {
    for (const path of SITE_PAGES) {
      await openPage(page, path);
      await page.waitForLoadState("networkidle");
    }
    expect(trackers.seen).toEqual([]);
  });

  test("Reject all requests no tracker, before or after a reload", async ({ page, trackers }) => {
    const { banner, runtime } = await openPage(page);
    await banner.rejectAll.click();
    await expect(banner.region).toBeHidden();
    await page.reload();
    await page.waitForLoadState("networkidle");
    expect(trackers.seen).toEqual([]);
    expect(await runtime.trackersRun()).toEqual([]);
  });

  test("analytics only loads the analytics trackers, in place and after a reload", async ({
    page,
    trackers,
    registry,
  }) => {
    const analytics = trackersOf(registry, "analytics");
    const { banner, modal, runtime, site } = await openPage(page);
    await markWindow(page);
    await banner.managePreferences.click();
    await modal.switch("analytics").check();
    await modal.savePreferences.click();
    await expect(modal.dialog).toBeHidden();
    await expect
      .poll(() => runtime.trackersRun(), { timeout: 10_000 })
      .toHaveLength(analytics.length);
    expect((await runtime.trackersRun()).sort()).toEqual([...analytics].sort());
    expect(await windowIsMarked(page)).toBe(true);
    for (const [key, count] of Object.entries(trackers.counts())) {
      expect(count, key).toBe(analytics.includes(key) ? 1 : 0);
    }

    // Server-rendered from now on: the tags are in the HTML, with the page's nonce.
    await page.reload();
    await site.waitForHydration();
    await expect
      .poll(async () => (await runtime.trackersRun()).sort())
      .toEqual([...analytics].sort());
    await expect(page.locator('script[data-tracker="plausible"]')).toHaveAttribute(
      "data-domain",
      "leadsgen.app",
    );
    expect(trackers.trackers()).toEqual([...analytics].sort());
  });

  test("Accept all loads every tracker without a reload, once each", async ({
    page,
    trackers,
    registry,
  }) => {
    const all = registry.trackers.map((t) => t.key);
    const { banner, runtime } = await openPage(page, "/cookie-policy");
    await markWindow(page);
    await banner.acceptAll.click();
    await expect(banner.region).toBeHidden();
    await expect.poll(async () => (await runtime.trackersRun()).sort()).toEqual([...all].sort());
    expect(await windowIsMarked(page)).toBe(true);
    expect(trackers.counts()).toEqual(Object.fromEntries(all.map((key) => [key, 1])));
    // The pixel's queue and the gtag config ran inline before their scripts.
    expect(await page.evaluate(() => typeof (window as unknown as { fbq: unknown }).fbq)).toBe(
      "function",
    );
  });

  test("saving the same choices again injects nothing twice", async ({
    page,
    trackers,
    registry,
  }) => {
    const { banner, modal, site } = await openPage(page);
    await banner.acceptAll.click();
    await expect.poll(() => trackers.seen.length).toBe(registry.trackers.length);
    await site.openCookieSettings();
    await modal.savePreferences.click();
    await expect(modal.dialog).toBeHidden();
    await page.waitForLoadState("networkidle");
    expect(trackers.seen).toHaveLength(registry.trackers.length);
  });

  test("revoking marketing reloads the page, says why, and deletes the marketing cookies", async ({
    page,
    context,
    trackers,
    registry,
  }) => {
    const { banner, modal, runtime, site } = await openPage(page);
    await banner.acceptAll.click();
    await expect.poll(() => cookieNames(context)).toEqual(["_fbp", "_gcl_au", "cookie-consent"]);
    await markWindow(page);

    await site.openCookieSettings();
    await modal.switch("marketing").uncheck();
    const reloaded = page.waitForEvent("load");
    await modal.savePreferences.click();
    await reloaded;
    await site.waitForHydration();
    expect(await windowIsMarked(page)).toBe(false);
    await expect(runtime.reloadNotice).toBeVisible();
    await expect(runtime.reloadNotice).toHaveText(
      "Your cookie choices changed, so the page reloaded to stop the scripts you turned off.",
    );
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    expect(await cookieNames(context)).toEqual(["cookie-consent"]);
    await expect
      .poll(async () => (await runtime.trackersRun()).sort())
      .toEqual([...trackersOf(registry, "analytics")].sort());
    await expect(page.locator("script[data-category=marketing]")).toHaveCount(0);
    // One load of each marketing script: the first page. None since.
    for (const key of trackersOf(registry, "marketing")) {
      expect(trackers.counts()[key], key).toBe(1);
    }

    await runtime.dismissReloadNotice.click();
    await expect(runtime.reloadNotice).toBeHidden();
    // The notice is for that one reload only.
    await page.reload();
    await site.waitForHydration();
    await expect(runtime.reloadNotice).toBeHidden();
  });

  test("revoking a category whose scripts never ran needs no reload", async ({ page }) => {
    const { banner, modal, site } = await openPage(page);
    await banner.rejectAll.click();
    await markWindow(page);
    await site.openCookieSettings();
    await modal.switch("functional").check();
    await modal.savePreferences.click();
    await site.openCookieSettings();
    await modal.switch("functional").uncheck();
    await modal.savePreferences.click();
    await expect(modal.dialog).toBeHidden();
    expect(await windowIsMarked(page)).toBe(true);
  });
});

test.describe("Content-Security-Policy @js", () => {
  test("before consent the policy itself blocks a tracker tag that slipped past the server", async ({
    page,
    trackers,
    cspViolations,
  }) => {
    test.info().annotations.push({ type: EXPECTS_CSP_VIOLATIONS });
    await openPage(page);
    const blocked = await page.evaluate(async () => {
      const seen: string[] = [];
      document.addEventListener("securitypolicyviolation", (e) => seen.push(e.blockedURI));
      // A pasted tracker snippet without the page's nonce, and a <noscript>-style pixel.
      const script = document.createElement("script");
      script.src = "https://plausible.io/js/script.js";
      document.head.append(script);
      const pixel = document.createElement("img");
      pixel.src = "https://www.facebook.com/tr?id=1&ev=PageView&noscript=1";
      document.body.append(pixel);
      await new Promise((r) => setTimeout(r, 500));
      return seen.sort();
    });
    expect(blocked).toEqual([
      "https://plausible.io/js/script.js",
      "https://www.facebook.com/tr?id=1&ev=PageView&noscript=1",
    ]);
    expect(trackers.seen).toEqual([]);
    await expect.poll(() => cspViolations.length).toBe(2);
  });
});

test.describe("Content-Security-Policy after consent @js", () => {
  test("a consented tracker's own requests pass from the next page on, not on the page where consent was given", async ({
    page,
    cspViolations,
    registry,
  }) => {
    test.info().annotations.push({ type: EXPECTS_CSP_VIOLATIONS });
    // A Plausible stand-in that, like the real script, reports the page view to plausible.io.
    const beacons: string[] = [];
    await page.route("https://plausible.io/api/event", (route) => {
      beacons.push(page.url());
      return route.fulfill({ status: 202, body: "ok" });
    });
    const plausible = registry.trackers.find((t) => t.key === "plausible")!;
    await page.route(plausible.src, (route) =>
      route.fulfill({
        contentType: "application/javascript",
        body: 'fetch("https://plausible.io/api/event", { method: "POST", body: "{}" }).catch(() => {});',
      }),
    );
    const { banner, modal, site } = await openPage(page);
    await banner.managePreferences.click();
    await modal.switch("analytics").check();
    await modal.savePreferences.click();
    // This page's policy was built before consent: the script runs, its beacon is refused.
    const refusedBeacon = (v: string) =>
      v.includes("https://plausible.io/api/event") && v.includes("connect-src");
    await expect.poll(() => cspViolations.some(refusedBeacon)).toBe(true);
    expect(beacons).toEqual([]);
    const onConsentPage = cspViolations.length;

    await site.open("/cookie-policy");
    await expect.poll(() => beacons.length).toBe(1);
    expect(beacons[0]).toMatch(/\/cookie-policy$/);
    expect(cspViolations).toHaveLength(onConsentPage);
  });
});

test.describe("Google Consent Mode v2 and consent events @js", () => {
  test("the default is denied before any Google tag; Accept all sends the update", async ({
    page,
  }) => {
    const { banner, runtime } = await openPage(page);
    expect(await runtime.consentCommands("default")).toEqual([DENIED]);
    expect(await runtime.consentCommands("update")).toEqual([]);
    await banner.acceptAll.click();
    await expect.poll(() => runtime.consentCommands("update")).toEqual([GRANTED]);

    // After a reload the server's default already grants, and it comes before the gtag tag.
    await page.reload();
    expect(await runtime.consentCommands("default")).toEqual([GRANTED]);
    const order = await page.evaluate(() =>
      [...document.querySelectorAll("head script")].map(
        (s) => s.getAttribute("data-tracker") ?? (s.id || "inline"),
      ),
    );
    expect(order.indexOf("leadsgen-consent")).toBeLessThan(order.indexOf("google-ads"));
  });

  test("leadsgen:consent fires on load and on every change, mirrored in dataLayer", async ({
    page,
  }) => {
    const { banner, modal, runtime } = await openPage(page);
    const [initial] = await runtime.events();
    expect(initial).toEqual({
      categories: { necessary: true, functional: false, analytics: false, marketing: false },
      id: null,
      revision: "2026-04-12",
      signals: { dnt: false, gpc: false },
    });

    await banner.managePreferences.click();
    await modal.switch("analytics").check();
    await modal.savePreferences.click();
    await expect.poll(async () => (await runtime.events()).length).toBe(2);
    const changed = (await runtime.events())[1];
    expect(changed.categories).toEqual({
      necessary: true,
      functional: false,
      analytics: true,
      marketing: false,
    });
    expect(changed.id).toMatch(/^[0-9a-f]{32}$/);
    // The same ID the dialog shows as proof.
    await new SitePage(page).openCookieSettings();
    await expect(modal.proof).toContainText(changed.id!);

    const updates = await runtime.updates();
    expect(updates.map(({ event, ...detail }) => [event, detail])).toEqual([
      ["consent_update", initial],
      ["consent_update", changed],
    ]);
    expect(await runtime.consentCommands("update")).toEqual([
      { ...DENIED, analytics_storage: "granted" },
    ]);
  });
});

test.describe("Tracker gating under a privacy signal @signals", () => {
  test("Accept all requests no tracker and Consent Mode stays denied", async ({
    page,
    trackers,
  }, info) => {
    const { banner, runtime } = await openPage(page);
    await banner.acceptAll.click();
    await expect(banner.region).toBeHidden();
    await expect.poll(() => runtime.consentCommands("update")).toHaveLength(1);
    const [update] = await runtime.consentCommands("update");
    expect(update).toEqual({
      ...DENIED,
      functionality_storage: "granted",
      personalization_storage: "granted",
    });
    const [, event] = await runtime.events();
    expect(event.signals).toEqual({ dnt: info.project.name === "dnt", gpc: info.project.name === "gpc" });
    expect(event.categories.analytics || event.categories.marketing).toBe(false);

    await page.reload();
    await page.waitForLoadState("networkidle");
    expect(await runtime.consentCommands("default")).toEqual([
      { ...DENIED, functionality_storage: "granted", personalization_storage: "granted" },
    ]);
    expect(trackers.seen).toEqual([]);
  });
});

test.describe("Tracker gating in the HTML and headers @http", () => {
  test("a first visit's HTML and policy name no tracker host", async ({ request, registry }) => {
    for (const path of SITE_PAGES) {
      const response = await request.get(path);
      const html = await response.text();
      const policy = response.headers()["content-security-policy"];
      expect(policy, path).toContain("script-src 'self' 'nonce-");
      expect(policy, path).not.toContain("unsafe-inline");
      for (const host of registry.markers) {
        expect(html, `${path}: ${host}`).not.toContain(host);
        expect(policy, `${path}: ${host}`).not.toContain(host);
      }
    }
  });
});

test.describe("What every visitor downloads before consent @http", () => {
  test("the wasm bundle and its JavaScript name no tracker host either", async ({
    request,
    registry,
  }) => {
    const html = await (await request.get("/")).text();
    const bundle = [...html.matchAll(/href="(\/pkg\/[^"]+\.(?:js|wasm))"/g)].map((m) => m[1]);
    expect(bundle).toHaveLength(2);
    for (const path of bundle) {
      const body = (await (await request.get(path)).body()).toString("latin1");
      for (const host of registry.markers) expect(body, `${path}: ${host}`).not.toContain(host);
    }
  });
});

test.describe("Without JavaScript @nojs", () => {
  test("the tags are in the HTML after Accept all, and nothing runs", async ({
    page,
    trackers,
    registry,
  }) => {
    const site = new SitePage(page);
    await site.open("/");
    await new ConsentBanner(page).acceptAll.click();
    await expect(page.locator("script[data-tracker]")).toHaveCount(registry.tagCount);
    await page.waitForLoadState("networkidle");
    expect(trackers.seen).toEqual([]);
  });
});
