import type { Locator, Page } from "@playwright/test";

/**
 * What changed in the policy since the visitor's consent: the list under the update notice (in
 * the banner, the dialog and on /cookie-preferences), and the signed-in notice of a policy
 * update in the header area, which carries the same list.
 */
export class PolicyChanges {
  /** The signed-in notice in the header area. */
  readonly accountNotice: Locator;

  constructor(
    readonly page: Page,
    /** The list's name in the page's language: "What changed". */
    readonly listName = "What changed",
    accountNoticeName = "Cookie Policy update",
  ) {
    this.accountNotice = page.getByRole("region", { name: accountNoticeName });
  }

  /** The items of the list inside `scope` (a banner, a dialog, the main content, a notice). */
  items(scope: Locator): Locator {
    return scope.getByRole("list", { name: this.listName }).getByRole("listitem");
  }

  /** Every list of changes on the page, visible or not. */
  get lists(): Locator {
    return this.page.getByRole("list", { name: this.listName, includeHidden: true });
  }
}
