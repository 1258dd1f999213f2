// `npm run load`: a team's Monday against the production build (issue 12, item 1). Builds (unless SKIP_BUILD=1) or
// reuses the Worker, serves a snapshot of it with wrangler on a fresh local D1 (loopback only), seeds the workspaces
// (scripts/load-world.mjs), lets LOAD_USERS people (50) work for LOAD_SECONDS (120) (scripts/load-users.mjs), stops
// the server, then checks the database: the invariants and the ledger of writes (scripts/load-verify.mjs). Prints the
// figures per operation and writes them to bench/RESULTS.md. Exits 1 on any 5xx, invariant violation or ledger failure.
// `npm run load -- --saturate` measures throughput at saturation instead (scripts/saturate.mjs).
import { buildAndSnapshot, freshDatabase, startServer, varsFor, writeSection } from "./bench-server.mjs";
import { createRecorder } from "./load-client.mjs";
import { loadMarkdown, machineNow, opRows, printTable } from "./load-report.mjs";
import { directWorkerUrl } from "./load-direct.mjs";
import { runPeople } from "./load-users.mjs";
import { invariantViolations, openDatabase, verifyLedger } from "./load-verify.mjs";
import { planWorld, seedWorld } from "./load-world.mjs";

if (process.argv.includes("--saturate")) {
  await import("./saturate.mjs");
} else {
  process.exitCode = await main();
}

async function main() {
  const port = Number(process.env.LOAD_PORT ?? 8891);
  const seconds = Number(process.env.LOAD_SECONDS ?? 120);
  const users = Number(process.env.LOAD_USERS ?? 50);
  const thinkMs = Number(process.env.LOAD_THINK_MS ?? 1000);
  const output = `.tmp/load-output-${port}`;
  const state = `.tmp/load-state-${port}`;

  await buildAndSnapshot(output);
  await freshDatabase(state);
  const world = planWorld(users);
  await seedWorld(state, world);
  // Rate limits stay on, at the e2e suite's 10x: one loopback address stands for a whole lab.
  const server = await startServer({ outputDir: output, stateDir: state, port, vars: varsFor(port, { RATE_LIMIT_MULTIPLIER: "10" }) });
  const rec = createRecorder();
  // Straight to the Worker's own socket inside wrangler dev, past its dev-only proxy (scripts/load-direct.mjs says why);
  // LOAD_VIA_PROXY=1 goes through the proxy on the public port instead.
  let base = server.url;
  if (!process.env.LOAD_VIA_PROXY) {
    base = await directWorkerUrl(port);
    rec.origin = server.url;
  }
  const before = machineNow();
  const started = new Date().toISOString();
  const t0 = Date.now();
  console.log(`${users} people, ${seconds} s, on ${base} (1-min load average ${before.one} on ${before.cores} cores)…`);
  let after;
  try {
    await runPeople({ base, rec, world, deadline: t0 + seconds * 1000, thinkMs });
    after = machineNow();
    // Emails go out after the answer (the outbox): give the Worker a moment to finish before it stops.
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    await server.stop();
  }
  const elapsed = (Date.now() - t0) / 1000;

  const db = await openDatabase(state);
  let violations;
  let verified;
  try {
    violations = await invariantViolations(db);
    verified = await verifyLedger(db, rec.ledger);
  } finally {
    await db.close();
  }

  const rows = opRows(rec);
  printTable(rows);
  const fivexx = rows.reduce((s, r) => s + r.fivexx, 0);
  const errors = rows.reduce((s, r) => s + r.errors, 0);
  const unexpected = rows.reduce((s, r) => s + r.unexpected, 0);
  for (const line of rec.samples) console.log(`error: ${line}`);
  for (const v of violations) console.log(`INVARIANT: ${v}`);
  for (const f of verified.failures) console.log(`LEDGER: ${f}`);
  console.log(`\n5xx: ${fivexx} · unexpected answers below 500: ${unexpected} · network failures: ${errors - fivexx - unexpected} · invariant violations: ${violations.length} · ledger failures: ${verified.failures.length}`);
  console.log(`ledger checks: ${JSON.stringify(verified.checked)}`);
  console.log(`machine: 1-min load average ${before.one} before, ${after?.one ?? "?"} at the end, ${before.cores} cores (shared)`);

  const via = process.env.LOAD_VIA_PROXY ? "requests through wrangler's dev proxy" : "requests sent to the Worker's own socket past wrangler's dev-only proxy (scripts/load-direct.mjs)";
  const md = loadMarkdown({ via, started, seconds, users, thinkMs, world, rows, before, after: after ?? machineNow(), violations, verified, elapsed });
  writeSection("load", "## npm run load\n\n" + md);
  console.log("written to bench/RESULTS.md");
  return fivexx > 0 || unexpected > 0 || violations.length > 0 || verified.failures.length > 0 ? 1 : 0;
}
