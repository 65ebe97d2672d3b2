import type { Locator, Page } from "@playwright/test";
import { SitePage } from "./site-page";

/** The header's account area: "Sign in", or who is signed in and "Sign out". */
export class AccountArea {
  readonly group: Locator;
  readonly signInLink: Locator;
  readonly signOut: Locator;

  constructor(readonly page: Page) {
    this.group = page.getByRole("banner").getByRole("group", { name: "Account" });
    this.signInLink = this.group.getByRole("link", { name: "Sign in" });
    this.signOut = this.group.getByRole("button", { name: "Sign out" });
  }

  /** The "Signed in as …" text, when signed in. */
  signedInAs(email: string): Locator {
    return this.group.getByText(`Signed in as ${email}`);
  }
}

/** `/sign-in` and `/sign-up`: the e-mail and password form, its alert and notices. */
export class CredentialsPage extends SitePage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly alert: Locator;
  readonly status: Locator;
  readonly account: AccountArea;

  constructor(
    page: Page,
    readonly path: "/sign-in" | "/sign-up",
  ) {
    super(page);
    const form = this.main.locator("form.account-form");
    this.email = form.getByRole("textbox", { name: "E-mail address" });
    this.password = form.getByLabel("Password", { exact: true });
    this.submit = form.getByRole("button", {
      name: path === "/sign-in" ? "Sign in" : "Create account",
    });
    this.alert = this.main.getByRole("alert");
    this.status = this.main.getByRole("status");
    this.account = new AccountArea(page);
  }

  async goto(prefix = ""): Promise<number> {
    return this.open(`${prefix}${this.path}`);
  }

  /** Fills the form and sends it, as a person would. */
  async send(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
    await this.page.waitForLoadState();
  }
}

/** `/settings`' account section, signed in. */
export class AccountSection {
  readonly section: Locator;
  readonly signOutEverywhere: Locator;
  readonly deletePassword: Locator;
  readonly deleteAccount: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole("region", { name: "Account" });
    this.signOutEverywhere = this.section.getByRole("button", {
      name: "Sign out on every device",
    });
    this.deletePassword = this.section.getByLabel("Password", { exact: true });
    this.deleteAccount = this.section.getByRole("button", { name: "Delete my account" });
    this.alert = this.section.getByRole("alert");
  }
}
