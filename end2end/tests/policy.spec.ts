import { test, expect } from "./fixtures";
import { PolicyPage } from "./pages/policy-page";

/** The seed policy's tables: what the registry must produce. */
const TABLES: Record<string, string[]> = {
  "Strictly necessary (always on)": [
    "next-auth.session-token",
    "next-auth.csrf-token",
    "__stripe_mid",
    "cookie-consent",
  ],
  "Functional (opt-in)": ["theme", "sidebar-collapsed", "last-workspace"],
  "Analytics (opt-in)": ["_plausible", "_vercel_analytics"],
  "Marketing (opt-in, EU strict)": ["_fbp", "_gcl_au"],
};

const SECTIONS = [
  "1. What are cookies?",
  "2. Types of cookies we use",
  "3. How to manage cookies",
  "4. Do Not Track",
  "5. Changes to this policy",
  "6. Contact",
];

test.describe("Cookie Policy page", () => {
  test("shows the four tables with the right cookies in each", async ({ page }) => {
    const policy = new PolicyPage(page);
    expect(await policy.goto()).toBe(200);
    await expect(page.getByRole("table")).toHaveCount(4);
    for (const [heading, names] of Object.entries(TABLES)) {
      expect(await policy.columns(heading)).toEqual(["Cookie", "Purpose", "Duration"]);
      expect(await policy.cookieNames(heading)).toEqual(names);
    }
    const marketing = policy.table("Marketing (opt-in, EU strict)");
    await expect(marketing.getByRole("row", { name: /_fbp/ })).toContainText(
      "Facebook Pixel (conversion tracking)",
    );
    await expect(marketing.getByRole("row", { name: /_fbp/ })).toContainText("90 days");
  });

  test("has one h1, the six sections as h2 and a h3 per category, without console errors", async ({
    page,
    browserErrors,
  }) => {
    const policy = new PolicyPage(page);
    await policy.goto();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cookie Policy");
    await expect(page.getByRole("heading", { level: 2 })).toHaveText(SECTIONS);
    await expect(page.getByRole("heading", { level: 3 })).toHaveText(Object.keys(TABLES));
    await expect(page).toHaveTitle(/Cookie Policy/);
    expect(browserErrors).toEqual([]);
  });

  test("dates the policy and links to the contact and aboutcookies.org", async ({ page }) => {
    const policy = new PolicyPage(page);
    await policy.goto();
    await expect(policy.main).toContainText("Last updated: April 12, 2026");
    await expect(policy.lastUpdated).toHaveAttribute("datetime", "2026-04-12");
    await expect(page.getByRole("link", { name: "privacy@leadsgen.app" })).toHaveAttribute(
      "href",
      "mailto:privacy@leadsgen.app",
    );
    await expect(page.getByRole("link", { name: "aboutcookies.org" })).toHaveAttribute(
      "href",
      /^https:\/\/www\.aboutcookies\.org/,
    );
  });

  test("is reachable from the header and from the footer of the home page", async ({ page }) => {
    const policy = new PolicyPage(page);
    await policy.open("/");
    await policy.mainNav.getByRole("link", { name: "Cookie Policy" }).click();
    await expect(page).toHaveURL(/\/cookie-policy$/);
    await expect(policy.mainNav.getByRole("link", { name: "Cookie Policy" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await policy.open("/");
    await policy.footer.getByRole("link", { name: "Cookie Policy" }).click();
    await expect(policy.heading(1, "Cookie Policy")).toBeVisible();
  });

  test("hydrates the islands without console errors @js", async ({ page, browserErrors }) => {
    const policy = new PolicyPage(page);
    await policy.goto();
    await policy.waitForHydration();
    expect(browserErrors).toEqual([]);
  });
});
