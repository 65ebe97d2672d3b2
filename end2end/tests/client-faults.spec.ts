import { test, expect } from "./fixtures";
import { BASE_URL } from "../playwright.config";
import { signedConsentCookie } from "./consent-helpers";
import { ConsentBanner } from "./pages/consent-banner";
import { PreferencesDialog } from "./pages/preferences-dialog";
import { PreferencesPage } from "./pages/preferences-page";
import { SitePage } from "./pages/site-page";

/**
 * The faults that visitors, crawlers and other apps found (issue 19), where a browser is
 * involved. The open redirect is tested at the HTTP level (tests/router/client_faults.rs):
 * a browser never sends a raw backslash in a path, and resolving the bad Location here would
 * send a request off this machine.
 */

/** A revision before the policy in force (2026-04-12): a decision under it is outdated. */
const EARLIER_REVISION = "2025-09-01";

test.describe("Another app's cookie", () => {
  test("with a non-ASCII byte, does not bring the banner back", async ({ context, page }) => {
    // Another app on the same host set it; the browser sends it in the same Cookie header.
    await context.addCookies([{ name: "other-app", value: "café", url: BASE_URL }]);
    const site = new SitePage(page);
    await site.open("/cookie-policy");
    const banner = new ConsentBanner(page);
    await expect(banner.region).toBeVisible();
    if (test.info().project.use.javaScriptEnabled !== false) await site.waitForHydration();
    await banner.acceptAll.click();
    await expect(banner.region).toBeHidden();
    const sent: Promise<string>[] = [];
    page.on("request", (r) => sent.push(r.allHeaders().then((h) => h["cookie"] ?? "")));
    await page.reload();
    await expect(banner.region).toBeHidden();
    await site.open("/settings");
    await expect(banner.region).toBeHidden();
    // Both went in the same header.
    const cookies = await Promise.all(sent);
    expect(cookies.some((c) => c.includes("other-app=") && c.includes("cookie-consent="))).toBe(true);
  });
});

test.describe("Keep my previous choices", () => {
  test("once kept, the dialog no longer offers it, and a second tab's Keep ends well @js", async ({
    context,
    page,
  }) => {
    await context.addCookies([signedConsentCookie(EARLIER_REVISION, ["analytics"])]);
    const tab = new SitePage(page);
    const otherTab = new SitePage(await context.newPage());
    for (const t of [tab, otherTab]) {
      await t.open("/");
      await t.waitForHydration();
    }
    const modal = new PreferencesDialog(page);
    await tab.openCookieSettings();
    await expect(modal.keepPrevious).toBeVisible();
    await modal.keepPrevious.click();
    await expect(modal.dialog).toBeHidden();
    await expect(new ConsentBanner(page).region).toBeHidden();
    // Opened again, the dialog shows what is in force and offers nothing from before.
    await tab.openCookieSettings();
    await expect(modal.dialog).toBeVisible();
    await expect(modal.keepPrevious).toBeHidden();
    await expect(modal.dialog.getByText(/^Before the policy update/).filter({ visible: true })).toHaveCount(0);
    expect(await modal.state()).toEqual({ functional: false, analytics: true, marketing: false });
    await modal.close.click();

    // The other tab still offers it: pressing it there keeps what is in force, no error.
    const otherModal = new PreferencesDialog(otherTab.page);
    await otherTab.openCookieSettings();
    await otherModal.keepPrevious.click();
    await expect(otherModal.dialog).toBeHidden();
    await expect(otherTab.page.getByRole("alert")).toHaveCount(0);
    await expect(new ConsentBanner(otherTab.page).region).toBeHidden();
    await expect(otherTab.page.getByRole("status")).toHaveText(
      "Saved: functional off, analytics on, marketing off",
    );
    await otherTab.openCookieSettings();
    await expect(otherModal.keepPrevious).toBeHidden();
  });

  test("any decision ends the offer: after Accept all in the banner, the dialog offers no Keep @js", async ({
    context,
    page,
  }) => {
    await context.addCookies([signedConsentCookie(EARLIER_REVISION, ["analytics"])]);
    const site = new SitePage(page);
    await site.open("/cookie-policy");
    await site.waitForHydration();
    const banner = new ConsentBanner(page);
    await banner.acceptAll.click();
    await expect(banner.region).toBeHidden();
    await site.openCookieSettings();
    const modal = new PreferencesDialog(page);
    await expect(modal.dialog).toBeVisible();
    await expect(modal.keepPrevious).toBeHidden();
    await expect(modal.dialog.getByText(/^Before the policy update/).filter({ visible: true })).toHaveCount(0);
    expect(await modal.state()).toEqual({ functional: true, analytics: true, marketing: true });
  });

  test("in two tabs without JavaScript, the second Keep lands back with the kept choices @nojs", async ({
    context,
    page,
  }) => {
    await context.addCookies([signedConsentCookie(EARLIER_REVISION, ["analytics"])]);
    const first = new PreferencesPage(page);
    const second = new PreferencesPage(await context.newPage());
    await first.goto();
    await second.goto();
    await first.keepPrevious.click();
    await expect(first.proof).toBeVisible();
    await second.keepPrevious.click();
    await expect(second.page).toHaveURL(/\/cookie-preferences\?saved=consent#saved$/);
    await expect(second.heading(1, "Cookie preferences")).toBeVisible();
    await expect(second.proof).toBeVisible();
    expect(await second.state()).toEqual({ functional: false, analytics: true, marketing: false });
    await expect(second.keepPrevious).toHaveCount(0);
    // One decision: both tabs show the same consent ID.
    expect(await second.switches.consentId()).toBe(await first.switches.consentId());
  });
});

test.describe("A receipt's policy URL", () => {
  test("of a German decision leads to the German text its hash covers", async ({ page }) => {
    const site = new SitePage(page);
    await site.open("/de/cookie-policy");
    if (test.info().project.use.javaScriptEnabled !== false) await site.waitForHydration();
    const banner = page.getByRole("region", { name: "Cookie-Einwilligung" });
    await banner.getByRole("button", { name: "Alle ablehnen" }).click();
    await expect(banner).toBeHidden();
    // Read by someone who prefers English.
    const response = await page.request.get("/api/consent/receipt", {
      headers: { "Accept-Language": "en" },
    });
    expect(response.status()).toBe(200);
    const receipt = await response.json();
    expect(receipt.locale).toBe("de");
    expect(receipt.policy.url).toBe(`${BASE_URL}/de/cookie-policy`);
    await site.open(receipt.policy.url);
    await expect(site.heading(1, "Cookie-Richtlinie")).toBeVisible();
  });
});

test.describe("Search engines", () => {
  test("get absolute hreflang alternates and an absolute canonical link", async ({ page }) => {
    await page.goto("/de/settings?theme=dark");
    const href = (selector: string) => page.locator(selector).getAttribute("href");
    expect(await href('link[rel="canonical"]')).toBe(`${BASE_URL}/de/settings`);
    for (const [lang, path] of [
      ["en", "/en/settings?theme=dark"],
      ["de", "/de/settings?theme=dark"],
      ["fr", "/fr/settings?theme=dark"],
      ["x-default", "/settings?theme=dark"],
    ]) {
      expect(await href(`link[rel="alternate"][hreflang="${lang}"]`)).toBe(`${BASE_URL}${path}`);
    }
  });
});

test.describe("The CSP nonce", () => {
  test("appears only in nonce attributes, and the island still hydrates @js", async ({ page }) => {
    const site = new SitePage(page);
    for (const path of ["/", "/cookie-policy", "/de/cookie-preferences", "/fr/settings"]) {
      const response = await page.goto(path);
      const csp = response!.headers()["content-security-policy"];
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      // In the HTML as sent: every occurrence is a nonce attribute's value.
      const html = await response!.text();
      const elsewhere = html.split(nonce!).slice(0, -1).filter((before) => !before.endsWith(' nonce="'));
      expect(elsewhere, path).toEqual([]);
      // In the document: no other attribute holds it, so no CSS selector can read it out.
      const attributes = await page.evaluate(
        (n) =>
          [...document.querySelectorAll("*")].flatMap((el) =>
            [...el.attributes]
              .filter((a) => a.name !== "nonce" && a.value.includes(n))
              .map((a) => `${el.localName}[${a.name}]`),
          ),
        nonce!,
      );
      expect(attributes, path).toEqual([]);
      await site.waitForHydration();
    }
  });
});

test.describe("A same-origin post", () => {
  test("with Origin: null behind a no-referrer proxy still saves @nojs", async ({ page }) => {
    // A proxy or CDN that adds Referrer-Policy: no-referrer to every page.
    await page.route("**/cookie-preferences", async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), "referrer-policy": "no-referrer" },
      });
    });
    const origins: Promise<string | undefined>[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") origins.push(r.allHeaders().then((h) => h["origin"]));
    });
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    await prefs.rejectAll.click();
    await expect(prefs.proof).toBeVisible();
    await expect(page).toHaveURL(/\/cookie-preferences\?saved=consent#saved$/);
    expect(await Promise.all(origins)).toEqual(["null"]);
  });
});
