import type { Page } from "@playwright/test";

/** The `detail` of a `leadsgen:consent` event and of a `consent_update` dataLayer entry. */
export interface ConsentDetail {
  categories: { necessary: boolean; functional: boolean; analytics: boolean; marketing: boolean };
  id: string | null;
  revision: string;
  signals: { dnt: boolean; gpc: boolean };
}

export type ConsentMode = Record<string, "granted" | "denied">;

/**
 * What the page's consent runtime exposes to the site's own code: `window.dataLayer` (Consent
 * Mode commands and `consent_update` entries), the `leadsgen:consent` events, and the tracker
 * stand-ins that ran (see fixtures.ts).
 */
export class ConsentRuntime {
  constructor(readonly page: Page) {}

  /** Records every `leadsgen:consent` event from the first script on. Call before `goto`. */
  async recordEvents(): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as unknown as { __consentEvents: unknown[] };
      w.__consentEvents = [];
      window.addEventListener("leadsgen:consent", (e) =>
        w.__consentEvents.push((e as CustomEvent).detail),
      );
    });
  }

  events(): Promise<ConsentDetail[]> {
    return this.page.evaluate(
      () => (window as unknown as { __consentEvents: ConsentDetail[] }).__consentEvents,
    );
  }

  /** The `gtag('consent', kind, …)` commands in `window.dataLayer`, in order. */
  consentCommands(kind: "default" | "update"): Promise<ConsentMode[]> {
    return this.page.evaluate((kind) => {
      const layer = (window as unknown as { dataLayer: unknown[] }).dataLayer ?? [];
      return layer
        .map((e) => Array.from(e as ArrayLike<unknown>))
        .filter((args) => args[0] === "consent" && args[1] === kind)
        .map((args) => args[2] as ConsentMode);
    }, kind);
  }

  /** The `consent_update` entries in `window.dataLayer`, in order. */
  updates(): Promise<(ConsentDetail & { event: string })[]> {
    return this.page.evaluate(() => {
      const layer = (window as unknown as { dataLayer: unknown[] }).dataLayer ?? [];
      return layer.filter(
        (e) => (e as { event?: string }).event === "consent_update",
      ) as (ConsentDetail & { event: string })[];
    });
  }

  /** The tracker stand-ins that have run on this page, in order. */
  trackersRun(): Promise<string[]> {
    return this.page.evaluate(
      () => (window as unknown as { __trackersRun?: string[] }).__trackersRun ?? [],
    );
  }

  /** The notice shown after the runtime reloaded the page to stop revoked scripts. */
  get reloadNotice() {
    return this.page
      .getByRole("status")
      .filter({ hasText: "the page reloaded to stop the scripts you turned off" });
  }

  /** The button that dismisses that notice. */
  get dismissReloadNotice() {
    return this.page.getByRole("button", { name: "OK" });
  }
}
