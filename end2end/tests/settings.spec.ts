import AxeBuilder from "@axe-core/playwright";
import { test, expect } from "./fixtures";
import { SettingsPage } from "./pages/settings-page";
import { cookieNames } from "./consent-helpers";

/**
 * The settings page and the functional cookies it writes. Every control is a plain form, so
 * these run with JavaScript on and off alike.
 */

async function allowFunctional(settings: SettingsPage) {
  await settings.goto();
  await settings.privacySwitch("functional").check();
  await settings.savePreferences.click();
  await expect(settings.privacySwitch("functional")).toBeChecked();
}

test.describe("Settings", () => {
  test("has the privacy switches, the sidebar, and the workspace picker", async ({ page }) => {
    const settings = new SettingsPage(page);
    expect(await settings.goto()).toBe(200);
    await expect(settings.heading(1, "Account settings")).toBeVisible();
    await expect(settings.privacySwitch("analytics")).not.toBeChecked();
    await expect(settings.sidebarToggle()).toHaveAttribute("aria-expanded", "true");
    await expect(settings.workspace).toBeVisible();
    await expect(settings.mainNav.getByRole("link", { name: "Settings" })).toHaveAttribute(
      "aria-current",
      "page",
    );
  });

  test("without functional consent, the theme applies to this page only", async ({
    page,
    context,
  }) => {
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.themeButton("Dark").click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await expect(settings.themeButton("Dark")).toHaveAttribute("aria-pressed", "true");
    await expect(settings.pageOnlyNotice).toBeVisible();
    expect(await cookieNames(context)).toEqual([]);
    await settings.goto();
    expect(await settings.theme()).toBe("system");

    // The sidebar and the workspace behave the same way.
    await settings.sidebarToggle().click();
    await expect(settings.sidebarToggle()).toHaveAttribute("aria-expanded", "false");
    await settings.workspace.selectOption({ label: "Northwind Outreach" });
    await settings.switchWorkspace.click();
    await expect(settings.main).toContainText("Current workspace: Northwind Outreach");
    await expect(settings.sidebarToggle()).toHaveAttribute("aria-expanded", "false");
    expect(await cookieNames(context)).toEqual([]);
    await settings.goto();
    await expect(settings.sidebarToggle()).toHaveAttribute("aria-expanded", "true");
    await expect(settings.main).toContainText("Current workspace: none yet");
  });

  test("Remember my choices allows functional cookies and stores the theme", async ({
    page,
    context,
  }) => {
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.themeButton("Dark").click();
    await settings.remember.click();
    await expect(page).toHaveURL(/\/settings$/);
    expect(await cookieNames(context)).toEqual(["cookie-consent", "theme"]);
    await settings.goto();
    expect(await settings.theme()).toBe("dark");
    await expect(settings.privacySwitch("functional")).toBeChecked();
    await expect(settings.privacySwitch("analytics")).not.toBeChecked();
  });

  test("with functional consent, theme, sidebar and workspace persist and render on the server", async ({
    page,
    context,
  }) => {
    const settings = new SettingsPage(page);
    await allowFunctional(settings);
    await settings.themeButton("Dark").click();
    await settings.sidebarToggle().click();
    await settings.workspace.selectOption({ label: "Globex EMEA" });
    await settings.switchWorkspace.click();
    expect(await cookieNames(context)).toEqual([
      "cookie-consent",
      "last-workspace",
      "sidebar-collapsed",
      "theme",
    ]);
    // The server's HTML after a reload, read over HTTP with the browser's cookies.
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const html = await (await page.request.get("/settings", { headers: { cookie } })).text();
    expect(html).toContain('data-theme="dark"');
    expect(html).toContain("settings--collapsed");
    expect(html).toContain("Current workspace: <strong>Globex EMEA</strong>");
    await page.reload();
    expect(await settings.theme()).toBe("dark");
    await expect(settings.sidebarToggle()).toHaveAttribute("aria-expanded", "false");
    await expect(settings.main).toContainText("Current workspace: Globex EMEA");
    await expect(settings.pageOnlyNotice).toHaveCount(0);
  });

  test("revoking functional consent deletes all three cookies", async ({ page, context }) => {
    const settings = new SettingsPage(page);
    await allowFunctional(settings);
    await settings.themeButton("Light").click();
    await settings.sidebarToggle().click();
    await settings.switchWorkspace.click();
    expect(await cookieNames(context)).toHaveLength(4);
    await settings.privacySwitch("functional").uncheck();
    await settings.savePreferences.click();
    await expect(settings.privacySwitch("functional")).not.toBeChecked();
    expect(await cookieNames(context)).toEqual(["cookie-consent"]);
    expect(await settings.theme()).toBe("system");
  });

  test("privacy switches follow the same signal rules @signals", async ({ page }) => {
    const settings = new SettingsPage(page);
    await settings.goto();
    await expect(settings.privacySwitch("analytics")).toBeDisabled();
    await expect(settings.privacySwitch("marketing")).toBeDisabled();
    await expect(settings.privacySwitch("functional")).toBeEnabled();
  });

  for (const colorScheme of ["light", "dark"] as const) {
    test(`axe finds no violations on /settings (${colorScheme}) @js`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await new SettingsPage(page).goto();
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
    });
  }
});
