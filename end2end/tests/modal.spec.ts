import AxeBuilder from "@axe-core/playwright";
import { test, expect } from "./fixtures";
import { ConsentBanner } from "./pages/consent-banner";
import { PreferencesDialog } from "./pages/preferences-dialog";
import { SitePage } from "./pages/site-page";
import { markWindow, windowIsMarked } from "./consent-helpers";

/** Opens `path`, waits for hydration, and returns the page's objects. */
async function openPage(page: import("@playwright/test").Page, path: string) {
  const site = new SitePage(page);
  await site.open(path);
  await site.waitForHydration();
  return { site, banner: new ConsentBanner(page), modal: new PreferencesDialog(page) };
}

test.describe("Preferences dialog @js", () => {
  test("opens from the banner, takes focus, closes on Esc and gives focus back", async ({ page }) => {
    const { banner, modal } = await openPage(page, "/");
    await banner.managePreferences.click();
    await expect(modal.dialog).toBeVisible();
    expect(await modal.isModal()).toBe(true);
    expect(await modal.hasFocus()).toBe(true);
    expect(page.url()).toMatch(/\/$/);
    await page.keyboard.press("Escape");
    await expect(modal.dialog).toBeHidden();
    await expect(banner.managePreferences).toBeFocused();
  });

  for (const path of ["/", "/cookie-policy", "/cookie-preferences", "/settings", "/no/such/page"]) {
    test(`opens from the footer's Cookie settings on ${path}`, async ({ page }) => {
      const { site, modal } = await openPage(page, path);
      const link = site.footer.getByRole("link", { name: "Cookie settings" });
      await link.click();
      await expect(modal.dialog).toBeVisible();
      expect(new URL(page.url()).pathname).toBe(path);
      await modal.close.click();
      await expect(modal.dialog).toBeHidden();
      await expect(link).toBeFocused();
    });
  }

  test("keeps Tab and Shift+Tab inside the dialog", async ({ page }) => {
    const { banner, modal } = await openPage(page, "/");
    await banner.managePreferences.click();
    await expect(modal.dialog).toBeVisible();
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press("Tab");
      expect(await modal.hasFocus(), `after ${i + 1} Tab`).toBe(true);
    }
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press("Shift+Tab");
      expect(await modal.hasFocus(), `after ${i + 1} Shift+Tab`).toBe(true);
    }
  });

  test("starts with every optional switch off, necessary locked on", async ({ page }) => {
    const { banner, modal } = await openPage(page, "/");
    await banner.managePreferences.click();
    expect(await modal.state()).toEqual({ functional: false, analytics: false, marketing: false });
    await expect(modal.switch("strictly necessary")).toBeChecked();
    await expect(modal.switch("strictly necessary")).toBeDisabled();
    await expect(modal.proof).toHaveCount(0);
  });

  test("saves analytics only in place, then shows exactly that after a reload", async ({ page }) => {
    const { banner, modal, site } = await openPage(page, "/cookie-policy");
    await markWindow(page);
    await banner.managePreferences.click();
    await modal.switch("analytics").check();
    await modal.savePreferences.click();
    await expect(modal.dialog).toBeHidden();
    await expect(banner.region).toBeHidden();
    await expect(
      page.getByRole("status").filter({ hasText: "Saved: functional off, analytics on, marketing off" }),
    ).toHaveCount(1);
    expect(await windowIsMarked(page)).toBe(true);

    await page.reload();
    await site.waitForHydration();
    await expect(banner.region).toHaveCount(0);
    await site.openCookieSettings();
    expect(await modal.state()).toEqual({ functional: false, analytics: true, marketing: false });
    await expect(modal.proof).toBeVisible();
  });

  test("shows the consent ID once a decision exists, and the switches follow Accept all", async ({
    page,
  }) => {
    const { banner, modal, site } = await openPage(page, "/");
    await banner.managePreferences.click();
    await modal.acceptAll.click();
    await expect(modal.dialog).toBeHidden();
    await site.openCookieSettings();
    await expect(modal.proof).toBeVisible();
    expect(await modal.state()).toEqual({ functional: true, analytics: true, marketing: true });
    // Rejecting stops scripts that already run: the runtime reloads the page.
    const reloaded = page.waitForEvent("load");
    await modal.rejectAll.click();
    await reloaded;
    await site.waitForHydration();
    await site.openCookieSettings();
    expect(await modal.state()).toEqual({ functional: false, analytics: false, marketing: false });
  });

  test("fits a 360 px screen without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const { banner, modal } = await openPage(page, "/");
    await banner.managePreferences.click();
    await modal.dialog.getByText("Cookies in this category (4)").click();
    const box = await modal.dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    expect(await modal.dialog.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
  });

  test("opens without motion when reduced motion is preferred", async ({ page }) => {
    await page.emulateMedia({ reducedMotion: "reduce" });
    const { banner, modal } = await openPage(page, "/");
    await banner.managePreferences.click();
    const seconds = await modal.dialog.evaluate((d) => parseFloat(getComputedStyle(d).animationDuration));
    expect(seconds).toBeLessThan(0.001);
    await page.emulateMedia({ reducedMotion: "no-preference" });
    const normal = await modal.dialog.evaluate((d) => parseFloat(getComputedStyle(d).animationDuration));
    expect(normal).toBeGreaterThan(0.1);
  });

  for (const colorScheme of ["light", "dark"] as const) {
    test(`axe finds no violations with the dialog open (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      const { banner, modal } = await openPage(page, "/");
      await banner.managePreferences.click();
      await expect(modal.dialog).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
    });
  }
});

test.describe("Preferences dialog under a privacy signal @signals", () => {
  test("analytics and marketing are off and disabled, with the notice", async ({ page }, info) => {
    const { site, modal } = await openPage(page, "/cookie-policy");
    await site.openCookieSettings();
    await expect(modal.switch("analytics")).toBeDisabled();
    await expect(modal.switch("marketing")).toBeDisabled();
    await expect(modal.switch("functional")).toBeEnabled();
    const signal = info.project.name === "dnt" ? "Do Not Track" : "Global Privacy Control";
    await expect(modal.dialog).toContainText(`Your browser sends ${signal}`);
  });
});

test.describe("Without JavaScript @nojs", () => {
  test("Cookie settings leads to the preferences page", async ({ page }) => {
    const site = new SitePage(page);
    await site.open("/cookie-policy");
    await site.openCookieSettings();
    await expect(page).toHaveURL(/\/cookie-preferences$/);
    await expect(site.heading(1, "Cookie preferences")).toBeVisible();
  });
});
