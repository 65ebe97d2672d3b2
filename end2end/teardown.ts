import fs from "node:fs";

/** Removes the servers' data directories (see playwright.config.ts) once the run is over. */
export default async function teardown(): Promise<void> {
  for (const [name, dir] of Object.entries(process.env)) {
    if (name.startsWith("E2E_DATA_DIR_") && dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
