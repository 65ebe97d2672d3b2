import type { Page } from "@playwright/test";
import { violations } from "./axe";
import { test, expect } from "./fixtures";
import { ConsentBanner } from "./pages/consent-banner";
import { PreferencesDialog } from "./pages/preferences-dialog";
import { SitePage } from "./pages/site-page";

// axe runs as a script inside the page, so these tests need JavaScript (@js). The DOM they check
// is the server's HTML either way: islands hydrate it without re-rendering.

/** Opens every "Cookies in this category" disclosure under `root`. */
async function openDisclosures(page: Page, root: string): Promise<void> {
  await page.locator(`${root} details`).evaluateAll((all) =>
    all.forEach((d) => ((d as HTMLDetailsElement).open = true)),
  );
}

const SCHEMES = [
  { name: "light", media: { colorScheme: "light" as const } },
  { name: "dark", media: { colorScheme: "dark" as const } },
  { name: "forced colours", media: { forcedColors: "active" as const } },
];

for (const scheme of SCHEMES) {
  // A fresh browser context has no consent cookie: every page is checked with the banner.
  for (const path of ["/", "/cookie-policy", "/cookie-preferences", "/settings", "/no/such/page"]) {
    test(`axe: ${path} with the banner (${scheme.name}) @js`, async ({ page }) => {
      await page.emulateMedia(scheme.media);
      await new SitePage(page).open(path);
      if (path === "/cookie-preferences") await openDisclosures(page, "main");
      expect(await violations(page)).toEqual([]);
    });
  }

  test(`axe: the dialog open, every disclosure open (${scheme.name}) @js`, async ({ page }) => {
    await page.emulateMedia(scheme.media);
    const site = new SitePage(page);
    await site.open("/");
    await site.waitForHydration();
    await new ConsentBanner(page).managePreferences.click();
    await expect(new PreferencesDialog(page).dialog).toBeVisible();
    await openDisclosures(page, "dialog");
    expect(await violations(page)).toEqual([]);
  });

  test(`axe: after a decision, with a page-only setting and its notice (${scheme.name}) @js`, async ({
    page,
  }) => {
    await page.emulateMedia(scheme.media);
    const site = new SitePage(page);
    await site.open("/");
    await site.waitForHydration();
    await new ConsentBanner(page).rejectAll.click();
    await site.open("/settings?theme=dark");
    await expect(page.getByText("Your choice applies to this page only")).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
}
