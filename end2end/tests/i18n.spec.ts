import AxeBuilder from "@axe-core/playwright";
import { test, expect } from "./fixtures";
import { SitePage } from "./pages/site-page";

/**
 * German and French, decided on the server. What a visitor reads in each language is written
 * here as a visitor would read it, not imported from the tables under test.
 */
const LANGUAGES = {
  de: {
    prefix: "/de",
    banner: "Cookie-Einwilligung",
    acceptAll: "Alle akzeptieren",
    rejectAll: "Alle ablehnen",
    manage: "Einstellungen verwalten",
    dialog: "Cookie-Einstellungen",
    close: "Schließen",
    save: "Einstellungen speichern",
    footerSettings: "Cookie-Einstellungen",
    allow: (category: string) => `Cookies der Kategorie „${category}“ erlauben`,
    analytics: "Analyse",
    marketing: "Marketing",
    functional: "Funktional",
    preferencesTitle: "Cookie-Einstellungen",
    settingsHeading: "Kontoeinstellungen",
    policyTitle: "Cookie-Richtlinie",
    updated: "12. April 2026",
    binding: "verbindlich ist die englische Fassung",
    purpose: "Hält Sie angemeldet",
    durationColumn: "Speicherdauer",
    savedAnalytics: "Gespeichert: Funktional: aus, Analyse: an, Marketing: aus",
    savedNone: "Gespeichert: Funktional: aus, Analyse: aus, Marketing: aus.",
    language: "Deutsch",
    // "29. November 2026, 15:08 UTC"
    decidedOn: /^\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}, \d\d:\d\d UTC$/,
    notFound: "Seite nicht gefunden",
  },
  fr: {
    prefix: "/fr",
    banner: "Consentement aux cookies",
    acceptAll: "Tout accepter",
    rejectAll: "Tout refuser",
    manage: "Personnaliser",
    dialog: "Préférences cookies",
    close: "Fermer",
    save: "Enregistrer mes préférences",
    footerSettings: "Paramètres des cookies",
    allow: (category: string) => `Autoriser les cookies « ${category} »`,
    analytics: "Mesure d’audience",
    marketing: "Marketing",
    functional: "Fonctionnels",
    preferencesTitle: "Préférences cookies",
    settingsHeading: "Paramètres du compte",
    policyTitle: "Politique cookies",
    updated: "12 avril 2026",
    binding: "seule la version anglaise fait foi",
    purpose: "Vous garde connecté",
    durationColumn: "Durée",
    savedAnalytics: "Enregistré : Fonctionnels : non, Mesure d’audience : oui, Marketing : non",
    savedNone: "Enregistré : Fonctionnels : non, Mesure d’audience : non, Marketing : non.",
    language: "Français",
    // "29 novembre 2026, 15:08 UTC", "1er avril 2026, …"
    decidedOn: /^(1er|\d{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}, \d\d:\d\d UTC$/,
    notFound: "Page introuvable",
  },
} as const;

/** Sentences of the English banner and dialog that must never appear on a translated page. */
const ENGLISH = [
  "LeadsGen uses strictly necessary cookies",
  "Accept all",
  "Reject all",
  "Manage preferences",
  "Choose which cookies LeadsGen may use",
  "Save preferences",
  "Cookie settings",
  "Allow functional cookies",
  "Always on",
];

const COOKIES = [
  "next-auth.session-token",
  "next-auth.csrf-token",
  "__stripe_mid",
  "cookie-consent",
  "theme",
  "sidebar-collapsed",
  "last-workspace",
  "_plausible",
  "_vercel_analytics",
  "_fbp",
  "_gcl_au",
];

for (const [tag, l] of Object.entries(LANGUAGES)) {
  test.describe(`${l.language} (${tag})`, () => {
    test(`the banner speaks ${tag} in the first HTML, with equal Accept and Reject`, async ({ page }) => {
      const site = new SitePage(page);
      expect(await site.open(`${l.prefix}/cookie-policy`)).toBe(200);
      await expect(page.locator("html")).toHaveAttribute("lang", tag);
      const banner = page.getByRole("region", { name: l.banner });
      await expect(banner).toBeVisible();
      const accept = banner.getByRole("button", { name: l.acceptAll, exact: true });
      const reject = banner.getByRole("button", { name: l.rejectAll, exact: true });
      await expect(accept).toBeVisible();
      await expect(reject).toBeVisible();
      await expect(banner.getByRole("button", { name: l.manage })).toBeVisible();
      // Equally prominent: the same size and the same styles.
      const [a, r] = [await accept.boundingBox(), await reject.boundingBox()];
      expect(Math.abs(a!.height - r!.height)).toBeLessThan(1);
      const style = (e: Element) => {
        const s = getComputedStyle(e);
        return [s.backgroundColor, s.color, s.fontSize, s.fontWeight, s.borderColor].join();
      };
      expect(await accept.evaluate(style)).toBe(await reject.evaluate(style));
      const text = (await page.locator("body").innerText()).replace(/\s+/g, " ");
      for (const sentence of ENGLISH) expect(text, sentence).not.toContain(sentence);
    });

    test(`Accept all from the banner comes back to the ${tag} page @nojs`, async ({ page, context }) => {
      const site = new SitePage(page);
      await site.open(`${l.prefix}/cookie-policy`);
      await page.getByRole("region", { name: l.banner }).getByRole("button", { name: l.acceptAll }).click();
      await expect(page).toHaveURL(`${l.prefix}/cookie-policy`);
      await expect(page.locator("html")).toHaveAttribute("lang", tag);
      await expect(page.getByRole("region", { name: l.banner })).toHaveCount(0);
      const names = (await context.cookies()).map((c) => c.name);
      // The language is in the URL: the only new cookie is the consent.
      expect(names).toContain("cookie-consent");
      for (const name of names) expect(COOKIES).toContain(name);
    });

    test(`the dialog in ${tag}: switches, save, and what is announced @js`, async ({ page }) => {
      const site = new SitePage(page);
      await site.open(`${l.prefix}/`);
      await site.waitForHydration();
      await page.getByRole("region", { name: l.banner }).getByRole("button", { name: l.manage }).click();
      const dialog = page.getByRole("dialog", { name: l.dialog });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole("button", { name: l.close })).toBeVisible();
      await dialog.getByRole("switch", { name: l.allow(l.analytics) }).check();
      await dialog.getByRole("button", { name: l.save }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByRole("status").filter({ hasText: l.analytics })).toHaveText(l.savedAnalytics);
      // The proof line and the receipt link speak the page's language.
      await site.footer.getByRole("link", { name: l.footerSettings }).click();
      await expect(dialog.getByRole("switch", { name: l.allow(l.analytics) })).toBeChecked();
      await expect(dialog.getByRole("switch", { name: l.allow(l.marketing) })).not.toBeChecked();
      const receipt = dialog.locator(".consent-receipt a").last();
      expect(await receipt.getAttribute("href")).toContain(`lang=${tag}`);
      await expect(dialog.locator(".consent-proof time")).toHaveText(l.decidedOn);
      const text = (await dialog.innerText()).replace(/\s+/g, " ");
      for (const sentence of ENGLISH) expect(text, sentence).not.toContain(sentence);
    });

    test(`/cookie-preferences in ${tag} saves without JavaScript and says so @nojs`, async ({ page }) => {
      const site = new SitePage(page);
      await site.open(`${l.prefix}/cookie-preferences`);
      await expect(site.heading(1, l.preferencesTitle)).toBeVisible();
      await site.main.getByRole("button", { name: l.rejectAll }).click();
      await expect(page).toHaveURL(new RegExp(`^[^?]*${l.prefix}/cookie-preferences\\?saved=consent#saved$`));
      await expect(page.locator("#saved")).toHaveText(l.savedNone);
      await expect(page.locator("html")).toHaveAttribute("lang", tag);
    });

    test(`/settings in ${tag}: the privacy switches save and the page stays in ${tag} @nojs`, async ({ page }) => {
      const site = new SitePage(page);
      await site.open(`${l.prefix}/settings`);
      await expect(site.heading(1, l.settingsHeading)).toBeVisible();
      const functional = site.main.getByRole("switch", { name: l.allow(l.functional) });
      await functional.check();
      await site.main.getByRole("button", { name: l.save }).click();
      await expect(page).toHaveURL(new RegExp(`${l.prefix}/settings\\?saved=consent#saved$`));
      await expect(site.main.getByRole("switch", { name: l.allow(l.functional) })).toBeChecked();
      await expect(page.locator("html")).toHaveAttribute("lang", tag);
    });

    test(`the policy in ${tag}: eleven cookies, translated purposes, its date, the binding line`, async ({ page }) => {
      const site = new SitePage(page);
      await site.open(`${l.prefix}/cookie-policy`);
      await expect(site.heading(1, l.policyTitle)).toBeVisible();
      await expect(page.locator(".policy-updated time")).toHaveText(l.updated);
      await expect(page.getByText(l.binding)).toBeVisible();
      const tables = page.locator(".policy table");
      await expect(tables).toHaveCount(4);
      const names = await page.locator(".policy table tbody th code").allTextContents();
      expect(names.sort()).toEqual([...COOKIES].sort());
      await expect(tables.first().getByRole("columnheader", { name: l.durationColumn })).toBeVisible();
      await expect(tables.first().getByRole("cell", { name: l.purpose })).toBeVisible();
      await expect(page.getByText("Keeps you signed in")).toHaveCount(0);
    });

    test(`the language switch keeps the page, from ${tag} and back`, async ({ page }) => {
      const site = new SitePage(page);
      await site.open(`${l.prefix}/settings`);
      const switcher = page.getByRole("navigation", { name: tag === "de" ? "Sprache" : "Langue" });
      await expect(switcher.getByRole("link", { name: l.language })).toHaveAttribute("aria-current", "true");
      const english = switcher.getByRole("link", { name: "English" });
      await expect(english).toHaveAttribute("hreflang", "en");
      await expect(english).toHaveAttribute("lang", "en");
      await english.click();
      await expect(page).toHaveURL(/\/en\/settings$/);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await page
        .getByRole("navigation", { name: "Language" })
        .getByRole("link", { name: l.language })
        .click();
      await expect(page).toHaveURL(new RegExp(`${l.prefix}/settings$`));
    });

    test(`404 in ${tag}`, async ({ page }) => {
      const site = new SitePage(page);
      expect(await site.open(`${l.prefix}/no/such/page`)).toBe(404);
      await expect(site.heading(1, l.notFound)).toBeVisible();
    });

    test(`axe finds nothing on ${tag} pages, banner and dialog included @js`, async ({ page }) => {
      const site = new SitePage(page);
      for (const path of ["/", "/cookie-policy", "/cookie-preferences", "/settings"]) {
        await site.open(`${l.prefix}${path === "/" ? "" : path}`);
        await site.waitForHydration();
        await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
        const results = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
          .analyze();
        expect(results.violations.map((v) => `${path}: ${v.id}`)).toEqual([]);
      }
      await page.getByRole("region", { name: l.banner }).getByRole("button", { name: l.manage }).click();
      await expect(page.getByRole("dialog", { name: l.dialog })).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
      expect(results.violations.map((v) => v.id)).toEqual([]);
    });

    test(`at 360 px the ${tag} pages never scroll sideways and the banner's buttons stay equal`, async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      const site = new SitePage(page);
      for (const path of ["", "/cookie-policy", "/cookie-preferences", "/settings"]) {
        await site.open(`${l.prefix}${path}`);
        expect(await site.overflowsHorizontally(), `${l.prefix}${path}`).toBe(false);
      }
      const banner = page.getByRole("region", { name: l.banner });
      const a = await banner.getByRole("button", { name: l.acceptAll }).boundingBox();
      const r = await banner.getByRole("button", { name: l.rejectAll }).boundingBox();
      expect(Math.abs(a!.width - r!.width)).toBeLessThan(1);
      expect(Math.abs(a!.height - r!.height)).toBeLessThan(1);
    });
  });
}

test.describe("negotiation", () => {
  test.use({ locale: "de-AT", extraHTTPHeaders: { "Accept-Language": "de-AT,de;q=0.9,en;q=0.5" } });

  test("an unprefixed page answers in the browser's language, and links stay unprefixed", async ({ page }) => {
    const site = new SitePage(page);
    const response = await page.goto("/cookie-policy");
    expect(response!.headers()["content-language"]).toBe("de");
    expect(response!.headers()["vary"]).toContain("Accept-Language");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("region", { name: "Cookie-Einwilligung" })).toBeVisible();
    await expect(site.footer.getByRole("link", { name: "Cookie-Richtlinie" })).toHaveAttribute(
      "href",
      "/cookie-policy",
    );
    // A pinned URL wins over the browser's language.
    await page.goto("/fr/cookie-policy");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  });
});
