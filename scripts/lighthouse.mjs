// `npm run lighthouse`: Lighthouse (mobile settings, its default config) against the production Worker served by
// wrangler dev on a fresh local D1, for /signin, the project list (signed in) and /invite/<token>. Writes the four
// category scores and every audit under 95 to bench/RESULTS.md (its own section; the bench section is kept).
// Chromium: CHROME_PATH, else Debian's /usr/bin/chromium.
import { existsSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { buildAndSnapshot, freshDatabase, invite, seedOrgs, startServer, varsFor, writeSection } from "./bench-server.mjs";

const PORT = 8856;
const OUTPUT = ".tmp/lighthouse-output";
const STATE = ".tmp/lighthouse-state";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

await buildAndSnapshot(OUTPUT);
await freshDatabase(STATE);
const [org] = await seedOrgs(STATE, [{ tag: "lh", projects: 100, members: 50 }]);
const server = await startServer({ outputDir: OUTPUT, stateDir: STATE, port: PORT, vars: varsFor(PORT) });
const base = server.url;
const chromePath = process.env.CHROME_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
let chrome;
try {
  const token = await invite(base, org, `lighthouse-guest-${org.slug}@example.com`);
  const pages = [
    { name: "/signin", path: "/signin" },
    { name: "project list /orgs/<slug> (signed in)", path: `/orgs/${org.slug}`, cookie: org.cookie },
    { name: "/invite/<token>", path: `/invite/${token}` },
  ];
  chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const rows = [];
  const low = [];
  for (const p of pages) {
    // One unmeasured load first, so the Worker's first-request compile is not charged to the page.
    await fetch(base + p.path, { headers: p.cookie ? { cookie: p.cookie } : {} });
    const result = await lighthouse(base + p.path, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: CATEGORIES,
      extraHeaders: p.cookie ? { Cookie: p.cookie } : undefined,
    });
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${p.name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    if (lhr.finalDisplayedUrl && new URL(lhr.finalDisplayedUrl).pathname !== p.path) throw new Error(`${p.name} ended at ${lhr.finalDisplayedUrl}`);
    const scores = CATEGORIES.map((c) => Math.round((lhr.categories[c]?.score ?? 0) * 100));
    rows.push({ name: p.name, scores });
    console.log(`${p.name}: ${CATEGORIES.map((c, i) => `${c} ${scores[i]}`).join(", ")}`);
    for (const c of CATEGORIES) {
      for (const ref of lhr.categories[c].auditRefs) {
        const a = lhr.audits[ref.id];
        if (ref.weight === 0 && c !== "performance") continue;
        if (a.score === null || a.scoreDisplayMode === "notApplicable" || a.scoreDisplayMode === "informative" || a.scoreDisplayMode === "manual") continue;
        if (a.score < 0.95) {
          const detail = [a.displayValue, summarize(a)].filter(Boolean).join("; ");
          low.push(`- ${p.name} · ${c} · **${a.id}** (${Math.round(a.score * 100)}): ${a.title}${detail ? ` — ${detail}` : ""}`);
        }
      }
    }
  }
  const md = [
    "## npm run lighthouse",
    "",
    `Run: ${new Date().toISOString()} · Lighthouse ${(await import("lighthouse/package.json", { with: { type: "json" } })).default.version}, default (mobile) settings: emulated`,
    `phone, simulated slow 4G and 4× CPU slowdown · Chromium at ${chromePath ?? "chrome-launcher's default"} · Node ${process.version}.`,
    "The machine is shared and was busy: performance scores are noisy.",
    "",
    `| Page | ${CATEGORIES.join(" | ")} |`,
    `|---|${CATEGORIES.map(() => "---:").join("|")}|`,
    ...rows.map((r) => `| ${r.name} | ${r.scores.join(" | ")} |`),
    "",
    `Target: each at least 95 — ${rows.every((r) => r.scores.every((s) => s >= 95)) ? "✅ holds on every page" : "❌ not met on every page (see below)"}.`,
    "",
    "Audits scoring under 95:",
    "",
    ...(low.length ? low : ["- none"]),
  ].join("\n");
  writeSection("lighthouse", md);
  console.log("\n" + md + "\n\nwritten to bench/RESULTS.md");
} finally {
  await chrome?.kill();
  await server.stop();
}

function summarize(audit) {
  const items = audit.details?.items;
  if (!Array.isArray(items) || !items.length) return "";
  return items
    .slice(0, 3)
    .map((it) => it.node?.snippet ?? it.url ?? it.source?.url ?? it.issueType ?? "")
    .filter(Boolean)
    .map((s) => `\`${String(s).replace(/`/g, "'").slice(0, 120)}\``)
    .join(", ");
}
