import { test as base, expect } from "@playwright/test";

/**
 * `test` with a `browserErrors` list: every console error and uncaught page error seen while
 * the test ran. Tests assert it is empty where a clean page is part of the promise.
 */
export const test = base.extend<{ browserErrors: string[] }>({
  browserErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
    });
    page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
  },
});

export { expect };
