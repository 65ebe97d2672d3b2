import { test, expect } from "./fixtures";
import { SitePage } from "./pages/site-page";

test.describe("Site", () => {
  test("home page has the product header, navigation and footer", async ({ page, browserErrors }) => {
    const site = new SitePage(page);
    expect(await site.open("/")).toBe(200);
    await expect(page.getByRole("banner").getByRole("link", { name: "LeadsGen" })).toBeVisible();
    await expect(site.mainNav.getByRole("link")).toHaveText(["Home", "Cookie Policy", "Settings"]);
    await expect(site.mainNav.getByRole("link", { name: "Home" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(site.heading(1, /customers/)).toBeVisible();
    await expect(site.footer.getByRole("link", { name: "Cookie Policy" })).toBeVisible();
    expect(browserErrors).toEqual([]);
  });

  test("an unknown path answers 404 with a helpful page", async ({ page }) => {
    const site = new SitePage(page);
    expect(await site.open("/no/such/page")).toBe(404);
    await expect(site.heading(1, "Page not found")).toBeVisible();
    await expect(site.main.getByRole("link", { name: "Go to the home page" })).toHaveAttribute(
      "href",
      "/",
    );
    await expect(site.footer.getByRole("link", { name: "Cookie Policy" })).toBeVisible();
  });

  for (const path of ["/", "/cookie-policy", "/cookie-preferences", "/settings", "/no/such/page"]) {
    test(`${path} fits a 360 px screen without sideways scrolling`, async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      const site = new SitePage(page);
      await site.open(path);
      expect(await site.overflowsHorizontally()).toBe(false);
    });
  }

  test("the keyboard reaches a skip link first", async ({ page }) => {
    const site = new SitePage(page);
    await site.open("/cookie-policy");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  });
});
