import { test, expect } from "./fixtures";
import { BASE_URL } from "../playwright.config";
import { cookieNames, ownClient } from "./consent-helpers";
import { ConsentBanner } from "./pages/consent-banner";
import { SitePage } from "./pages/site-page";

/**
 * Issue 24 §2: one client cannot flood the consent log. Its allowance of decisions
 * (LEADSGEN_DECISION_BURST, default 60 at once, refilled at 10 a second) is spent here as a
 * script would spend it; the person behind that address who then clicks is told to wait,
 * and nothing is saved: no cookie, the banner stays.
 */
const BURST = 60;

/** Spends `client`'s allowance: BURST decisions posted at once, each acknowledged. */
async function spendAllowance(
  request: import("@playwright/test").APIRequestContext,
  client: Record<string, string>,
) {
  const origin = new URL(BASE_URL).origin;
  const statuses = await Promise.all(
    Array.from({ length: BURST }, () =>
      request
        .post("/api/consent/reject-all", {
          headers: { ...client, Accept: "application/json", Origin: origin },
          form: { source: "api" },
        })
        .then((r) => r.status()),
    ),
  );
  expect(statuses.filter((s) => s === 200)).toHaveLength(BURST);
}

test.describe("A client over its allowance of decisions", () => {
  test("gets a page that says to wait, and no cookie @nojs", async ({ page, context, request }) => {
    const client = ownClient();
    await spendAllowance(request, client);
    await page.setExtraHTTPHeaders(client);
    await page.goto("/cookie-policy");
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/consent/accept-all")),
      new ConsentBanner(page).acceptAll.click(),
    ]);
    expect(answer.status()).toBe(429);
    expect(Number(answer.headers()["retry-after"])).toBeGreaterThan(0);
    await expect(
      page.getByText("Too many choices were sent from your network in a short time"),
    ).toBeVisible();
    await expect(page.getByRole("link", { name: "Review your cookie choices" })).toBeVisible();
    expect(await cookieNames(context)).not.toContain("cookie-consent");
  });

  test("is told in the banner that the choice was not saved @js", async ({
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
    await expect(page.getByRole("alert")).toContainText("error 429");
    await expect(banner.region).toBeVisible();
    expect(await cookieNames(context)).not.toContain("cookie-consent");
  });

  test("leaves another client's decisions alone", async ({ page, request }) => {
    await spendAllowance(request, ownClient());
    await page.setExtraHTTPHeaders(ownClient());
    await page.goto("/cookie-policy");
    const banner = new ConsentBanner(page);
    await banner.rejectAll.click();
    await expect(banner.region).toBeHidden();
  });
});
