import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { ADMIN_TOKEN } from "../../playwright.config";

/** `/admin`: the consent log's dashboard, behind the admin token. */
export class AdminPage {
  static readonly path = "/admin";
  readonly main: Locator;
  readonly chainStatus: Locator;
  readonly downloadCsv: Locator;
  readonly downloadNdjson: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole("main");
    this.chainStatus = this.main
      .getByRole("region", { name: "Hash chain" })
      .getByRole("paragraph");
    this.downloadCsv = this.main.getByRole("button", { name: "Download CSV" });
    this.downloadNdjson = this.main.getByRole("button", { name: "Download NDJSON" });
  }

  async goto(): Promise<number> {
    const response = await this.page.goto(AdminPage.path);
    return response?.status() ?? 0;
  }

  /** A chart, by its accessible name. */
  chart(name: string): Locator {
    return this.main.getByRole("img", { name });
  }

  /** The value of a summary figure, e.g. "Decisions recorded". */
  figure(term: string): Locator {
    return this.main.locator("dl.summary div", { hasText: term }).locator("dd");
  }
}

/** The `Authorization` header the admin view accepts. */
export const ADMIN_AUTH = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/** The export in `format`, as lines (the CSV without its header). */
export async function exportLines(
  request: APIRequestContext,
  format: "ndjson" | "csv",
): Promise<string[]> {
  const response = await request.get(`/admin/consents.${format}`, { headers: ADMIN_AUTH });
  if (!response.ok()) throw new Error(`export answered ${response.status()}`);
  return recordLines(await response.text(), format);
}

/** The record lines of an export: CSV without its header; NDJSON without its opening line
 * and the signed checkpoints that close it. */
export function recordLines(text: string, format: "ndjson" | "csv"): string[] {
  const lines = text.split("\n").filter((l) => l.length > 0);
  return format === "csv" ? lines.slice(1) : lines.filter((l) => "seq" in JSON.parse(l));
}
