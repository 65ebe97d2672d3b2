import type { BrowserContext, Locator, Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { ConsentBanner } from "./pages/consent-banner";
import { ConsentRuntime } from "./pages/consent-runtime";
import { PreferencesDialog } from "./pages/preferences-dialog";
import { PreferencesPage } from "./pages/preferences-page";
import { SettingsPage } from "./pages/settings-page";
import { SitePage } from "./pages/site-page";

/**
 * What a manual WCAG 2.2 and EDPB audit found beyond axe (issue 15), each measured: computed
 * styles, pixel differences and `elementFromPoint`, not eyeballed.
 */

/** How many pixels differ between two PNG screenshots of the same size. */
async function pixelsThatDiffer(context: BrowserContext, a: Buffer, b: Buffer): Promise<number> {
  // A blank page (no CSP) decodes both images on a canvas.
  const scratch = await context.newPage();
  try {
    return await scratch.evaluate(
      async ([a64, b64]) => {
        const load = async (src: string) => {
          const img = new Image();
          img.src = src;
          await img.decode();
          const canvas = document.createElement("canvas");
          canvas.width = img.width;
          canvas.height = img.height;
          const ctx = canvas.getContext("2d")!;
          ctx.drawImage(img, 0, 0);
          return ctx.getImageData(0, 0, img.width, img.height).data;
        };
        const [x, y] = [await load(a64), await load(b64)];
        if (x.length !== y.length) return Number.MAX_SAFE_INTEGER;
        let differ = 0;
        for (let i = 0; i < x.length; i += 4) {
          const d = Math.abs(x[i] - y[i]) + Math.abs(x[i + 1] - y[i + 1]) + Math.abs(x[i + 2] - y[i + 2]);
          if (d > 48) differ++;
        }
        return differ;
      },
      [`data:image/png;base64,${a.toString("base64")}`, `data:image/png;base64,${b.toString("base64")}`],
    );
  } finally {
    await scratch.close();
  }
}

/** A screenshot of the area around `locator`, with room for a focus ring. */
async function around(page: Page, locator: Locator): Promise<Buffer> {
  await locator.scrollIntoViewIfNeeded();
  const box = (await locator.boundingBox())!;
  return page.screenshot({
    clip: { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: box.height + 16 },
    animations: "disabled",
    caret: "hide",
  });
}

test.describe("Forced colours @js", () => {
  test("every switch shows its state with system colours", async ({ page, context }) => {
    await page.emulateMedia({ forcedColors: "active", reducedMotion: "reduce" });
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    const off = prefs.switch("analytics");
    const offShot = await around(page, off);
    const offStyle = await off.evaluate((e) => {
      const s = getComputedStyle(e);
      return { track: s.backgroundColor, knob: getComputedStyle(e, "::before").backgroundColor };
    });
    await off.check();
    await page.mouse.move(0, 0);
    const onShot = await around(page, off);
    const onStyle = await off.evaluate((e) => {
      const s = getComputedStyle(e);
      return { track: s.backgroundColor, knob: getComputedStyle(e, "::before").backgroundColor };
    });
    // The knob never takes the track's colour, and on and off look different.
    expect(offStyle.knob).not.toBe(offStyle.track);
    expect(onStyle.knob).not.toBe(onStyle.track);
    expect(onStyle.track).not.toBe(offStyle.track);
    expect(await pixelsThatDiffer(context, offShot, onShot)).toBeGreaterThan(150);
  });

  test("the theme switch shows which theme is pressed", async ({ page }) => {
    await page.emulateMedia({ forcedColors: "active" });
    const site = new SitePage(page);
    await site.open("/");
    const group = page.getByRole("banner").getByRole("group", { name: "Theme" });
    const pressed = await group.getByRole("button", { name: "System" }).evaluate((e) => getComputedStyle(e).backgroundColor);
    const other = await group.getByRole("button", { name: "Light" }).evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(pressed).not.toBe(other);
  });
});

test.describe("Focus you can see, and never hidden @js", () => {
  test("each theme button shows its whole focus ring", async ({ page, context }) => {
    await page.emulateMedia({ reducedMotion: "reduce" });
    const site = new SitePage(page);
    await site.open("/settings");
    await site.waitForHydration();
    const group = page.getByRole("banner").getByRole("group", { name: "Theme" });
    for (const name of ["Light", "Dark", "System"]) {
      const button = group.getByRole("button", { name });
      await page.locator("body").click({ position: { x: 1, y: 1 } });
      const before = await around(page, button);
      // Keyboard focus, so that :focus-visible applies.
      await button.focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      await expect(button).toBeFocused();
      const after = await around(page, button);
      const box = (await button.boundingBox())!;
      // A 3 px ring all around the button, allowing for rounded corners.
      const ring = 0.7 * 3 * 2 * (box.width + box.height);
      expect(await pixelsThatDiffer(context, before, after), name).toBeGreaterThan(ring);
    }
  });

  for (const where of ["/cookie-preferences", "the dialog"] as const) {
    test(`every control on ${where} shows a whole focus ring`, async ({ page, context }) => {
      await page.emulateMedia({ reducedMotion: "reduce" });
      const site = new SitePage(page);
      await site.open(where === "the dialog" ? "/" : where);
      await site.waitForHydration();
      const root = where === "the dialog" ? "dialog" : "main";
      if (where === "the dialog") {
        await site.openCookieSettings();
        await expect(new PreferencesDialog(page).dialog).toBeVisible();
      }
      await page.locator(`${root} details`).evaluateAll((all) =>
        all.forEach((d) => ((d as HTMLDetailsElement).open = true)),
      );
      const controls = page.locator(
        `${root} :is(a[href], button, input:not([type=hidden]):not([disabled]), summary, [tabindex="0"])`,
      );
      const count = await controls.count();
      expect(count).toBeGreaterThan(10);
      for (let i = 0; i < count; i++) {
        const control = controls.nth(i);
        if (!(await control.isVisible())) continue;
        // Keyboard focus (:focus-visible), then none: the ring is what differs.
        await control.focus();
        await page.keyboard.press("Shift");
        const focused = await around(page, control);
        await control.evaluate((e) => (e as HTMLElement).blur());
        const unfocused = await around(page, control);
        const box = (await control.boundingBox())!;
        const ring = 0.6 * 3 * 2 * (box.width + box.height);
        const label = await control.evaluate((e) => e.outerHTML.slice(0, 70));
        expect(await pixelsThatDiffer(context, unfocused, focused), label).toBeGreaterThan(ring);
      }
    });
  }

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 320, height: 640 },
  ]) {
    test(`the "page reloaded" notice covers nothing and Esc closes it (${viewport.width}×${viewport.height})`, async ({
      page,
    }) => {
      await page.setViewportSize(viewport);
      const site = new SitePage(page);
      await site.open("/settings");
      await site.waitForHydration();
      const banner = new ConsentBanner(page);
      await banner.acceptAll.click();
      // The decision must be saved before the dialog opens, or the answer arriving late
      // resets the switch this test turns off.
      await expect(banner.region).toBeHidden();
      await expect(banner.status).toHaveText("Saved: functional on, analytics on, marketing on");
      await site.openCookieSettings();
      const modal = new PreferencesDialog(page);
      await modal.switch("analytics").uncheck();
      const reloaded = page.waitForEvent("load");
      await modal.savePreferences.click();
      await reloaded;
      await site.waitForHydration();
      const runtime = new ConsentRuntime(page);
      await expect(runtime.reloadNotice).toBeVisible();
      // Focus lands on the notice, which is read out; not on <body>.
      const notice = page.locator("#consent-reloaded");
      await expect(notice).toBeFocused();
      // Tab through the page: whatever has focus is what sits under its own centre.
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press("Tab");
        const covered = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          el.scrollIntoView({ block: "nearest" });
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) return null;
          const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return at && (el === at || el.contains(at) || at.contains(el) || (el as HTMLInputElement).labels?.[0]?.contains(at))
            ? null
            : `${el.outerHTML.slice(0, 80)} under ${at?.outerHTML.slice(0, 80)}`;
        });
        expect(covered, `Tab ${i + 1}`).toBeNull();
      }
      await page.keyboard.press("Escape");
      await expect(runtime.reloadNotice).toBeHidden();
      await expect(site.main).toBeFocused();
    });
  }
});

test.describe("Status and focus after a choice @js", () => {
  test("every save is announced, and says what changed", async ({ page }) => {
    const site = new SitePage(page);
    await site.open("/");
    await site.waitForHydration();
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __said: string[] }).__said = seen;
      const region = document.querySelector(".consent-manager > [role=status]")!;
      new MutationObserver(() => {
        const text = region.textContent ?? "";
        if (text) seen.push(text);
      }).observe(region, { childList: true, subtree: true, characterData: true });
    });
    const banner = new ConsentBanner(page);
    const modal = new PreferencesDialog(page);
    const said = () => page.evaluate(() => (window as unknown as { __said: string[] }).__said);
    // Functional only: it loads no script, so switching it off needs no reload.
    await banner.managePreferences.click();
    await modal.switch("functional").check();
    await modal.savePreferences.click();
    await expect.poll(said).toEqual(["Saved: functional on, analytics off, marketing off"]);
    // The same choice again is announced again.
    await site.openCookieSettings();
    await modal.savePreferences.click();
    await expect.poll(said).toHaveLength(2);
    await site.openCookieSettings();
    await modal.switch("functional").uncheck();
    await modal.savePreferences.click();
    await expect.poll(said).toEqual([
      "Saved: functional on, analytics off, marketing off",
      "Saved: functional on, analytics off, marketing off",
      "Saved: functional off, analytics off, marketing off",
    ]);
  });

  for (const choice of ["acceptAll", "rejectAll"] as const) {
    test(`after ${choice} in the banner, focus moves to the content, not <body>`, async ({ page }) => {
      const site = new SitePage(page);
      await site.open("/");
      await site.waitForHydration();
      const banner = new ConsentBanner(page);
      await banner[choice].focus();
      await page.keyboard.press("Enter");
      await expect(banner.region).toBeHidden();
      await expect(site.main).toBeFocused();
    });
  }
});

test.describe("Names and descriptions @js", () => {
  test("the dialog is described by its introduction", async ({ page }) => {
    const site = new SitePage(page);
    await site.open("/");
    await site.waitForHydration();
    await site.openCookieSettings();
    const modal = new PreferencesDialog(page);
    await expect(modal.dialog).toHaveAccessibleDescription(/^Choose which cookies LeadsGen may use\./);
    await expect(modal.switch("strictly necessary")).toHaveAccessibleDescription(/Always on$/);
    await expect(modal.dialog.getByRole("heading", { level: 3, name: "Marketing" })).toBeVisible();
  });
});

test.describe("Names under a privacy signal @signals", () => {
  test("a switch locked off says why in its description", async ({ page }) => {
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    await expect(prefs.switch("analytics")).toHaveAccessibleDescription(/Off: your browser sends (Do Not Track|Global Privacy Control)$/);
  });
});

test.describe("Saves without JavaScript @nojs", () => {
  test("come back to a confirmation that says what was saved", async ({ page }) => {
    const prefs = new PreferencesPage(page);
    await prefs.goto();
    await prefs.switch("marketing").check();
    await prefs.saveChoices.click();
    await expect(page).toHaveURL(/\/cookie-preferences\?saved=consent#saved$/);
    const saved = page.getByRole("status").filter({ hasText: "Saved:" });
    await expect(saved).toHaveText("Saved: functional off, analytics off, marketing on.");
    await expect(saved).toBeFocused();

    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.privacySwitch("functional").check();
    await settings.savePreferences.click();
    await expect(page).toHaveURL(/\/settings\?saved=consent#saved$/);
    await expect(page.locator("#privacy").getByRole("status")).toHaveText(
      "Saved: functional on, analytics off, marketing on.",
    );
    await settings.workspace.selectOption("globex-emea");
    await settings.switchWorkspace.click();
    await expect(page.locator("#workspace").getByRole("status")).toHaveText("Saved: workspace Globex EMEA.");
    await expect(page.locator("#workspace").getByRole("status")).toBeFocused();
  });
});

test.describe("Small ones", () => {
  test("the workspace picker's border has 3:1 contrast", async ({ page }) => {
    const settings = new SettingsPage(page);
    await settings.goto();
    const [border, background] = await settings.workspace.evaluate((e) => {
      const s = getComputedStyle(e);
      return [s.borderTopColor, getComputedStyle(document.body).backgroundColor];
    });
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [a, b] = [luminance(border), luminance(background)].sort((x, y) => y - x);
    expect((a + 0.05) / (b + 0.05)).toBeGreaterThanOrEqual(3);
  });

  test("with WCAG text spacing at 320 px, the dialog's Close stays inside it @js", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    const site = new SitePage(page);
    await site.open("/");
    await site.waitForHydration();
    // WCAG 1.4.12's spacing, set through the CSSOM (the page's CSP refuses a <style> tag).
    await page.evaluate(() => {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>("*"))) {
        el.style.setProperty("line-height", "1.5", "important");
        el.style.setProperty("letter-spacing", "0.12em", "important");
        el.style.setProperty("word-spacing", "0.16em", "important");
        if (el.tagName === "P") el.style.setProperty("margin-bottom", "2em", "important");
      }
    });
    await site.openCookieSettings();
    const modal = new PreferencesDialog(page);
    await expect(modal.dialog).toBeVisible();
    const [dialog, close] = [(await modal.dialog.boundingBox())!, (await modal.close.boundingBox())!];
    expect(close.x).toBeGreaterThanOrEqual(dialog.x);
    expect(close.x + close.width).toBeLessThanOrEqual(dialog.x + dialog.width - 1);
  });
});

test.describe("The policy's instruction made real", () => {
  test("section 3's control opens the preferences, then reads Cookie settings", async ({ page }, info) => {
    const site = new SitePage(page);
    await site.open("/cookie-policy");
    const section = page.locator("section", {
      has: page.getByRole("heading", { name: "3. How to manage cookies" }),
    });
    const control = section.getByRole("link", { name: "Manage preferences" });
    await expect(control).toBeVisible();
    if (info.project.use.javaScriptEnabled === false) {
      await control.click();
      await expect(page).toHaveURL(/\/cookie-preferences$/);
      await new PreferencesPage(page).rejectAll.click();
      await site.open("/cookie-policy");
    } else {
      await site.waitForHydration();
      await control.click();
      const modal = new PreferencesDialog(page);
      await expect(modal.dialog).toBeVisible();
      await modal.rejectAll.click();
      await expect(modal.dialog).toBeHidden();
      await page.reload();
    }
    await expect(section.getByRole("link", { name: "Cookie settings" })).toBeVisible();
  });

  test("the banner stays compact at 360 px", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const site = new SitePage(page);
    await site.open("/");
    const box = (await new ConsentBanner(page).region.boundingBox())!;
    console.log(`banner height at 360 px: ${box.height.toFixed(0)} px`);
    // Under two thirds of a phone screen, so the page behind it stays in view.
    expect(box.height).toBeLessThan(740 * 0.66);
  });
});
