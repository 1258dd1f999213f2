// Small helpers shared by the start, dev and e2e scripts.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";

export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", shell: false, ...opts, env: { ...process.env, ...opts.env } });
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (${signal ?? code})`))));
    child.on("error", reject);
  });
}

export const bin = (name) => `node_modules/.bin/${name}`;

/** Creates .dev.vars from the example on first run, with a fresh random auth secret (never a value from code). */
export function ensureDevVars() {
  if (existsSync(".dev.vars")) return;
  copyFileSync(".dev.vars.example", ".dev.vars");
  const secret = randomBytes(32).toString("hex");
  writeFileSync(".dev.vars", readFileSync(".dev.vars", "utf8").replace(/^BETTER_AUTH_SECRET=.*$/m, `BETTER_AUTH_SECRET=${secret}`));
  console.log("Created .dev.vars with a new random BETTER_AUTH_SECRET.");
}

export function readDevVar(name) {
  const m = new RegExp(`^${name}=(.*)$`, "m").exec(readFileSync(".dev.vars", "utf8"));
  return m?.[1]?.trim();
}
