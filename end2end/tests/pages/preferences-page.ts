import type { Locator, Page } from "@playwright/test";
import { ConsentSwitches } from "./consent-switches";
import { SitePage } from "./site-page";

export type { Category } from "./consent-switches";

/** `/cookie-preferences`: the server-rendered preferences form. */
export class PreferencesPage extends SitePage {
  static readonly path = "/cookie-preferences";
  readonly saveChoices: Locator;
  readonly acceptAll: Locator;
  readonly rejectAll: Locator;
  /** "Keep my previous choices": offered only after a policy update. */
  readonly keepPrevious: Locator;
  readonly switches: ConsentSwitches;

  constructor(page: Page) {
    super(page);
    this.saveChoices = this.main.getByRole("button", { name: "Save choices" });
    this.acceptAll = this.main.getByRole("button", { name: "Accept all" });
    this.rejectAll = this.main.getByRole("button", { name: "Reject all" });
    this.keepPrevious = this.main.getByRole("button", { name: "Keep my previous choices" });
    this.switches = new ConsentSwitches(this.main);
  }

  async goto(): Promise<number> {
    return this.open(PreferencesPage.path);
  }

  switch(category: Parameters<ConsentSwitches["switch"]>[0]): Locator {
    return this.switches.switch(category);
  }

  state() {
    return this.switches.state();
  }

  get proof(): Locator {
    return this.switches.proof;
  }
}
