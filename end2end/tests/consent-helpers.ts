import type { BrowserContext, Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";

/** The names of the cookies the browser holds for the site. */
export async function cookieNames(context: BrowserContext): Promise<string[]> {
  return (await context.cookies(BASE_URL)).map((c) => c.name).sort();
}

/** Records every request the page makes that does not go to the site itself. */
export function recordForeignRequests(page: Page): string[] {
  const foreign: string[] = [];
  const site = new URL(BASE_URL).host;
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.protocol.startsWith("http") && url.host !== site) foreign.push(req.url());
  });
  return foreign;
}

/** Marks the window so a test can tell whether the page was reloaded since. */
export async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 42));
}

export async function windowIsMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __mark?: number }).__mark === 42);
}
