import type { APIRequestContext, BrowserContext } from "@playwright/test";
import { test, expect } from "./fixtures";
import { LIMITS_BURST, LIMITS_URL } from "../playwright.config";
import { ownClient } from "./consent-helpers";
import { ConsentBanner } from "./pages/consent-banner";
import { SitePage } from "./pages/site-page";

/**
 * Issue 24 §2: one client cannot flood the consent log. Against the suite's third server
 * (playwright.config.ts), whose clients may make LIMITS_BURST decisions and then one a
 * minute: the allowance is spent here as a script would spend it, and the person behind that
 * address who then clicks is told to wait, and nothing is saved: no cookie, the banner stays.
 * (The default allowance, 60 at once and 10 a second, is tested over real connections in
 * tests/decision_limits.rs and by the soak's flood.)
 */

/** Spends `client`'s allowance: LIMITS_BURST decisions, each acknowledged. */
async function spendAllowance(request: APIRequestContext, client: Record<string, string>) {
  for (let i = 0; i < LIMITS_BURST; i++) {
    const answer = await request.post("/api/consent/reject-all", {
      headers: { ...client, Accept: "application/json", Origin: new URL(LIMITS_URL).origin },
      form: { source: "api" },
    });
    expect(answer.status()).toBe(200);
  }
}

async function consentCookie(context: BrowserContext) {
  return (await context.cookies(LIMITS_URL)).find((c) => c.name === "cookie-consent");
}

test.describe("A client over its allowance of decisions @limits", () => {
  test("gets a page that says to wait, and no cookie, without JavaScript", async ({
    browser,
    request,
  }) => {
    const client = ownClient();
    await spendAllowance(request, client);
    const context = await browser.newContext({
      baseURL: LIMITS_URL,
      javaScriptEnabled: false,
      extraHTTPHeaders: client,
    });
    const page = await context.newPage();
    await page.goto("/cookie-policy");
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/consent/accept-all")),
      new ConsentBanner(page).acceptAll.click(),
    ]);
    expect(answer.status()).toBe(429);
    // One decision a minute refills the allowance.
    expect(Number(answer.headers()["retry-after"])).toBeGreaterThan(30);
    expect(Number(answer.headers()["retry-after"])).toBeLessThanOrEqual(60);
    await expect(
      page.getByText("Too many choices were sent from your network in a short time"),
    ).toBeVisible();
    await expect(page.getByRole("link", { name: "Review your cookie choices" })).toBeVisible();
    expect(await consentCookie(context)).toBeUndefined();
    await context.close();
  });

  test("is told in the banner that the choice was not saved, with JavaScript", async ({
    page,
    context,
    request,
  }) => {
    const client = ownClient();
    await page.setExtraHTTPHeaders(client);
    await page.goto("/cookie-policy");
    const banner = new ConsentBanner(page);
    await new SitePage(page).waitForHydration();
    await spendAllowance(request, client);
    await banner.acceptAll.click();
    // The island says why, with the wait from Retry-After (one decision a minute refills the
    // allowance), as the page without JavaScript does.
    const alert = page.getByRole("alert");
    await expect(alert).toContainText(
      /Too many choices were sent from your network in a short time, so this one was not saved and no cookie was set\. Please try again in \d+ s\./,
    );
    const wait = Number(/try again in (\d+) s/.exec((await alert.textContent()) ?? "")?.[1]);
    expect(wait).toBeGreaterThan(30);
    expect(wait).toBeLessThanOrEqual(60);
    await expect(banner.region).toBeVisible();
    expect(await consentCookie(context)).toBeUndefined();
  });

  test("leaves another client's decisions alone", async ({ page, request }) => {
    const spent = ownClient();
    await spendAllowance(request, spent);
    const refused = await request.post("/api/consent/reject-all", {
      headers: { ...spent, Accept: "application/json", Origin: new URL(LIMITS_URL).origin },
      form: { source: "api" },
    });
    expect(refused.status()).toBe(429);
    await page.setExtraHTTPHeaders(ownClient());
    await page.goto("/cookie-policy");
    const banner = new ConsentBanner(page);
    await banner.rejectAll.click();
    await expect(banner.region).toBeHidden();
  });
});
