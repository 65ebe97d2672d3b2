import AxeBuilder from "@axe-core/playwright";
import { test, expect } from "./fixtures";
import { SitePage } from "./pages/site-page";

// axe runs as a script inside the page, so these tests need JavaScript (@js). The DOM they check
// is the server's HTML either way: islands hydrate it without re-rendering.
// A fresh browser context has no consent cookie, so every page is checked with the banner shown.
for (const path of ["/", "/cookie-policy", "/cookie-preferences", "/no/such/page"]) {
  for (const colorScheme of ["light", "dark"] as const) {
    test(`axe finds no violations on ${path} (${colorScheme}) @js`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await new SitePage(page).open(path);
      const results = await new AxeBuilder({ page }).analyze();
      const summary = results.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
      );
      expect(summary).toEqual([]);
    });
  }
}
