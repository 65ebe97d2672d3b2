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

  /** The consent ID the proof line shows. */
  async consentId(): Promise<string> {
    const text = (await this.proof.textContent()) ?? "";
    const id = /Consent ID ([0-9a-f]{32})/.exec(text)?.[1];
    if (!id) throw new Error(`no consent ID in ${JSON.stringify(text)}`);
    return id;
  }

  /** "Download your consent receipt" (JSON). */
  get receiptDownload(): Locator {
    return this.root.getByRole("link", { name: "Download your consent receipt" });
  }

  /** "View it as a page": the printable receipt. */
  get receiptPage(): Locator {
    return this.root.getByRole("link", { name: "View it as a page" });
  }
}
