import type { Locator, Page } from "@playwright/test";
import { PreferencesPage, type Category } from "./preferences-page";
import { SitePage } from "./site-page";

/** `/settings`: privacy switches, theme, sidebar and workspace. */
export class SettingsPage extends SitePage {
  static readonly path = "/settings";
  readonly sidebar: Locator;
  readonly workspace: Locator;
  readonly switchWorkspace: Locator;
  readonly savePreferences: Locator;
  readonly pageOnlyNotice: Locator;
  readonly remember: Locator;

  constructor(page: Page) {
    super(page);
    this.sidebar = page.getByRole("complementary", { name: "Settings sections" });
    this.workspace = this.main.getByRole("combobox", { name: "Workspace" });
    this.switchWorkspace = this.main.getByRole("button", { name: "Switch workspace" });
    this.savePreferences = this.main.getByRole("button", { name: "Save preferences" });
    this.pageOnlyNotice = page.getByText("Your choice applies to this page only");
    this.remember = page.getByRole("button", { name: "Remember my choices" });
  }

  async goto(): Promise<number> {
    return this.open(SettingsPage.path);
  }

  /** The header's theme button. */
  themeButton(theme: "Light" | "Dark" | "System"): Locator {
    return this.page
      .getByRole("banner")
      .getByRole("group", { name: "Theme" })
      .getByRole("button", { name: theme });
  }

  sidebarToggle(): Locator {
    return this.sidebar.getByRole("button", { name: /(Collapse|Expand) sidebar/ });
  }

  privacySwitch(category: Category): Locator {
    return new PreferencesPage(this.page).switch(category).and(
      this.main.locator("#privacy").getByRole("switch"),
    );
  }

  async theme(): Promise<string | null> {
    return this.page.locator("html").getAttribute("data-theme");
  }
}
