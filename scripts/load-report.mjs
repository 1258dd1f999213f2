// The figures of `npm run load`: a table per operation for the terminal and the section of bench/RESULTS.md.
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { percentile } from "./load-client.mjs";

/** The machine's load now: the 1-minute load average against the cores it has. */
export function machineNow() {
  const [one, five] = loadavg();
  return { one: one.toFixed(2), five: five.toFixed(2), cores: cpus().length, cpu: cpus()[0]?.model ?? "?", freeGb: (freemem() / 2 ** 30).toFixed(1), totalGb: (totalmem() / 2 ** 30).toFixed(1) };
}

export function opRows(rec) {
  return [...rec.ops.values()]
    .map((s) => {
      const t = [...s.times].sort((a, b) => a - b);
      return { name: s.name, count: t.length, p50: percentile(t, 50), p95: percentile(t, 95), p99: percentile(t, 99), ok: s.ok, refused: s.refused, errors: s.errors, fivexx: s.fivexx, unexpected: s.unexpected };
    })
    .sort((a, b) => b.count - a.count);
}

export function printTable(rows) {
  const head = ["operation", "count", "p50 ms", "p95 ms", "p99 ms", "2xx", "refused", "errors", "5xx"];
  const cells = rows.map((r) => [r.name, r.count, r.p50, r.p95, r.p99, r.ok, r.refused, r.errors, r.fivexx].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join("  ");
  console.log(line(head));
  for (const c of cells) console.log(line(c));
}

export function loadMarkdown({ via, started, seconds, users, thinkMs, world, rows, before, after, violations, verified, elapsed }) {
  const total = rows.reduce((s, r) => s + r.count, 0);
  const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
  const researchers = world.people.filter((p) => p.kind === "researcher").length;
  const out = [];
  out.push(`Run: ${started} · ${users} virtual people (${world.people.length - researchers} owners and admins, ${researchers} researchers; every fifth signs in with a password through /api/auth, the others arrive with a session) in ${world.teams.length} workspaces of ${world.teams[0].projects.length} seeded projects each, for ${seconds} s; each thinks ${Math.round(thinkMs / 2)}–${Math.round(thinkMs * 1.5)} ms between actions. The production build served by \`wrangler dev\` on a fresh local D1, loopback only, ${via}; rate limits on at 10× production (as in the e2e suite).`);
  out.push("");
  out.push(`**Machine: shared, 2 cores** (${before.cpu}), ${before.totalGb} GB RAM; other people's builds and tests ran at the same time. 1-minute load average ${before.one} before the run, ${after.one} at its end (${before.cores} cores): the latencies below are those of a busy 2-core box, not of Cloudflare.`);
  out.push("");
  out.push(`${total} requests in ${elapsed.toFixed(0)} s (${(total / elapsed).toFixed(1)} req/s): ${sum("ok")} 2xx, ${sum("refused")} expected refusals, ${sum("errors")} errors, of which **${sum("fivexx")} 5xx** and **${sum("unexpected")} unexpected answers below 500**; the other ${sum("errors") - sum("fivexx") - sum("unexpected")} are requests whose connection the local server closed without an answer (nothing written: the ledger checks every write).`);
  out.push("");
  out.push("| Operation | count | p50 ms | p95 ms | p99 ms | 2xx | refused | errors | 5xx |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) out.push(`| ${r.name} | ${r.count} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.ok} | ${r.refused} | ${r.errors} | ${r.fivexx} |`);
  out.push("");
  out.push(`After the run, on the database the Worker wrote (opened with Miniflare once wrangler had stopped):`);
  out.push("");
  out.push(`- invariant checker (tests/invariants.ts): **${violations.length} violations**`);
  const c = verified.checked;
  out.push(
    `- ledger: **${verified.failures.length} failures** over ${c["project.create"] ?? 0} project creations, ${c["invitation.create"] ?? 0} invitations sent, ${c["invitation.accept"] ?? 0} accepts, ${c["invitation.decline"] ?? 0} declines, ${c["removal/leave key"] ?? 0} (place, person) pairs removed or left, ${c["role change key"] ?? 0} pairs with role changes, ${c["workspace membership"] ?? 0} workspace memberships and ${c["project membership"] ?? 0} project memberships checked against their last 2xx write`,
  );
  out.push("");
  out.push(
    "Refused = a 4xx the action expects in a shared morning (NOT_FOUND after someone else removed the person a moment earlier, ALREADY_MEMBER, an invitation replaced by a newer one, FORBIDDEN for a researcher trying an admin's action, LAST_OWNER for the only owner trying to leave); pages count 403/404 as refused. Errors = every other non-2xx or failed request; a 5xx or an unexpected answer (a redirect, a 4xx the action does not expect) fails the run. Times are to the last byte of the body, measured in the load generator (same machine).",
  );
  return out.join("\n");
}
