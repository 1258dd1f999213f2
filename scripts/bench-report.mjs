// The bench section of bench/RESULTS.md, from what scripts/bench.mjs measured: tables, growth ratios, and the budgets
// of issue 15 ("Speed budgets") each marked as holding or not.
import { execSync } from "node:child_process";
import { kb } from "./bench-load.mjs";

const JS_BUDGET = 30 * 1024;
const GROWTH_BUDGET = 1.3;

export function benchMarkdown({ opts, sizes, pages, reads, once, writes }) {
  const [small, , large] = sizes;
  const baseline = once.find((c) => c.key === "baseline");
  const p50 = (key, size) => reads.find((r) => r.key === key && r.size === size)?.p50;
  const ratio = (key, size) => p50(key, size) / p50(key, small.label);
  const keys = [...new Set(reads.map((r) => r.key))];
  const nameOf = (key) => reads.find((r) => r.key === key).name;

  const authPages = pages.filter((p) => p.auth);
  const pageTrips = Math.max(...authPages.map((p) => p.trips ?? Infinity), ...reads.filter((r) => r.page && !r.public).map((r) => r.trips ?? Infinity));
  const overWrites = writes.filter((w) => !(w.ok && w.trips !== null && w.trips <= 2));
  const heavyJs = pages.filter((p) => p.js > JS_BUDGET);
  const failed = reads.reduce((n, r) => n + r.failed, 0) + once.reduce((n, c) => n + c.failed, 0);
  const growth = ["list", "psearch", "members", "msearch"].map((k) => [k, ratio(k, large.label)]);
  const budgets = [
    [
      "every authenticated page: 1 D1 round trip (exact, statements run while it streams included)",
      pageTrips <= 1,
      `${authPages.filter((p) => p.trips <= 1).length} of ${authPages.length} pages within, max ${pageTrips} (tables above)`,
    ],
    [
      "every write (API route and server function action): ≤ 2 D1 round trips",
      overWrites.length === 0,
      `${writes.length - overWrites.length} of ${writes.length} within, max ${Math.max(...writes.map((w) => w.trips ?? Infinity))} (table above)`,
    ],
    [
      `p50(${large.label}) / p50(${small.label}) ≤ ${GROWTH_BUDGET} for the project list, project search, members page and member search`,
      growth.every(([, r]) => r <= GROWTH_BUDGET),
      growth.map(([k, r]) => `${k} ${r.toFixed(2)}`).join(", "),
    ],
    [`≤ 30 KB gzip JS on every page`, heavyJs.length === 0, `${pages.length - heavyJs.length} of ${pages.length} pages within, max ${kb(Math.max(...pages.map((p) => p.js)))} (table above)`],
    ["no failed request", failed === 0, `${failed} non-2xx or errored`],
  ];
  const budgetLines = budgets.map(([name, ok, detail]) => `- ${ok ? "✅ holds" : "❌ FAILS"}: ${name} — ${detail}`);

  const readTable = [
    "| Case | Size | req/s | p50 ms | p95 ms | p50 / baseline | D1 trips (exact) | items | non-2xx |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ...[...once.filter((c) => c.key === "baseline"), ...reads, ...once.filter((c) => c.key !== "baseline")].map(
      (r) => `| ${r.name} | ${r.size} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p95} | ${(r.p50 / baseline.p50).toFixed(2)} | ${r.trips ?? "?"} | ${r.items ?? ""} | ${r.failed} |`,
    ),
  ];
  const ratioTable = [
    `| Case | p50 ${sizes.map((s) => s.label).join(" / ")} (ms) | ${sizes.slice(1).map((s) => `p50(${s.label}) / p50(${small.label})`).join(" | ")} |`,
    `|---|---:|${sizes.slice(1).map(() => "---:").join("|")}|`,
    ...keys.map((k) => `| ${nameOf(k)} | ${sizes.map((s) => p50(k, s.label)).join(" / ")} | ${sizes.slice(1).map((s) => ratio(k, s.label).toFixed(2)).join(" | ")} |`),
  ];
  const pageTable = [
    "| Page | Status | D1 trips (exact) | JS gz | CSS gz | files |",
    "|---|---:|---:|---:|---:|---:|",
    ...pages.map((p) => `| ${p.name}${p.auth ? " (signed in)" : ""} | ${p.status} | ${p.trips ?? "?"} | ${kb(p.js)}${p.js > JS_BUDGET ? " ❌" : ""} | ${kb(p.css)} | ${p.files} |`),
  ];
  const writeTable = [
    "| Write | As | D1 trips (exact) | Answer |",
    "|---|---|---:|---|",
    ...writes.map((w) => `| ${w.kind === "api" ? `\`${w.name}\`` : `server function ${w.name.replace(/^src\/rpc\//, "")}`} | ${w.subject} | ${w.trips ?? "?"}${w.ok && w.trips !== null && w.trips <= 2 ? "" : " ❌"} | ${w.answer} |`),
  ];

  const text = [
    `Run: ${new Date().toISOString()} · per case and size: a ${opts.warmup} s warm-up, then ${opts.rounds} rounds of ${opts.duration} s, the sizes interleaved (S M L, L M S, …); ${opts.connections} connections, loopback, autocannon.`,
    "",
    "Machine: " + machine(),
    "",
    `Sizes: ${sizes.map((s) => `\`${s.label}\` = an org with ${s.projects.toLocaleString("en")} projects and ${s.members.toLocaleString("en")} members`).join("; ")}. Seeded by generated SQL (not timed). Authenticated cases use the org owner (sees every project). Searches: \`q=Study <size> 0000\` and \`q=Person <size> 0000\`, 10 and 9 matches at every size. The baseline is the public dev-mailbox JSON route (one D1 query).`,
    "",
    "### Pages (each opened once; the org of size 100)",
    "",
    ...pageTable,
    "",
    "### Reads under load",
    "",
    ...readTable,
    "",
    "Growth, p50 measured in the same interleaved runs:",
    "",
    ...ratioTable,
    "",
    "### Writes (each run once, on the built Worker, in the authorization matrix's world)",
    "",
    ...writeTable,
    "",
    "How it is counted:",
    "",
    "- D1 trips: every statement execution and every batch() is one trip (src/server/d1-metrics.ts, D1_METRICS=1). The",
    "  request carries `x-bench-request: <id>`; the Worker records its count when the response body has been produced to",
    "  the end (so statements run while a page streams are in it) and `GET /api/dev/d1-trips/<id>` answers it. Work",
    "  the Worker does after the answer (email delivery through the outbox) is not counted.",
    "- Writes: the calls are the authorization matrix's cells (tests/authz-matrix.ts) that succeed, made by the org",
    "  owner where the matrix lets the owner do it (\"As\" names who made it otherwise); the world is put back after each.",
    "  Server functions are called as the browser does (POST /_server), without the page data reload a browser",
    "  action also asks for (single flight).",
    "- JS/CSS: the gzip size (node:zlib, default level) of every /_build/assets/*.js and *.css the page's HTML links",
    "  (scripts, stylesheets and modulepreloads), each file compressed alone; chunks loaded later by dynamic import are",
    "  not counted.",
    "",
    "Budgets (issue 15):",
    "",
    ...budgetLines,
    "",
    "The machine is shared (2 cores, other builds and test runs at the same time): absolute figures are noisy; the",
    "ratios compare runs interleaved within this one run.",
  ].join("\n");
  return { text, budgetLines };
}

function machine() {
  const sh = (cmd) => {
    try {
      return execSync(cmd, { encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  };
  const mem = sh("free -h").split("\n").find((l) => l.startsWith("Mem:"))?.split(/\s+/)[1] ?? "?";
  const cpu = sh("grep -m1 'model name' /proc/cpuinfo").replace(/^model name\s*:\s*/, "");
  return `${sh("nproc")} CPU cores (${cpu}), ${mem} RAM (\`free -h\`), Node ${process.version}, ${sh("uname -sr")}, ${new Date().toUTCString()}.`;
}
