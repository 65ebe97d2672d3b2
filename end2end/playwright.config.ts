import { defineConfig, devices } from "@playwright/test";
import path from "node:path";

/** Where the suite's own server listens: apart from `make run`'s default port 3000. */
const ADDR = process.env.E2E_ADDR ?? "127.0.0.1:3100";
export const BASE_URL = `http://${ADDR}`;

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
  timeout: 30_000,
  expect: { timeout: 5_000 },
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
      grepInvert: /@signals\b|@nojs\b/,
    },
    {
      // Every page must work as plain server-rendered HTML. Tests that need JavaScript in the
      // page (the wasm islands, axe) carry the @js tag and are left out here, as are plain
      // HTTP checks (@http), which need no browser. Tests of the no-JavaScript fallback
      // itself carry @nojs and run only here.
      name: "no-js",
      use: { ...chromium, javaScriptEnabled: false },
      grepInvert: /@js\b|@http\b|@signals\b/,
    },
    // Browsers that send a privacy signal: only the tests about signals (@signals) run here.
    {
      name: "dnt",
      use: { ...chromium, extraHTTPHeaders: { DNT: "1" } },
      grep: /@signals\b/,
    },
    {
      name: "gpc",
      use: { ...chromium, extraHTTPHeaders: { "Sec-GPC": "1" } },
      grep: /@signals\b/,
    },
  ],
  webServer: {
    // `make serve` runs the release build that `make test` has just made, without rebuilding.
    command: `make --no-print-directory serve LEPTOS_SITE_ADDR=${ADDR}`,
    cwd: path.join(__dirname, ".."),
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
