import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, TestInfo } from "@playwright/test";

/** The release binary that `make test` built and the suite's servers run. */
const BIN = path.join(__dirname, "..", "..", "..", "target", "release", "leadsgen-consent");

/**
 * Runs one of the binary's offline checks (`receipt verify`, `log verify-export`) as an
 * auditor would: no database, no secret, only files. Returns whether it exited 0, and what it
 * printed.
 */
export function offlineCheck(args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(BIN, args, { encoding: "utf8" }) };
  } catch (e) {
    const failed = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/**
 * Saves the site's public keys (`/.well-known/consent-log-keys.json`, fetched without any
 * credential) into this test's output folder; returns the file and the signing key's ID.
 */
export async function savePublicKeys(
  request: APIRequestContext,
  baseURL: string,
  testInfo: TestInfo,
): Promise<{ file: string; kid: string }> {
  const response = await request.get(`${baseURL}/.well-known/consent-log-keys.json`);
  if (!response.ok()) throw new Error(`the keys answered ${response.status()}`);
  const text = await response.text();
  const file = testInfo.outputPath("consent-log-keys.json");
  fs.writeFileSync(file, text);
  return { file, kid: JSON.parse(text).keys.at(-1).kid };
}
