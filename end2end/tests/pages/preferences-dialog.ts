import type { Locator, Page } from "@playwright/test";
import { ConsentSwitches, type Category } from "./consent-switches";

/** The preferences modal dialog (JavaScript on). */
export class PreferencesDialog {
  readonly dialog: Locator;
  readonly close: Locator;
  readonly savePreferences: Locator;
  readonly acceptAll: Locator;
  readonly rejectAll: Locator;
  /** "Keep my previous choices": offered only after a policy update. */
  readonly keepPrevious: Locator;
  readonly switches: ConsentSwitches;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole("dialog", { name: "Cookie preferences" });
    this.close = this.dialog.getByRole("button", { name: "Close" });
    this.savePreferences = this.dialog.getByRole("button", { name: "Save preferences" });
    this.acceptAll = this.dialog.getByRole("button", { name: "Accept all" });
    this.rejectAll = this.dialog.getByRole("button", { name: "Reject all" });
    this.keepPrevious = this.dialog.getByRole("button", { name: "Keep my previous choices" });
    this.switches = new ConsentSwitches(this.dialog);
  }

  switch(category: Category): Locator {
    return this.switches.switch(category);
  }

  state() {
    return this.switches.state();
  }

  get proof(): Locator {
    return this.switches.proof;
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
