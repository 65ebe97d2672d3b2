import fs from "node:fs";
import { test, expect } from "./fixtures";
import { ConsentBanner } from "./pages/consent-banner";
import { PreferencesDialog } from "./pages/preferences-dialog";
import { PreferencesPage } from "./pages/preferences-page";
import { SitePage } from "./pages/site-page";
import type { Download } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { offlineCheck, savePublicKeys } from "./pages/offline-check";

/** The downloaded receipt, parsed. */
async function receiptOf(download: Download): Promise<Record<string, any>> {
  return JSON.parse(fs.readFileSync(await download.path(), "utf8"));
}

test.describe("Consent receipt", () => {
  test("downloads from the dialog, and its consent ID is the one shown @js", async ({ page }) => {
    const site = new SitePage(page);
    await site.open("/");
    await site.waitForHydration();
    const banner = new ConsentBanner(page);
    await banner.acceptAll.click();
    await expect(banner.region).toBeHidden();
    await site.openCookieSettings();
    const modal = new PreferencesDialog(page);
    await expect(modal.proof).toBeVisible();
    const shown = await modal.switches.consentId();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      modal.switches.receiptDownload.click(),
    ]);
    expect(download.suggestedFilename()).toBe(`leadsgen-consent-receipt-${shown}.json`);
    const receipt = await receiptOf(download);
    expect(receipt.consent_id).toBe(shown);
    expect([receipt.action, receipt.source]).toEqual(["accept_all", "banner"]);
    expect(receipt.controller).toEqual({ name: "LeadsGen", contact: "privacy@leadsgen.app" });
    expect(receipt.history).toEqual([]);
  });

  test("downloads from /cookie-preferences, with or without JavaScript", async ({ page }) => {
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    await expect(prefs.switches.receiptDownload).toHaveCount(0);
    await prefs.switch("analytics").check();
    await prefs.saveChoices.click();
    await expect(prefs.proof).toBeVisible();
    const shown = await prefs.switches.consentId();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      prefs.switches.receiptDownload.click(),
    ]);
    const receipt = await receiptOf(download);
    expect(receipt.consent_id).toBe(shown);
    expect([receipt.action, receipt.source]).toEqual(["save", "preferences_page"]);
    const analytics = receipt.purposes.find((p: { category: string }) => p.category === "analytics");
    expect(analytics).toEqual({ category: "analytics", name: "Analytics", requested: true, effective: true });
  });

  test("a downloaded receipt verifies offline with the published keys, and a changed one does not", async ({
    page,
  }, testInfo) => {
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    await prefs.acceptAll.click();
    await expect(prefs.proof).toBeVisible();
    const shown = await prefs.switches.consentId();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      prefs.switches.receiptDownload.click(),
    ]);
    const file = testInfo.outputPath("receipt.json");
    await download.saveAs(file);
    const keys = await savePublicKeys(page.request, BASE_URL, testInfo);
    const good = offlineCheck(["receipt", "verify", file, "--keys", keys.file]);
    expect(good.output).toContain(`ok: the receipt of consent ${shown}`);
    expect(good.output).toContain(`signed by key ${keys.kid}`);
    expect(good.ok).toBe(true);
    // Any change, here to the consent ID it proves: refused.
    const tampered = testInfo.outputPath("tampered.json");
    const text = fs.readFileSync(file, "utf8");
    const changed = text.replace(`"consent_id": "${shown}"`, `"consent_id": "${"0".repeat(32)}"`);
    expect(changed).not.toBe(text);
    fs.writeFileSync(tampered, changed);
    const bad = offlineCheck(["receipt", "verify", tampered, "--keys", keys.file]);
    expect(bad.output).toContain("does not verify");
    expect(bad.ok).toBe(false);
    // The printable receipt names the signature's key, and where the keys are.
    await prefs.switches.receiptPage.click();
    await expect(page.getByRole("heading", { name: "Signature" })).toBeVisible();
    await expect(page.getByText(keys.kid)).toBeVisible();
    await expect(page.getByRole("link", { name: /consent-log-keys\.json$/ })).toBeVisible();
  });

  test("the printable receipt shows the decision and the one it replaced", async ({ page }) => {
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    await prefs.rejectAll.click();
    await expect(prefs.proof).toBeVisible();
    const first = await prefs.switches.consentId();
    await prefs.acceptAll.click();
    await expect(prefs.proof).not.toContainText(first);
    const second = await prefs.switches.consentId();
    await prefs.switches.receiptPage.click();
    await expect(page.getByRole("heading", { level: 1, name: "Your consent receipt" })).toBeVisible();
    await expect(page.getByRole("table", { name: `Your choices for ${second}` })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Earlier decisions it replaced" })).toBeVisible();
    await expect(page.getByRole("table", { name: `Your choices for ${first}` })).toBeVisible();
  });

  test("without a decision there is no receipt, and none is created @http", async ({ request }) => {
    const response = await request.get("/api/consent/receipt");
    expect(response.status()).toBe(404);
    expect((await response.json()).error).toContain("no cookie decision in force");
    expect(response.headers()["set-cookie"]).toBeUndefined();
  });
});
