import type { Locator, Page } from "@playwright/test";

/** The first-layer consent banner. */
export class ConsentBanner {
  readonly region: Locator;
  readonly acceptAll: Locator;
  readonly rejectAll: Locator;
  readonly managePreferences: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole("region", { name: "Cookie consent" });
    this.acceptAll = this.region.getByRole("button", { name: "Accept all" });
    this.rejectAll = this.region.getByRole("button", { name: "Reject all" });
    this.managePreferences = this.region.getByRole("button", { name: "Manage preferences" });
    this.status = page.getByRole("status");
  }
}
