import { defineConfig, devices } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Where the suite's own server listens: apart from `make run`'s default port 3000. */
const ADDR = process.env.E2E_ADDR ?? "127.0.0.1:3100";
export const BASE_URL = `http://${ADDR}`;

/**
 * A second server, with the admin view on, for the tests of the admin view: its consent log
 * holds only the decisions those tests make, so they can count them exactly.
 */
const ADMIN_ADDR = process.env.E2E_ADMIN_ADDR ?? "127.0.0.1:3101";
export const ADMIN_URL = `http://${ADMIN_ADDR}`;
export const ADMIN_TOKEN = "e2e-admin-token";

/**
 * A third server, for the tests of the limits on decisions per client (@limits): a bucket of
 * 3 that refills by one a minute, so that a test meets the limit at once and no refill comes
 * between spending the allowance and the click that is refused (the default refills one
 * every 100 ms).
 */
const LIMITS_ADDR = process.env.E2E_LIMITS_ADDR ?? "127.0.0.1:3102";
export const LIMITS_URL = `http://${LIMITS_ADDR}`;
export const LIMITS_BURST = 3;

/**
 * A fourth server, for the tests of what changed in the policy since a consent (they run in
 * the js and no-js projects, with this base URL): it starts on a copy of
 * `tests/fixtures/revision-2026-01-20`, the consent log, accounts and keys a server of the
 * policy's previous revision left, whose cookies and accounts the tests use.
 */
const REVISION_ADDR = process.env.E2E_REVISION_ADDR ?? "127.0.0.1:3103";
export const REVISION_URL = `http://${REVISION_ADDR}`;
export const REVISION_FIXTURE = path.join(__dirname, "..", "tests/fixtures/revision-2026-01-20");

/**
 * Each server gets a fresh data directory (consent log and signing key) per run, so no run
 * sees another's decisions. Playwright loads this file in every worker: the directory is
 * made once, by the main process, and handed down through the environment.
 */
function dataDir(name: string): string {
  const variable = `E2E_DATA_DIR_${name.toUpperCase()}`;
  if (!process.env[variable]) {
    process.env[variable] = fs.mkdtempSync(path.join(os.tmpdir(), `leadsgen-e2e-${name}-`));
  }
  return process.env[variable]!;
}

/** A fresh copy of `fixture`'s data directory for the server `name`, made once per run. */
function fixtureDir(name: string, fixture: string): string {
  const variable = `E2E_DATA_DIR_${name.toUpperCase()}`;
  if (!process.env[variable]) {
    const dir = dataDir(name);
    for (const file of ["consent.db", "consent-cookie.key", "consent-log-signing.key"]) {
      fs.copyFileSync(path.join(fixture, file), path.join(dir, file));
    }
    for (const key of ["consent-cookie.key", "consent-log-signing.key"]) {
      fs.chmodSync(path.join(dir, key), 0o600);
    }
  }
  return process.env[variable]!;
}

function server(addr: string, name: string, env: Record<string, string> = {}) {
  return {
    // `make serve` runs the release build that `make test` has just made, without rebuilding.
    command: `make --no-print-directory serve LEPTOS_SITE_ADDR=${addr}`,
    cwd: path.join(__dirname, ".."),
    url: `http://${addr}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      ...(process.env as Record<string, string>),
      LEADSGEN_DATA_DIR: name === "revision" ? fixtureDir(name, REVISION_FIXTURE) : dataDir(name),
      ...env,
    },
  };
}

/** Debian's Chromium: Playwright's own browser download does not work on this machine kind. */
const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  },
};

export default defineConfig({
  testDir: "./tests",
  // Each test drives a real Chromium against the release server, two at a time on a 2-core
  // machine: under that load a long test (axe on several pages, a focus walk over every
  // control, eleven sign-ins) has needed more than 30 s, so the budgets leave room.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "js",
      use: { ...chromium, javaScriptEnabled: true },
      grepInvert: /@signals\b|@gpc\b|@nojs\b|@admin\b|@limits\b/,
    },
    {
      // Every page must work as plain server-rendered HTML. Tests that need JavaScript in the
      // page (the wasm islands, axe) carry the @js tag and are left out here, as are plain
      // HTTP checks (@http), which need no browser. Tests of the no-JavaScript fallback
      // itself carry @nojs and run only here.
      name: "no-js",
      use: { ...chromium, javaScriptEnabled: false },
      grepInvert: /@js\b|@http\b|@signals\b|@gpc\b|@admin\b|@limits\b/,
    },
    // Browsers that send a privacy signal: only the tests about signals (@signals) run here.
    {
      name: "dnt",
      use: { ...chromium, extraHTTPHeaders: { DNT: "1" } },
      grep: /@signals\b/,
    },
    // … and the tests of what GPC does that DNT does not (@gpc).
    {
      name: "gpc",
      use: { ...chromium, extraHTTPHeaders: { "Sec-GPC": "1" } },
      grep: /@signals\b|@gpc\b/,
    },
    // The admin view, against the second server. Its tests run one after another, so each
    // can count the decisions in that server's log exactly.
    {
      name: "admin",
      use: { ...chromium, baseURL: ADMIN_URL },
      grep: /@admin\b/,
      fullyParallel: false,
    },
    // The limits on decisions per client, against the third server (JavaScript on; the
    // tests without it open a context of their own).
    {
      name: "limits",
      use: { ...chromium, baseURL: LIMITS_URL },
      grep: /@limits\b/,
    },
  ],
  globalTeardown: "./teardown.ts",
  webServer: [
    // The suite stands in for a trusted proxy (127.0.0.1) that writes the client's address
    // into x-e2e-client: a test that meets a per-client limit on purpose (failed sign-ins,
    // decisions) names its own client (ownClient in consent-helpers.ts), so the limit never
    // reaches another test.
    server(ADDR, "site", {
      LEADSGEN_TRUSTED_PROXIES: "127.0.0.1",
      LEADSGEN_CLIENT_IP_HEADER: "x-e2e-client",
    }),
    server(ADMIN_ADDR, "admin", { LEADSGEN_ADMIN_TOKEN: ADMIN_TOKEN }),
    server(LIMITS_ADDR, "limits", {
      LEADSGEN_TRUSTED_PROXIES: "127.0.0.1",
      LEADSGEN_CLIENT_IP_HEADER: "x-e2e-client",
      LEADSGEN_DECISION_BURST: String(LIMITS_BURST),
      LEADSGEN_DECISIONS_PER_MINUTE: "1",
    }),
    server(REVISION_ADDR, "revision"),
  ],
});
