import { expect, type Locator, type Page } from "@playwright/test";

/** What every page of the site has: header navigation, main content, footer. */
export class SitePage {
  readonly mainNav: Locator;
  readonly footer: Locator;
  readonly main: Locator;

  constructor(readonly page: Page) {
    this.mainNav = page.getByRole("navigation", { name: "Main" });
    this.footer = page.getByRole("contentinfo");
    this.main = page.getByRole("main");
  }

  /** Opens `path` and returns the HTTP status of the document. */
  async open(path: string): Promise<number> {
    const response = await this.page.goto(path);
    if (!response) throw new Error(`no response for ${path}`);
    return response.status();
  }

  /** Waits until the wasm island has hydrated (the consent island sets this marker). */
  async waitForHydration(): Promise<void> {
    await expect(this.page.locator("html")).toHaveAttribute("data-hydrated", "true", {
      timeout: 15_000,
    });
  }

  /** Clicks the footer's "Cookie settings": the dialog with JavaScript, the page without. */
  async openCookieSettings(): Promise<void> {
    await this.footer.getByRole("link", { name: "Cookie settings" }).click();
  }

  heading(level: number, name: string | RegExp): Locator {
    return this.page.getByRole("heading", { level, name });
  }

  /** True when the page is wider than the viewport, i.e. the visitor must scroll sideways. */
  async overflowsHorizontally(): Promise<boolean> {
    return this.page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
  }
}
