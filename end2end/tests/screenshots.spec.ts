import path from "node:path";
import { test, expect } from "./fixtures";
import { PreferencesDialog } from "./pages/preferences-dialog";
import { SitePage } from "./pages/site-page";

/**
 * Screenshots for the README, made by the suite so they always show the current build.
 * They are written to docs/screenshots/ and committed.
 */
const OUT = path.join(__dirname, "..", "..", "docs", "screenshots");

const SIZES = {
  desktop: { width: 1280, height: 900 },
  mobile: { width: 360, height: 740 },
};

for (const [pageName, url] of [
  ["home", "/"],
  ["policy", "/cookie-policy"],
  ["preferences", "/cookie-preferences"],
  ["dialog", "/"],
  ["settings", "/settings"],
  ["home-de", "/de"],
  ["dialog-de", "/de"],
] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const colorScheme of ["light", "dark"] as const) {
      test(`screenshot ${pageName} ${colorScheme} ${size} @js`, async ({ page }) => {
        await page.setViewportSize(viewport);
        // Reduced motion: no half-finished animation, so the same build gives the same image.
        await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
        const site = new SitePage(page);
        await site.open(url);
        await site.waitForHydration();
        if (pageName === "dialog") {
          await site.openCookieSettings();
          await expect(new PreferencesDialog(page).dialog).toBeVisible();
        }
        if (pageName === "dialog-de") {
          await site.footer.getByRole("link", { name: "Cookie-Einstellungen" }).click();
          await expect(page.getByRole("dialog", { name: "Cookie-Einstellungen" })).toBeVisible();
        }
        await page.screenshot({
          path: path.join(OUT, `${pageName}-${colorScheme}-${size}.png`),
          animations: "disabled",
          caret: "hide",
        });
      });
    }
  }
}

// Signed in: the banner says the choice is the account's, and /settings has the account. One
// fixed address (the suite's data directory is fresh each run), so the images stay the same.
test("screenshot signed-in banner and settings @js", async ({ page }) => {
  await page.setViewportSize(SIZES.desktop);
  await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
  const site = new SitePage(page);
  await site.open("/sign-up");
  await page.getByRole("textbox", { name: "E-mail address" }).fill("ana@example.com");
  await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
  await page.getByRole("main").getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("banner")).toContainText("Signed in as ana@example.com");
  await site.open("/");
  await site.waitForHydration();
  await expect(page.getByRole("region", { name: "Cookie consent" })).toContainText(
    "your choice applies to your account on every device",
  );
  await page.screenshot({
    path: path.join(OUT, "home-signed-in-light-desktop.png"),
    animations: "disabled",
    caret: "hide",
  });
  await site.open("/settings");
  await site.waitForHydration();
  await page.screenshot({
    path: path.join(OUT, "settings-signed-in-light-desktop.png"),
    animations: "disabled",
    caret: "hide",
    fullPage: true,
  });
});
