import { test, expect } from "@playwright/test";

/** HTTP behaviour of the server itself, checked over real HTTP with Playwright's client. */
test.describe("Server @http", () => {
  test("GET /healthz answers 200", async ({ request }) => {
    const res = await request.get("/healthz");
    expect(res.status()).toBe(200);
    expect(await res.text()).toBe("ok");
  });

  for (const encoding of ["br", "gzip"]) {
    test(`pages are compressed with ${encoding}`, async ({ request }) => {
      const res = await request.get("/cookie-policy", {
        headers: { "accept-encoding": encoding },
      });
      expect(res.status()).toBe(200);
      expect(res.headers()["content-encoding"]).toBe(encoding);
      expect(await res.text()).toContain("Cookie Policy");
    });
  }

  test("declares that it honours Global Privacy Control", async ({ request }) => {
    const res = await request.get("/.well-known/gpc.json");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/json");
    const body = await res.json();
    expect(body.gpc).toBe(true);
    expect(body.lastUpdate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test("hashed /pkg assets are immutable and compressed", async ({ request }) => {
    const html = await (await request.get("/")).text();
    const assets = [...html.matchAll(/href="(\/pkg\/[^"]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset).toMatch(/\.[A-Za-z0-9_-]{8,}\.(js|wasm|css)$/);
      const res = await request.get(asset, { headers: { "accept-encoding": "br" } });
      expect(res.status(), asset).toBe(200);
      expect(res.headers()["cache-control"], asset).toBe("public, max-age=31536000, immutable");
      expect(res.headers()["content-encoding"], asset).toBe("br");
    }
  });
});

/** Search engines: the banner is in the first HTML, but is never the page's snippet. */
test("the consent banner carries data-nosnippet", async ({ page }) => {
  await page.goto("/cookie-policy");
  const banner = page.getByRole("region", { name: "Cookie consent" });
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute("data-nosnippet", "");
});
