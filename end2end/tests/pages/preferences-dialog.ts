import type { Locator, Page } from "@playwright/test";
import type { Category } from "./preferences-page";

/** The preferences modal dialog (JavaScript on). */
export class PreferencesDialog {
  readonly dialog: Locator;
  readonly close: Locator;
  readonly savePreferences: Locator;
  readonly acceptAll: Locator;
  readonly rejectAll: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole("dialog", { name: "Cookie preferences" });
    this.close = this.dialog.getByRole("button", { name: "Close" });
    this.savePreferences = this.dialog.getByRole("button", { name: "Save preferences" });
    this.acceptAll = this.dialog.getByRole("button", { name: "Accept all" });
    this.rejectAll = this.dialog.getByRole("button", { name: "Reject all" });
  }

  switch(category: Category): Locator {
    return this.dialog.getByRole("switch", { name: `Allow ${category} cookies` });
  }

  async state(): Promise<Record<"functional" | "analytics" | "marketing", boolean>> {
    return {
      functional: await this.switch("functional").isChecked(),
      analytics: await this.switch("analytics").isChecked(),
      marketing: await this.switch("marketing").isChecked(),
    };
  }

  get proof(): Locator {
    return this.dialog.getByText(/^Consent ID [0-9a-f]{32} · given on /);
  }

  /** Whether focus is inside the dialog. */
  async hasFocus(): Promise<boolean> {
    return this.dialog.evaluate((d) => d.contains(document.activeElement));
  }

  /** Whether it is open as a modal (the rest of the page is inert). */
  async isModal(): Promise<boolean> {
    return this.dialog.evaluate((d) => d.matches(":modal"));
  }
}
