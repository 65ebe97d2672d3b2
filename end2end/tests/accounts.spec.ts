import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { AccountArea, AccountSection, CredentialsPage } from "./pages/account-pages";
import { ConsentBanner } from "./pages/consent-banner";
import { PreferencesPage } from "./pages/preferences-page";
import { cookieNames, ownClient } from "./consent-helpers";
import { BASE_URL } from "../playwright.config";

/**
 * Accounts: sign-up, sign-in, sign-out, deletion, and consent that follows a signed-in person
 * across devices (CNIL délibération 2025-131; CCPA regulations §7025(c)). Every form is a plain
 * post, so these run with JavaScript on and off; a second browser context stands for a second
 * device.
 */

const PASSWORD = "correct horse battery";

/** A fresh address per test and project, so tests never share an account. */
function newEmail(): string {
  const info = test.info();
  const id = `${info.project.name}-${info.testId}-${Math.random().toString(36).slice(2, 8)}`;
  return `${id}@example.com`.toLowerCase();
}

/** Another device: a browser context of its own (no shared cookies), trackers kept offline. */
async function device(browser: Browser, headers: Record<string, string> = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, extraHTTPHeaders: headers });
  await context.route(
    (url) => !url.href.startsWith(BASE_URL),
    (route) => route.fulfill({ contentType: "application/javascript", body: "" }),
  );
  const page = await context.newPage();
  return { context, page };
}

async function signUp(page: Page, email: string): Promise<void> {
  const signUpPage = new CredentialsPage(page, "/sign-up");
  await signUpPage.goto();
  await signUpPage.send(email, PASSWORD);
  await expect(new AccountArea(page).signedInAs(email)).toBeVisible();
}

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  const signInPage = new CredentialsPage(page, "/sign-in");
  await signInPage.goto();
  await signInPage.send(email, password);
}

/** What may run on this device now, as the server says it. */
async function inForce(context: BrowserContext) {
  const response = await context.request.get(`${BASE_URL}/api/consent/state`);
  const state = await response.json();
  const c = state.detail.categories;
  return { functional: c.functional, analytics: c.analytics, marketing: c.marketing };
}

const ALL = { functional: true, analytics: true, marketing: true };
const NONE = { functional: false, analytics: false, marketing: false };

test.describe("Accounts", () => {
  test("signing up signs in, with the policy's session cookie, and the header says who", async ({
    page,
    context,
  }) => {
    const email = newEmail();
    const signUpPage = new CredentialsPage(page, "/sign-up");
    expect(await signUpPage.goto()).toBe(200);
    await expect(signUpPage.heading(1, "Create your LeadsGen account")).toBeVisible();
    // The form page sets the CSRF cookie, a browser-session cookie, and nothing else.
    expect(await cookieNames(context)).toEqual(["next-auth.csrf-token"]);
    const csrf = (await context.cookies()).find((c) => c.name === "next-auth.csrf-token")!;
    expect(csrf.expires).toBe(-1);
    await signUpPage.send(email, PASSWORD);
    await expect(page).toHaveURL(/\/settings$/);
    const session = (await context.cookies()).find((c) => c.name === "next-auth.session-token")!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe("Lax");
    const days = (session.expires - Date.now() / 1000) / 86_400;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    await expect(new AccountArea(page).signedInAs(email)).toBeVisible();
    await expect(new AccountSection(page).section).toContainText(
      "belong to your account and apply on every device where you are signed in",
    );

    await new AccountArea(page).signOut.click();
    await expect(page).toHaveURL(/\/sign-in\?saved=signed_out#saved$/);
    await expect(new CredentialsPage(page, "/sign-in").status).toHaveText("You are signed out.");
    await expect(new AccountArea(page).signInLink).toBeVisible();
    expect(await cookieNames(context)).not.toContain("next-auth.session-token");
  });

  test("a wrong password and an unknown address get the same answer", async ({ browser }) => {
    const email = newEmail();
    const owner = await device(browser);
    await signUp(owner.page, email);
    // Its own client address, so its failures count against no other test.
    const header = ownClient();
    const answers: string[] = [];
    for (const address of [email, `nobody-${email}`]) {
      const { page } = await device(browser, header);
      await signIn(page, address, "not the password");
      const signInPage = new CredentialsPage(page, "/sign-in");
      await expect(signInPage.alert).toBeVisible();
      answers.push(`${page.url()} ${await signInPage.alert.textContent()}`);
      await expect(new AccountArea(page).signInLink).toBeVisible();
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).toContain("That e-mail address and password do not match an account.");
  });

  test("with cookies blocked, the sign-in page says signing in needs them", async ({
    page,
    context,
  }) => {
    const email = newEmail();
    const owner = await device(page.context().browser()!);
    await signUp(owner.page, email);
    const signInPage = new CredentialsPage(page, "/sign-in");
    await signInPage.goto();
    // The browser kept no cookie from the form's page, as one that blocks cookies does.
    await context.clearCookies();
    await signInPage.send(email, PASSWORD);
    await expect(signInPage.alert).toContainText(
      "Signing in needs the strictly necessary cookies",
    );
    expect(await cookieNames(context)).not.toContain("next-auth.session-token");
  });

  test("ten failed sign-ins answer 429 with a clear message", async ({ browser }) => {
    // Eleven sign-in pages, each loaded, posted and hashed (Argon2id): about 18 s alone, and
    // more beside the rest of the suite, so the usual budget is tripled.
    test.slow();
    const email = newEmail();
    const owner = await device(browser);
    await signUp(owner.page, email);
    const { page } = await device(browser, ownClient());
    for (let i = 0; i < 10; i++) await signIn(page, email, `guess ${i}`);
    const signInPage = new CredentialsPage(page, "/sign-in");
    await signInPage.goto();
    await signInPage.email.fill(email);
    await signInPage.password.fill(PASSWORD);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/account/sign-in")),
      signInPage.submit.click(),
    ]);
    expect(response.status()).toBe(429);
    expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
    await expect(page.getByText("Too many failed sign-ins.")).toBeVisible();
  });

  test("sign out on every device, and delete the account with its password", async ({
    page,
    browser,
  }) => {
    const email = newEmail();
    await signUp(page, email);
    const phone = await device(browser);
    await signIn(phone.page, email);
    await expect(new AccountArea(phone.page).signedInAs(email)).toBeVisible();

    await page.goto("/settings");
    const account = new AccountSection(page);
    await account.signOutEverywhere.click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(
      "You are signed out on every device.",
    );
    await phone.page.reload();
    await expect(new AccountArea(phone.page).signInLink).toBeVisible();

    await signIn(page, email);
    await page.goto("/settings");
    await account.deletePassword.fill("not it");
    await account.deleteAccount.click();
    await expect(account.alert).toHaveText("That password is not right, so nothing was deleted.");
    await account.deletePassword.fill(PASSWORD);
    await account.deleteAccount.click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(
      "Your account was deleted.",
    );
    await signIn(phone.page, email);
    await expect(new CredentialsPage(phone.page, "/sign-in").alert).toBeVisible();
  });

  test("rules 1 and 2: the account's decision, refusal too, follows it to every device", async ({
    page,
    browser,
  }) => {
    const email = newEmail();
    await signUp(page, email);
    const phone = await device(browser);
    await signIn(phone.page, email);
    await page.goto("/");
    const banner = new ConsentBanner(page);
    // Rule 3: the first layer says the choice is the account's.
    await expect(banner.region).toContainText(
      `You are signed in as ${email}: your choice applies to your account on every device`,
    );
    await banner.acceptAll.click();
    await expect(banner.region).toBeHidden();
    await phone.page.goto("/");
    await expect(new ConsentBanner(phone.page).region).toBeHidden();
    expect(await inForce(phone.context)).toEqual(ALL);
    // Withdrawal travels the same way.
    await phone.page.goto("/cookie-preferences");
    await expect(phone.page.getByRole("main")).toContainText(`You are signed in as ${email}`);
    await phone.page.getByRole("main").getByRole("button", { name: "Reject all" }).click();
    await expect(phone.page.getByRole("main").getByRole("status")).toContainText("Saved:");
    expect(await inForce(page.context())).toEqual(NONE);
  });

  test("rule 4: a device's own choice is made the account's only on request", async ({
    page,
    browser,
  }) => {
    const email = newEmail();
    const laptop = await device(browser);
    await signUp(laptop.page, email);
    // This device decided while signed out.
    await page.goto("/");
    await new ConsentBanner(page).rejectAll.click();
    await expect(new ConsentBanner(page).region).toBeHidden();
    await signIn(page, email);
    await page.goto("/");
    const adopt = page.getByRole("button", { name: "Use them for my account" });
    await expect(adopt).toBeVisible();
    await expect(new ConsentBanner(page).region).toBeHidden();
    // The account still has no decision: the laptop is asked.
    await laptop.page.goto("/");
    await expect(new ConsentBanner(laptop.page).region).toBeVisible();
    await adopt.click();
    await expect(adopt).toBeHidden();
    await laptop.page.goto("/");
    await expect(new ConsentBanner(laptop.page).region).toBeHidden();
    expect(await inForce(laptop.context)).toEqual(NONE);
  });

  test("rule 5: a shared device keeps its own choice after signing out", async ({
    page,
    browser,
  }) => {
    const email = newEmail();
    const owner = await device(browser);
    await signUp(owner.page, email);
    await owner.page.goto("/");
    await new ConsentBanner(owner.page).acceptAll.click();
    await expect(new ConsentBanner(owner.page).region).toBeHidden();
    // The shared computer's own, signed-out choice.
    await page.goto("/");
    await new ConsentBanner(page).rejectAll.click();
    await expect(new ConsentBanner(page).region).toBeHidden();
    const before = (await page.context().cookies()).find((c) => c.name === "cookie-consent")!;
    await signIn(page, email);
    expect(await inForce(page.context())).toEqual(ALL);
    await page.goto("/");
    await new AccountArea(page).signOut.click();
    expect(await inForce(page.context())).toEqual(NONE);
    const after = (await page.context().cookies()).find((c) => c.name === "cookie-consent")!;
    expect(after.value).toBe(before.value);
  });

  // Only in the "gpc" project, whose browser sends Sec-GPC: 1 (playwright.config.ts).
  test("rule 6 @gpc: GPC from a signed-in browser opts the account out of marketing", async ({
    page,
    browser,
  }) => {
    const email = newEmail();
    const laptop = await device(browser);
    await signUp(laptop.page, email);
    await laptop.page.goto("/");
    await new ConsentBanner(laptop.page).acceptAll.click();
    await expect(new ConsentBanner(laptop.page).region).toBeHidden();
    expect(await inForce(laptop.context)).toEqual(ALL);
    // This browser sends GPC with every request: one page view signed in is enough.
    await signIn(page, email);
    await page.goto("/");
    expect(await inForce(laptop.context)).toEqual({ ...ALL, marketing: false });
  });

  test("rule 8: the receipt holds the account's decisions from every device, never its address", async ({
    page,
    browser,
  }) => {
    const email = newEmail();
    await signUp(page, email);
    await page.goto("/");
    await new ConsentBanner(page).acceptAll.click();
    await expect(new ConsentBanner(page).region).toBeHidden();
    const phone = await device(browser);
    await signIn(phone.page, email);
    await phone.page.goto("/cookie-preferences");
    await phone.page.getByRole("main").getByRole("button", { name: "Reject all" }).click();
    await expect(phone.page.getByRole("main").getByRole("status")).toContainText("Saved:");
    const response = await phone.context.request.get(`${BASE_URL}/api/consent/receipt`);
    expect(response.status()).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(email);
    const receipt = JSON.parse(text);
    expect(receipt.history.map((d: { action: string }) => d.action)).toEqual(["accept_all"]);
    // The printable receipt, in the page's language, says the same.
    await phone.page.goto("/api/consent/receipt?format=html");
    await expect(phone.page.getByRole("heading", { level: 1 })).toHaveText("Your consent receipt");
  });

  test("the account pages pass axe @js", async ({ page }) => {
    for (const path of ["/sign-in", "/sign-up", "/de/sign-in", "/fr/sign-up"]) {
      await page.goto(path);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations, path).toEqual([]);
    }
    await signUp(page, newEmail());
    await page.goto("/settings?problem=wrong_password#problem");
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
  });

  test("German and French pages sign in in their language", async ({ page }) => {
    const email = newEmail();
    const signUpPage = new CredentialsPage(page, "/sign-up");
    await page.goto("/de/sign-up");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ihr LeadsGen-Konto erstellen");
    await page.getByLabel("E-Mail-Adresse").fill(email);
    await page.getByLabel("Passwort", { exact: true }).fill("kurz");
    await page.getByRole("main").getByRole("button", { name: "Konto erstellen" }).click();
    await expect(signUpPage.alert).toHaveText("Das Passwort braucht mindestens 8 Zeichen.");
    await page.goto("/fr/sign-in");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se connecter à LeadsGen");
  });
});
