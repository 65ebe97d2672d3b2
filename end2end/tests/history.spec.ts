import { chromium, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { test, expect } from "./fixtures";
import { ConsentBanner } from "./pages/consent-banner";
import { PreferencesDialog } from "./pages/preferences-dialog";
import { SettingsPage } from "./pages/settings-page";
import { SitePage } from "./pages/site-page";

/**
 * A page the browser shows again from history, or a tab that stays open while the visitor
 * decides elsewhere, must show the consent in force, never an older one.
 */

/** Records every `pageshow` in sessionStorage, which survives the reload that follows. */
async function recordPageShows(page: Page): Promise<void> {
  await page.addInitScript(() => {
    addEventListener("pageshow", (e) => {
      const seen = JSON.parse(sessionStorage.getItem("__pageshows") ?? "[]");
      seen.push({ path: location.pathname, persisted: (e as PageTransitionEvent).persisted });
      sessionStorage.setItem("__pageshows", JSON.stringify(seen));
    });
  });
}

function pageShows(page: Page): Promise<{ path: string; persisted: boolean }[]> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem("__pageshows") ?? "[]"));
}

test.describe("Pages shown again from history @js", () => {
  test("a page restored from the back/forward cache drops the banner of a decision made since", async ({}, info) => {
    // Playwright turns the back/forward cache off; a real visitor has it on. No routes in
    // this context: they would turn the HTTP cache off too.
    const browser = await chromium.launch({
      ...info.project.use.launchOptions,
      ignoreDefaultArgs: ["--disable-back-forward-cache"],
    });
    try {
      const page = await (await browser.newContext({ baseURL: info.project.use.baseURL })).newPage();
      await recordPageShows(page);
      const site = new SitePage(page);
      const banner = new ConsentBanner(page);
      await site.open("/");
      await site.waitForHydration();
      await expect(banner.region).toBeVisible();
      await site.mainNav.getByRole("link", { name: "Cookie Policy" }).click();
      await page.waitForURL(/\/cookie-policy$/);
      await site.waitForHydration();
      await banner.rejectAll.click();
      await expect(banner.region).toBeHidden();

      await page.goBack();
      // It really came from the back/forward cache …
      await expect.poll(() => pageShows(page)).toContainEqual({ path: "/", persisted: true });
      // … and shows today's decision: no banner, and the dialog has the new consent ID.
      await expect(banner.region).toBeHidden();
      await site.waitForHydration();
      await site.openCookieSettings();
      const modal = new PreferencesDialog(page);
      await expect(modal.proof).toBeVisible();
      expect(await modal.state()).toEqual({ functional: false, analytics: false, marketing: false });
    } finally {
      await browser.close();
    }
  });

  test("another open tab catches up when the visitor comes back to it", async ({ context }) => {
    const first = await context.newPage();
    const site = new SitePage(first);
    await site.open("/");
    await site.waitForHydration();
    await expect(new ConsentBanner(first).region).toBeVisible();

    const second = await context.newPage();
    const other = new SitePage(second);
    await other.open("/cookie-policy");
    await other.waitForHydration();
    await new ConsentBanner(second).acceptAll.click();
    await expect(new ConsentBanner(second).region).toBeHidden();

    // Back to the first tab. Headless Chromium keeps every page visible and focused, so the
    // focus event a real tab switch brings is sent by hand.
    await first.bringToFront();
    await first.evaluate(() => window.dispatchEvent(new Event("focus")));
    await expect(new ConsentBanner(first).region).toBeHidden();
    await site.waitForHydration();
    const state = await first.evaluate(() => JSON.parse(document.getElementById("leadsgen-consent")!.textContent!));
    expect(state.detail.categories.analytics).toBe(true);
  });
});

test.describe("Unsaved switches", () => {
  test("the dialog shows the saved state again after Esc, Close, or reopening @js", async ({ page }) => {
    const site = new SitePage(page);
    await site.open("/");
    await site.waitForHydration();
    const banner = new ConsentBanner(page);
    const modal = new PreferencesDialog(page);
    const none = { functional: false, analytics: false, marketing: false };

    await banner.managePreferences.click();
    await modal.switch("marketing").check();
    await page.keyboard.press("Escape");
    await expect(modal.dialog).toBeHidden();
    await banner.managePreferences.click();
    expect(await modal.state(), "after Esc").toEqual(none);

    await modal.switch("analytics").check();
    await modal.close.click();
    await banner.managePreferences.click();
    expect(await modal.state(), "after Close").toEqual(none);

    // What was saved is what shows.
    await modal.switch("functional").check();
    await modal.savePreferences.click();
    await expect(modal.dialog).toBeHidden();
    await site.openCookieSettings();
    await modal.switch("marketing").check();
    await page.keyboard.press("Escape");
    await site.openCookieSettings();
    expect(await modal.state()).toEqual({ ...none, functional: true });
  });

  test("a switch changed on /settings but not saved is gone after going back", async ({ page }) => {
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.privacySwitch("analytics").check();
    await settings.mainNav.getByRole("link", { name: "Cookie Policy" }).click();
    await page.waitForURL(/\/cookie-policy$/);
    await page.goBack();
    await page.waitForURL(/\/settings$/);
    await expect(settings.privacySwitch("analytics")).not.toBeChecked();
  });
});

test.describe("One URL per route @http", () => {
  test("a trailing slash redirects with 308 and the query, never a page under 404", async ({ request }) => {
    for (const [variant, canonical] of [
      ["/cookie-policy/", "/cookie-policy"],
      ["/settings/?theme=dark", "/settings?theme=dark"],
      ["//cookie-policy", "/cookie-policy"],
    ]) {
      // Absolute: `//cookie-policy` alone would be read as a host name.
      const response = await request.get(`${BASE_URL}${variant}`, { maxRedirects: 0 });
      expect(response.status(), variant).toBe(308);
      expect(response.headers()["location"], variant).toBe(canonical);
    }
    const followed = await request.get("/cookie-policy/");
    expect(followed.status()).toBe(200);
    expect(followed.url()).toMatch(/\/cookie-policy$/);
  });
});
