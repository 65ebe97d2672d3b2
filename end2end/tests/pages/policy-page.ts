import type { Locator, Page } from "@playwright/test";
import { SitePage } from "./site-page";

/** The Cookie Policy page. */
export class PolicyPage extends SitePage {
  static readonly path = "/cookie-policy";

  constructor(page: Page) {
    super(page);
  }

  async goto(): Promise<number> {
    return this.open(PolicyPage.path);
  }

  /** The cookie table of a category, found by its accessible name (the category heading). */
  table(categoryHeading: string): Locator {
    return this.page.getByRole("table", { name: categoryHeading, exact: true });
  }

  /** The cookie names of a table, in order (each row's header cell). */
  async cookieNames(categoryHeading: string): Promise<string[]> {
    return this.table(categoryHeading).getByRole("rowheader").allInnerTexts();
  }

  /** The column headers of a table. */
  async columns(categoryHeading: string): Promise<string[]> {
    return this.table(categoryHeading).getByRole("columnheader").allInnerTexts();
  }

  get lastUpdated(): Locator {
    return this.main.locator("time");
  }
}
