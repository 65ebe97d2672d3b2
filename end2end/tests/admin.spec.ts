import AxeBuilder from "@axe-core/playwright";
import path from "node:path";
import { test, expect } from "./fixtures";
import fs from "node:fs";
import { ADMIN_TOKEN, ADMIN_URL } from "../playwright.config";
import { offlineCheck, savePublicKeys } from "./pages/offline-check";
import { ADMIN_AUTH, AdminPage, exportLines, recordLines } from "./pages/admin-page";
import { PreferencesPage } from "./pages/preferences-page";

/**
 * The admin view, against the second server (project "admin"), whose log holds only the
 * decisions these tests make. They run in order.
 */
const SCREENSHOTS = path.join(__dirname, "..", "..", "docs", "screenshots");

test.describe("Admin view @admin", () => {
  test("needs the token: 401 with the challenges, then the dashboard", async ({ page, request }) => {
    const anonymous = await request.get("/admin");
    expect(anonymous.status()).toBe(401);
    expect(anonymous.headers()["www-authenticate"]).toContain('Basic realm="LeadsGen consent log"');
    const wrong = await request.get("/admin", { headers: { Authorization: "Bearer nope" } });
    expect(wrong.status()).toBe(401);
    const bearer = await request.get("/admin", { headers: ADMIN_AUTH });
    expect(bearer.status()).toBe(200);
    expect(bearer.headers()["cache-control"]).toBe("no-store");

    // A browser with the token as HTTP Basic password, any user name.
    await page.context().setHTTPCredentials({ username: "anyone", password: ADMIN_TOKEN });
    const admin = new AdminPage(page);
    expect(await admin.goto()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "Consent log" })).toBeVisible();
    await expect(admin.chainStatus).toHaveText(/^Intact\./);
  });

  test("the export's rows are exactly the decisions made, in NDJSON and CSV", async ({
    browser,
    request,
  }) => {
    const before = await exportLines(request, "ndjson");
    const made: string[] = [];
    for (const choice of ["acceptAll", "rejectAll", "saveChoices"] as const) {
      const context = await browser.newContext();
      const prefs = new PreferencesPage(await context.newPage());
      await prefs.goto();
      await prefs[choice].click();
      await expect(prefs.proof).toBeVisible();
      made.push(await prefs.switches.consentId());
      await context.close();
    }
    const ndjson = await exportLines(request, "ndjson");
    const csv = await exportLines(request, "csv");
    expect(ndjson.length - before.length).toBe(made.length);
    expect(csv.length).toBe(ndjson.length);
    const added = ndjson.slice(before.length).map((l) => JSON.parse(l));
    expect(added.map((r) => r.consent_id)).toEqual(made);
    expect(added.map((r) => [r.action, r.source])).toEqual([
      ["accept_all", "preferences_page"],
      ["reject_all", "preferences_page"],
      ["save", "preferences_page"],
    ]);
    expect(csv.map((l) => l.split(",")[1])).toEqual(ndjson.map((l) => JSON.parse(l).consent_id));
  });

  test("the dashboard charts what was recorded, axe-clean, with figures for screen readers", async ({
    page,
    request,
  }) => {
    const total = (await exportLines(request, "ndjson")).length;
    expect(total).toBeGreaterThan(0);
    await page.context().setHTTPCredentials({ username: "admin", password: ADMIN_TOKEN });
    const admin = new AdminPage(page);
    await admin.goto();
    await expect(admin.figure("Decisions recorded")).toHaveText(String(total));
    await expect(admin.chainStatus).toContainText(`${total} records verified`);
    for (const chart of ["Decisions per day", "Opt-in per category", "Accept all, Reject all, custom"]) {
      await expect(admin.chart(chart)).toBeVisible();
    }
    await expect(page.getByRole("row", { name: /Accept all/ })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({
      path: path.join(SCREENSHOTS, "admin-dashboard.png"),
      fullPage: true,
      animations: "disabled",
      caret: "hide",
      // The dates under the chart change from day to day: painted over in the page's white,
      // so the same build makes the same picture.
      mask: [page.locator("svg text").filter({ hasText: /^[A-Z][a-z]{2} \d+$/ })],
      maskColor: "#ffffff",
    });
  });

  test("a date range bounds the export; a bad date is a 400", async ({ request }) => {
    const all = await exportLines(request, "csv");
    const response = await request.get("/admin/consents.csv?from=2999-01-01", { headers: ADMIN_AUTH });
    expect((await response.text()).trim().split("\n")).toHaveLength(1);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const recent = await request.get(`/admin/consents.ndjson?from=${hourAgo}`, {
      headers: ADMIN_AUTH,
    });
    expect(recordLines(await recent.text(), "ndjson")).toHaveLength(all.length);
    expect(all.length).toBeGreaterThan(0);
    const bad = await request.get("/admin/consents.csv?to=tomorrow", { headers: ADMIN_AUTH });
    expect(bad.status()).toBe(400);
  });

  test("the NDJSON export verifies offline with the public keys alone, and an edited line is named", async ({
    request,
  }, testInfo) => {
    const response = await request.get("/admin/consents.ndjson", { headers: ADMIN_AUTH });
    const text = await response.text();
    const file = testInfo.outputPath("consents.ndjson");
    fs.writeFileSync(file, text);
    const keys = await savePublicKeys(request, ADMIN_URL, testInfo);
    const good = offlineCheck(["log", "verify-export", file, "--keys", keys.file]);
    expect(good.output).toMatch(/^ok: \d+ records/);
    expect(good.ok).toBe(true);
    // An edited decision: the check names its line.
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.includes('"action":"accept_all"'));
    expect(at).toBeGreaterThan(0);
    lines[at] = lines[at].replace('"action":"accept_all"', '"action":"reject_all"');
    const edited = testInfo.outputPath("edited.ndjson");
    fs.writeFileSync(edited, lines.join("\n"));
    const bad = offlineCheck(["log", "verify-export", edited, "--keys", keys.file]);
    expect(bad.output).toContain(`broken: line ${at + 1}: `);
    expect(bad.ok).toBe(false);
  });
});

test.describe("Admin view without a token @http", () => {
  test("is off on a server without LEADSGEN_ADMIN_TOKEN: the site's 404", async ({ request }) => {
    const response = await request.get("/admin");
    expect(response.status()).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });
});
