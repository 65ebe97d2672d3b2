import { test, expect } from "./fixtures";
import { ConsentBanner } from "./pages/consent-banner";
import { PreferencesPage } from "./pages/preferences-page";
import { SitePage } from "./pages/site-page";
import { cookieNames, markWindow, recordForeignRequests, windowIsMarked } from "./consent-helpers";

/**
 * The consent core, end to end. Unless tagged @js, every test runs twice: with JavaScript
 * (the banner island posts in place) and without (plain form posts and 303 redirects).
 */

/** Waits for hydration where there is JavaScript, so clicks reach the island. */
async function ready(site: SitePage, javaScriptEnabled: boolean | undefined) {
  if (javaScriptEnabled !== false) await site.waitForHydration();
}

test.describe("Consent banner", () => {
  test("a first visit shows the banner, sets no cookie and calls no other host", async ({
    page,
    context,
  }) => {
    const foreign = recordForeignRequests(page);
    const site = new SitePage(page);
    await site.open("/");
    const banner = new ConsentBanner(page);
    await expect(banner.region).toBeVisible();
    await expect(banner.acceptAll).toBeVisible();
    await expect(banner.rejectAll).toBeVisible();
    await expect(banner.managePreferences).toBeVisible();
    await expect(banner.region.getByRole("link", { name: "Cookie Policy" })).toHaveAttribute(
      "href",
      "/cookie-policy",
    );
    await page.waitForLoadState("networkidle");
    expect(await cookieNames(context)).toEqual([]);
    expect(foreign).toEqual([]);
  });

  for (const [button, expected] of [
    ["Accept all", { functional: true, analytics: true, marketing: true }],
    ["Reject all", { functional: false, analytics: false, marketing: false }],
  ] as const) {
    test(`${button} saves the decision; after a reload there is no banner`, async ({
      page,
      context,
      javaScriptEnabled,
    }) => {
      const site = new SitePage(page);
      await site.open("/cookie-policy");
      await ready(site, javaScriptEnabled);
      const banner = new ConsentBanner(page);
      await banner.region.getByRole("button", { name: button }).click();
      await expect(banner.region).toBeHidden();
      // Back on the page it came from, with or without JavaScript.
      await expect(page).toHaveURL(/\/cookie-policy$/);
      // With JavaScript, accepting marketing runs the pixel and gtag, which set their cookies.
      const trackerCookies =
        javaScriptEnabled !== false && button === "Accept all" ? ["_fbp", "_gcl_au"] : [];
      await expect.poll(() => cookieNames(context)).toEqual([...trackerCookies, "cookie-consent"]);
      await page.reload();
      await expect(site.heading(1, "Cookie Policy")).toBeVisible();
      await expect(banner.region).toHaveCount(0);

      const prefs = new PreferencesPage(page);
      await prefs.goto();
      expect(await prefs.state()).toEqual(expected);
      await expect(prefs.proof).toBeVisible();
    });
  }

  test("the consent cookie is HttpOnly, SameSite=Lax and lasts a year", async ({ page, context }) => {
    const site = new SitePage(page);
    await site.open("/");
    await new ConsentBanner(page).rejectAll.click();
    await expect(new ConsentBanner(page).region).toBeHidden();
    const [cookie] = await context.cookies();
    expect(cookie.name).toBe("cookie-consent");
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.path).toBe("/");
    const days = (cookie.expires - Date.now() / 1000) / 86_400;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThanOrEqual(365);
  });

  test("Accept all works in place, without reloading the page @js", async ({ page }) => {
    const site = new SitePage(page);
    await site.open("/");
    await site.waitForHydration();
    await markWindow(page);
    const banner = new ConsentBanner(page);
    await banner.acceptAll.click();
    await expect(banner.region).toBeHidden();
    await expect(banner.status).toHaveText("Saved: functional on, analytics on, marketing on");
    expect(await windowIsMarked(page)).toBe(true);
  });

  test("Manage preferences leads to the preferences form @nojs", async ({ page }) => {
    const site = new SitePage(page);
    await site.open("/");
    await new ConsentBanner(page).managePreferences.click();
    await expect(page).toHaveURL(/\/cookie-preferences\??$/);
    await expect(site.heading(1, "Cookie preferences")).toBeVisible();
  });

  test("Accept all and Reject all are equally prominent", async ({ page }) => {
    await new SitePage(page).open("/");
    const banner = new ConsentBanner(page);
    const [accept, reject] = [banner.acceptAll, banner.rejectAll];
    const a = await accept.boundingBox();
    const r = await reject.boundingBox();
    expect(a && r).toBeTruthy();
    expect(Math.abs(a!.width - r!.width)).toBeLessThan(1);
    expect(Math.abs(a!.height - r!.height)).toBeLessThan(1);
    const style = (el: Element) => {
      const s = getComputedStyle(el);
      return {
        weight: s.fontWeight,
        size: s.fontSize,
        color: s.color,
        background: s.backgroundColor,
        border: s.borderColor,
      };
    };
    expect(await accept.evaluate(style)).toEqual(await reject.evaluate(style));
  });

  test("the banner stays hidden on other pages once decided", async ({ page, javaScriptEnabled }) => {
    const site = new SitePage(page);
    await site.open("/");
    await ready(site, javaScriptEnabled);
    await new ConsentBanner(page).rejectAll.click();
    await expect(new ConsentBanner(page).region).toBeHidden();
    for (const path of ["/cookie-policy", "/cookie-preferences", "/no/such/page"]) {
      await site.open(path);
      await expect(new ConsentBanner(page).region).toHaveCount(0);
    }
  });
});

test.describe("Preferences form", () => {
  test("starts with every optional category off and necessary locked on", async ({ page }) => {
    const prefs = new PreferencesPage(page);
    expect(await prefs.goto()).toBe(200);
    expect(await prefs.state()).toEqual({ functional: false, analytics: false, marketing: false });
    await expect(prefs.switch("strictly necessary")).toBeChecked();
    await expect(prefs.switch("strictly necessary")).toBeDisabled();
    await expect(prefs.main.getByText("Always on", { exact: true })).toBeVisible();
    await expect(prefs.proof).toHaveCount(0);
  });

  test("lists each category's cookies from the registry", async ({ page }) => {
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    await prefs.main.getByText("Cookies in this category (2)").last().click();
    const marketing = page.getByRole("table", { name: "Marketing" });
    await expect(marketing.getByRole("rowheader")).toHaveText(["_fbp", "_gcl_au"]);
    await expect(marketing.getByRole("row", { name: /_fbp/ })).toContainText("Third party");
    await expect(marketing.getByRole("row", { name: /_fbp/ })).toContainText("Facebook");
  });

  test("saves analytics only, and shows exactly that after a reload", async ({ page, context }) => {
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    await prefs.switch("analytics").check();
    await prefs.saveChoices.click();
    await expect(page).toHaveURL(/\/cookie-preferences\?saved=consent#saved$/);
    await expect(prefs.proof).toBeVisible();
    await page.reload();
    expect(await prefs.state()).toEqual({ functional: false, analytics: true, marketing: false });
    expect(await cookieNames(context)).toEqual(["cookie-consent"]);
    await expect(new ConsentBanner(page).region).toHaveCount(0);
  });

  test("revoking a category deletes its cookies", async ({ page, context }) => {
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    await prefs.acceptAll.click();
    await expect(prefs.proof).toBeVisible();
    const url = new URL(page.url());
    // Stand-ins for what the trackers would have set, one of them HttpOnly.
    await context.addCookies([
      { name: "_fbp", value: "fb.1.1", domain: url.hostname, path: "/" },
      { name: "_gcl_au", value: "1.1.1", domain: url.hostname, path: "/", httpOnly: true },
      { name: "theme", value: "dark", domain: url.hostname, path: "/" },
    ]);
    await prefs.goto();
    await prefs.switch("marketing").uncheck();
    await prefs.saveChoices.click();
    await expect(prefs.proof).toBeVisible();
    expect(await cookieNames(context)).toEqual(["cookie-consent", "theme"]);
  });
});

test.describe("Privacy signals @signals", () => {
  const signalName = (project: string) =>
    project === "dnt" ? "Do Not Track" : "Global Privacy Control";

  test("the banner says the signal is honored", async ({ page }, testInfo) => {
    await new SitePage(page).open("/");
    const banner = new ConsentBanner(page);
    await expect(banner.region).toContainText(
      `Your browser sends ${signalName(testInfo.project.name)}, so analytics and marketing cookies stay off.`,
    );
    await expect(banner.region).toContainText("“Accept all” allows functional cookies only.");
  });

  test("Accept all stores functional only; tracking stays off and locked", async ({
    page,
  }, testInfo) => {
    const site = new SitePage(page);
    await site.open("/");
    await site.waitForHydration();
    await new ConsentBanner(page).acceptAll.click();
    await expect(new ConsentBanner(page).region).toBeHidden();
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    expect(await prefs.state()).toEqual({ functional: true, analytics: false, marketing: false });
    await expect(prefs.switch("analytics")).toBeDisabled();
    await expect(prefs.switch("marketing")).toBeDisabled();
    await expect(prefs.main).toContainText(`Off: your browser sends ${signalName(testInfo.project.name)}`);
  });
});

test.describe("A refused form post @nojs", () => {
  test("shows a readable page, sets no cookie, and loses nothing", async ({ page, context }) => {
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    // Tamper with the form as a forged post would: a value the server does not accept.
    await prefs.switch("analytics").evaluate((el) => el.setAttribute("value", "yes"));
    await prefs.switch("analytics").check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/consent/save")),
      prefs.saveChoices.click(),
    ]);
    expect(response.status()).toBe(400);
    await expect(page.getByRole("heading", { level: 1, name: "We couldn’t save that" })).toBeVisible();
    await expect(page.getByText("nothing was saved")).toBeVisible();
    expect(await cookieNames(context)).toEqual([]);
    await page.getByRole("link", { name: "Review your cookie choices" }).click();
    await expect(prefs.heading(1, "Cookie preferences")).toBeVisible();
  });
});
