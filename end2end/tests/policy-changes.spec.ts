import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { violations } from "./axe";
import { test, expect } from "./fixtures";
import { CredentialsPage } from "./pages/account-pages";
import { PolicyChanges } from "./pages/policy-changes";
import { SitePage } from "./pages/site-page";
import { REVISION_FIXTURE, REVISION_URL } from "../playwright.config";

/**
 * What changed in the policy since a consent (issue 22 §1; the policy's §5, "material changes
 * will be announced via the cookie banner or in-app notification"), against a real earlier
 * revision: the fourth server runs on the consent log and accounts a server of the 2026-01-20
 * registry left (tests/fixtures/revision-2026-01-20), and these tests use its cookies and
 * accounts. Plain forms and links: every test runs with JavaScript on and off.
 */

test.use({ baseURL: REVISION_URL });

/** A line of the fixture's cookies.txt: `device_<choice> cookie-consent=<value>`. */
function fixtureCookie(name: string): { name: string; value: string; url: string } {
  const line = fs
    .readFileSync(path.join(REVISION_FIXTURE, "cookies.txt"), "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in the fixture`);
  const pair = line.slice(name.length + 1);
  const at = pair.indexOf("=");
  return { name: pair.slice(0, at), value: pair.slice(at + 1), url: REVISION_URL };
}

const PASSWORD = "older-revision-fixture-2026";

/** What the fixture's revision changed into today's, per language, as the pages say it. */
const CHANGES: Record<string, string[]> = JSON.parse(
  fs.readFileSync(path.join(REVISION_FIXTURE, "changes.json"), "utf8"),
);

const LANGUAGES = [
  {
    prefix: "",
    language: "en",
    banner: "Cookie consent",
    manage: "Manage preferences",
    acceptAll: "Accept all",
    dialog: "Cookie preferences",
    list: "What changed",
  },
  {
    prefix: "/de",
    language: "de",
    banner: "Cookie-Einwilligung",
    manage: "Einstellungen verwalten",
    acceptAll: "Alle akzeptieren",
    dialog: "Cookie-Einstellungen",
    list: "Was sich geändert hat",
  },
  {
    prefix: "/fr",
    language: "fr",
    banner: "Consentement aux cookies",
    manage: "Personnaliser",
    acceptAll: "Tout accepter",
    dialog: "Préférences cookies",
    list: "Ce qui a changé",
  },
];

function javaScript(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

async function ready(page: Page) {
  if (javaScript()) await new SitePage(page).waitForHydration();
}

test.describe("What changed since the visitor's consent", () => {
  for (const l of LANGUAGES) {
    test(`the banner and the preferences list what changed, then deciding ends it (${l.prefix || "/en"})`, async ({
      page,
      context,
    }) => {
      await context.addCookies([fixtureCookie("device_accepted_all")]);
      await page.goto(l.prefix || "/");
      await ready(page);
      const changes = new PolicyChanges(page, l.list);
      const banner = page.getByRole("region", { name: l.banner });
      await expect(changes.items(banner)).toHaveText(CHANGES[l.language]);

      await banner.getByRole("button", { name: l.manage }).click();
      if (javaScript()) {
        const dialog = page.getByRole("dialog", { name: l.dialog });
        await expect(dialog).toBeVisible();
        await expect(changes.items(dialog)).toHaveText(CHANGES[l.language]);
        await dialog.getByRole("button", { name: l.acceptAll }).click();
        await expect(dialog).toBeHidden();
        await expect(banner).toBeHidden();
      } else {
        await expect(page).toHaveURL(new RegExp(`${l.prefix}/cookie-preferences\\??$`));
        const main = page.getByRole("main");
        await expect(changes.items(main)).toHaveText(CHANGES[l.language]);
        await main.getByRole("button", { name: l.acceptAll }).click();
      }
      // Decided under today's policy: nothing more to announce, on any page.
      for (const where of [l.prefix || "/", `${l.prefix}/cookie-preferences`]) {
        await page.goto(where);
        await expect(page.getByRole("region", { name: l.banner })).toHaveCount(0);
        await expect(changes.lists).toHaveCount(0);
      }
    });
  }

  test("a visitor who never consented is not told about changes", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("region", { name: "Cookie consent" })).toBeVisible();
    await expect(new PolicyChanges(page).lists).toHaveCount(0);
  });
});

/** Another device: a browser context of its own, JavaScript as the project has it. */
async function device(browser: Browser) {
  const context = await browser.newContext({
    baseURL: REVISION_URL,
    javaScriptEnabled: javaScript(),
  });
  await context.route(
    (url) => !url.href.startsWith(REVISION_URL),
    (route) => route.fulfill({ contentType: "application/javascript", body: "" }),
  );
  return { context, page: await context.newPage() };
}

async function signIn(page: Page, email: string) {
  const signInPage = new CredentialsPage(page, "/sign-in");
  await signInPage.goto();
  await signInPage.send(email, PASSWORD);
  await expect(signInPage.account.signedInAs(email)).toBeVisible();
}

test.describe("The in-app notice of a policy update", () => {
  test("reaches every device of the account, and deciding on one dismisses it on all", async ({
    page,
    browser,
  }) => {
    // One account of the fixture per project: each run decides for it once.
    const email = javaScript() ? "rev-js@example.test" : "rev-nojs@example.test";
    const laptop = await device(browser);
    for (const p of [page, laptop.page]) {
      await signIn(p, email);
      await p.goto("/cookie-policy");
      await ready(p);
      const changes = new PolicyChanges(p);
      await expect(changes.accountNotice).toBeVisible();
      await expect(changes.accountNotice).toContainText("after your account’s last decision");
      await expect(changes.items(changes.accountNotice)).toHaveText(CHANGES.en);
    }

    // Deciding on the phone, in the banner.
    const banner = page.getByRole("region", { name: "Cookie consent" });
    await banner.getByRole("button", { name: "Accept all" }).click();
    const phone = new PolicyChanges(page);
    if (javaScript()) {
      // Saved in place: the notice goes with the banner.
      await expect(phone.accountNotice).toBeHidden();
      await expect(banner).toBeHidden();
    }
    for (const p of [page, laptop.page]) {
      await p.goto("/");
      await expect(new PolicyChanges(p).accountNotice).toHaveCount(0);
      await expect(p.getByRole("region", { name: "Cookie consent" })).toHaveCount(0);
    }
    await laptop.context.close();
  });

  test("the notice, the banner and the dialog with their lists pass axe @js", async ({ page }) => {
    await signIn(page, "rev-spare@example.test");
    await page.goto("/");
    await ready(page);
    const changes = new PolicyChanges(page);
    await expect(changes.items(changes.accountNotice)).toHaveCount(6);
    expect(await violations(page)).toEqual([]);
    await changes.accountNotice.getByRole("link", { name: "Review your choices" }).click();
    await expect(page.getByRole("dialog", { name: "Cookie preferences" })).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test("its link opens the choices", async ({ page }) => {
    const email = "rev-spare@example.test";
    await signIn(page, email);
    await page.goto("/");
    await ready(page);
    const changes = new PolicyChanges(page);
    await changes.accountNotice.getByRole("link", { name: "Review your choices" }).click();
    if (javaScript()) {
      const dialog = page.getByRole("dialog", { name: "Cookie preferences" });
      await expect(dialog).toBeVisible();
      await expect(changes.items(dialog)).toHaveText(CHANGES.en);
    } else {
      await expect(page).toHaveURL(/\/cookie-preferences$/);
      await expect(page.getByRole("heading", { level: 1, name: "Cookie preferences" })).toBeVisible();
    }
  });
});

// For the README: the banner after a policy update with what changed (360 px), and the signed-in
// notice in the header area. Written to docs/screenshots/ like screenshots.spec.ts's.
test("screenshot the policy update, signed out and signed in @js", async ({ page, context }) => {
  const out = path.join(__dirname, "..", "..", "docs", "screenshots");
  await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
  await context.addCookies([fixtureCookie("device_accepted_all")]);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  await ready(page);
  await expect(new PolicyChanges(page).lists).toHaveCount(2);
  const shot = { animations: "disabled", caret: "hide" } as const;
  await page.screenshot({ path: path.join(out, "policy-update-light-mobile.png"), ...shot });
  await context.clearCookies();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "rev-spare@example.test");
  await page.goto("/");
  await ready(page);
  await expect(new PolicyChanges(page).accountNotice).toBeVisible();
  await page.screenshot({
    path: path.join(out, "policy-update-signed-in-light-desktop.png"),
    ...shot,
  });
});
