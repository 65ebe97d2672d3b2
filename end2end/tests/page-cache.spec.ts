import { test, expect } from "./fixtures";
import { PreferencesDialog } from "./pages/preferences-dialog";
import { PreferencesPage } from "./pages/preferences-page";
import { SitePage } from "./pages/site-page";

/**
 * Pages come from the server's page cache: a page rendered once per variant, filled per
 * response with a fresh nonce and the visitor's own consent ID and date. Two visitors with
 * the same choices share a variant, so the second one's pages are filled from the template
 * the first one's visit left; each must still see only their own proof, on every visit.
 */

test.describe("Pages served from the page cache", () => {
  test("a cached page comes as brotli spliced from its template, and works", async ({ page }) => {
    const site = new SitePage(page);
    // Chromium accepts gzip, deflate, br and zstd. The first visit of the variant is a render
    // (compressed as usual); once the template is kept, answers are spliced brotli streams.
    await site.open("/cookie-policy");
    // A spliced answer is whole before it is sent, so it has a Content-Length; a render
    // compressed by the layer is streamed (chunked).
    let headers: Record<string, string> = {};
    await expect(async () => {
      const response = await page.goto("/cookie-policy");
      headers = response?.headers() ?? {};
      expect(headers["content-length"]).toBeDefined();
    }).toPass({ timeout: 10_000 });
    expect(headers["content-encoding"]).toBe("br");
    await expect(site.heading(1, "Cookie Policy")).toBeVisible();
    await expect(page.getByRole("region", { name: "Cookie consent" })).toBeVisible();
    if (test.info().project.use.javaScriptEnabled !== false) await site.waitForHydration();
  });

  test("two visitors with the same choices each see their own consent ID and date", async ({
    page,
    context,
  }) => {
    const prefs = new PreferencesPage(page);
    const decide = async () => {
      await prefs.goto();
      await prefs.rejectAll.click();
      await expect(prefs.proof).toBeVisible();
      return prefs.switches.consentId();
    };
    const first = await decide();
    const firstCookies = await context.cookies();
    // A second visitor in the same browser: a new decision, the same variant.
    await context.clearCookies();
    const second = await decide();
    expect(second).not.toBe(first);
    const today = new Date().toISOString().slice(0, 10);
    // The page's plain URL (the post came back with a `saved` marker, which is never cached).
    for (let i = 0; i < 3; i++) {
      await prefs.goto();
      await expect(page).toHaveURL(/\/cookie-preferences$/);
      expect(await prefs.switches.consentId()).toBe(second);
      await expect(prefs.proof.locator("time")).toHaveAttribute("datetime", today);
    }
    // The first visitor again: their own ID, from the same template.
    await context.clearCookies();
    await context.addCookies(firstCookies);
    for (let i = 0; i < 2; i++) {
      await prefs.goto();
      expect(await prefs.switches.consentId()).toBe(first);
    }
  });

  test("a cached page's scripts run under its own nonce: the dialog opens and shows the proof @js", async ({
    page,
  }) => {
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    await prefs.rejectAll.click();
    const id = await prefs.switches.consentId();
    // The same page twice more: at least one of them is filled from the template. The
    // fixtures fail the test on any CSP violation, so every inline script must carry the
    // nonce its response's policy allows.
    for (const path of ["/cookie-policy", "/cookie-policy"]) {
      const site = new SitePage(page);
      await site.open(path);
      await site.waitForHydration();
      await site.openCookieSettings();
      const dialog = new PreferencesDialog(page);
      await expect(dialog.proof).toBeVisible();
      expect(await dialog.switches.consentId()).toBe(id);
      await page.keyboard.press("Escape");
    }
  });

  test("a HEAD is answered like the GET from the kept page, without a body @http", async ({
    request,
  }) => {
    // Once the template is kept, a GET's answer is whole, with a Content-Length.
    let get: Record<string, string> = {};
    await expect(async () => {
      const response = await request.get("/fr/cookie-policy");
      get = response.headers();
      expect(get["content-length"]).toBeDefined();
    }).toPass({ timeout: 10_000 });
    const head = await request.fetch("/fr/cookie-policy", { method: "HEAD" });
    expect(head.status()).toBe(200);
    expect((await head.body()).length).toBe(0);
    for (const name of ["content-type", "content-encoding", "content-length", "vary"]) {
      expect(head.headers()[name], name).toBe(get[name]);
    }
  });

  test("every response has a new nonce, and every inline script carries it @http", async ({
    request,
  }) => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      for (const path of ["/", "/cookie-policy", "/de/settings"]) {
        const response = await request.get(path);
        expect(response.status()).toBe(200);
        const policy = response.headers()["content-security-policy"];
        const nonce = /'nonce-([A-Za-z0-9_-]+)'/.exec(policy)?.[1];
        expect(nonce, `${path}: ${policy}`).toBeTruthy();
        expect(seen.has(nonce!), `${path}: a nonce came twice`).toBe(false);
        seen.add(nonce!);
        const html = await response.text();
        const carried = [...html.matchAll(/nonce="([^"]*)"/g)].map((m) => m[1]);
        expect(carried.length).toBeGreaterThan(0);
        expect(new Set(carried)).toEqual(new Set([nonce]));
      }
    }
  });
});
