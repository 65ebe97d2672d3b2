import { test, expect } from "./fixtures";
import { BASE_URL } from "../playwright.config";
import { cookieNames } from "./consent-helpers";
import { ConsentBanner } from "./pages/consent-banner";

/**
 * Issue 22 §2: a declared tracker cookie that reaches the site without consent (set before
 * consent, or outliving a withdrawal) is expired by the page that sees it, as the policy
 * promises; an undeclared cookie is not ours to touch.
 */
test.describe("The live cookie audit", () => {
  test("expires a marketing cookie that came without consent, and leaves other apps' cookies", async ({
    page,
    context,
  }) => {
    await context.addCookies([
      { name: "_fbp", value: "fb.1.1700000000000.123", url: BASE_URL },
      { name: "other_app_session", value: "keep-me", url: BASE_URL },
    ]);
    await page.goto("/cookie-policy");
    await expect(new ConsentBanner(page).region).toBeVisible();
    const names = await cookieNames(context);
    expect(names).not.toContain("_fbp");
    expect(names).toContain("other_app_session");
  });

  test("keeps a marketing cookie once marketing is consented", async ({ page, context }) => {
    await page.goto("/cookie-policy");
    await new ConsentBanner(page).acceptAll.click();
    await expect(new ConsentBanner(page).region).toBeHidden();
    await context.addCookies([{ name: "_fbp", value: "fb.1.1700000000000.123", url: BASE_URL }]);
    await page.goto("/cookie-policy");
    expect(await cookieNames(context)).toContain("_fbp");
  });
});
