import type { BrowserContext, Page } from "@playwright/test";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
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

/** The optional categories, with their bits in the cookie's `choices` field. */
const CHOICE_BITS = { functional: 1, analytics: 2, marketing: 4 } as const;

/**
 * A `cookie-consent` cookie for the suite's site server, signed with that server's own key
 * (the key file in its data directory), as the server writes it: `codec` version 1
 * (`1.<id>.<seconds>.<YYYYMMDD>.<choices>.<signals>`) behind its HMAC-SHA256 in base64, as the
 * `cookie` crate's signed jar does. For a visitor who decided under an earlier policy
 * revision, which no click can produce today.
 */
export function signedConsentCookie(
  revision: string,
  allowed: (keyof typeof CHOICE_BITS)[],
): { name: string; value: string; url: string; httpOnly: boolean; sameSite: "Lax" } {
  const dir = process.env.E2E_DATA_DIR_SITE;
  if (!dir) throw new Error("no E2E_DATA_DIR_SITE: the site server's data directory is unknown");
  const key = Buffer.from(fs.readFileSync(path.join(dir, "consent-cookie.key"), "utf8").trim(), "base64");
  const id = crypto.randomBytes(16).toString("hex");
  const seconds = Math.floor(Date.now() / 1000);
  const choices = allowed.reduce((bits, c) => bits | CHOICE_BITS[c], 0);
  const value = `1.${id}.${seconds}.${revision.replaceAll("-", "")}.${choices}.0`;
  const mac = crypto.createHmac("sha256", key.subarray(0, 32)).update(value).digest("base64");
  return { name: "cookie-consent", value: mac + value, url: BASE_URL, httpOnly: true, sameSite: "Lax" };
}

/**
 * A client address of its own (in 198.18.0.0/15, the range kept for benchmarks), as the
 * header the suite's trusted proxy writes (`x-e2e-client`, see playwright.config.ts): the
 * server's limits per client (failed sign-ins, decisions) then count this test's requests
 * against no other test.
 */
export function ownClient(): Record<string, string> {
  const byte = () => crypto.randomInt(0, 256);
  return { "x-e2e-client": `198.${18 + crypto.randomInt(0, 2)}.${byte()}.${byte()}` };
}
