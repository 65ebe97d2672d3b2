import type { Locator, Page } from "@playwright/test";
import { SitePage } from "./site-page";

export type Category = "strictly necessary" | "functional" | "analytics" | "marketing";

/** `/cookie-preferences`: the server-rendered preferences form. */
export class PreferencesPage extends SitePage {
  static readonly path = "/cookie-preferences";
  readonly saveChoices: Locator;
  readonly acceptAll: Locator;
  readonly rejectAll: Locator;

  constructor(page: Page) {
    super(page);
    this.saveChoices = this.main.getByRole("button", { name: "Save choices" });
    this.acceptAll = this.main.getByRole("button", { name: "Accept all" });
    this.rejectAll = this.main.getByRole("button", { name: "Reject all" });
  }

  async goto(): Promise<number> {
    return this.open(PreferencesPage.path);
  }

  switch(category: Category): Locator {
    return this.main.getByRole("switch", { name: `Allow ${category} cookies` });
  }

  /** The checked state of the three optional switches. */
  async state(): Promise<Record<"functional" | "analytics" | "marketing", boolean>> {
    return {
      functional: await this.switch("functional").isChecked(),
      analytics: await this.switch("analytics").isChecked(),
      marketing: await this.switch("marketing").isChecked(),
    };
  }

  /** The "Consent ID … · given on …" line. */
  get proof(): Locator {
    return this.main.getByText(/^Consent ID [0-9a-f]{32} · given on /);
  }
}
