/**
 * Runs after every test of every file (vitest.config.ts setupFiles): the data invariants of PRODUCT.md section 7
 * (tests/invariants.ts) must hold on every live test app, whatever the test did. A violation fails the test that
 * left it behind.
 */
import { afterEach } from "vitest";
import { liveApps } from "./harness";
import { checkImageInvariants, checkInvariants } from "./invariants";

afterEach(async () => {
  const found: string[] = [];
  for (const app of liveApps) {
    if (app.skipInvariants) continue;
    await app.settle();
    found.push(...(await checkInvariants(app.db)), ...(await checkImageInvariants(app)));
  }
  if (found.length) throw new Error(`Data invariants violated after this test:\n- ${found.join("\n- ")}`);
});
