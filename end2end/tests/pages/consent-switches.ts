import type { Locator } from "@playwright/test";

export type Category = "strictly necessary" | "functional" | "analytics" | "marketing";

/** The category switches and the proof of consent of a preferences form, under `root`. */
export class ConsentSwitches {
  constructor(readonly root: Locator) {}

  switch(category: Category): Locator {
    return this.root.getByRole("switch", { name: `Allow ${category} cookies` });
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
    return this.root.getByText(/^Consent ID [0-9a-f]{32} · given on /);
  }
}
