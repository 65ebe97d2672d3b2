import type { APIRequestContext } from "@playwright/test";
import { BASE_URL } from "../playwright.config";

/**
 * The trackers of the registry (`crates/domain/src/consent/leadsgen.rs`), as the running server declares
 * them, so that no test repeats the tracker list: a tracker added to the registry is
 * intercepted, counted and checked without touching the suite.
 *
 * Read once per worker from the server itself: the page state an "Accept all" answers lists
 * every tag with its tracker key, category and script URL (configured IDs filled in), and the
 * Content-Security-Policy of a page under that consent lists every host the trackers use.
 */
export interface RegistryTracker {
  /** The registry key, as in `data-tracker`. */
  key: string;
  /** The category that gates it: `analytics` or `marketing`. */
  category: string;
  /** The external script's absolute URL. */
  src: string;
}

export interface Registry {
  /** Every tracker, in the registry's order. */
  trackers: RegistryTracker[];
  /** How many `<script data-tracker>` tags a fully consented page carries (inline ones too). */
  tagCount: number;
  /**
   * Where trackers load from or report to: every host the fully consented policy adds, and
   * the path of each same-origin script. None may appear before consent.
   */
  markers: string[];
}

interface Tag {
  kind: "inline" | "external";
  tracker: string;
  category: string;
  src?: string;
}

/** Reads the registry's trackers from the server at `BASE_URL`. */
export async function readRegistry(request: APIRequestContext): Promise<Registry> {
  const origin = new URL(BASE_URL).origin;
  const answer = await request.post("/api/consent/accept-all", {
    headers: { Accept: "application/json", Origin: origin },
    form: {},
  });
  if (!answer.ok()) throw new Error(`accept-all answered ${answer.status()}`);
  const cookie = answer
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value.split(";")[0])
    .join("; ");
  const tags: Tag[] = JSON.parse((await answer.json()).page).tags;
  const trackers = tags
    .filter((t) => t.kind === "external")
    .map((t) => ({ key: t.tracker, category: t.category, src: new URL(t.src!, BASE_URL).href }));

  const policy = async (headers: Record<string, string>) =>
    (await request.get("/", { headers })).headers()["content-security-policy"] ?? "";
  const hosts = (csp: string) => new Set(csp.split(/[ ;]+/).filter((t) => t.startsWith("https://")));
  const before = hosts(await policy({}));
  const after = hosts(await policy({ Cookie: cookie }));
  const markers = [...after]
    .filter((h) => !before.has(h))
    .map((h) => h.replace(/^https:\/\//, ""))
    .concat(trackers.filter((t) => t.src.startsWith(origin)).map((t) => new URL(t.src).pathname));
  return { trackers, tagCount: tags.length, markers };
}

/** The keys of the trackers in `category`, in the registry's order. */
export function trackersOf(registry: Registry, category: string): string[] {
  return registry.trackers.filter((t) => t.category === category).map((t) => t.key);
}
