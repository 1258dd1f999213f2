/**
 * The server-function half of the authorization matrix (tests/authz-matrix.ts), run against the built Worker: every
 * "use server" function the build contains is called through its real door, POST /_server, exactly as the browser
 * calls it, by every subject on every row of the API route it mirrors. The list of functions comes from the build
 * (the server's manifest and the client bundles' references), so a function the matrix does not know fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rpcMatrix, subjects } from "../authz-matrix";
import { builtServerFunctions, clientReferences, fileIdPart, serverManifestIds } from "./build-output";
import { bootBuilt, callAs, cellFor, judge, outcomeIs, rowsOf, type Built } from "./cells";

let b: Built;
let cells = 0;

beforeAll(async () => {
  b = await bootBuilt();
}, 120_000);

afterAll(async () => {
  console.log(`server functions (built Worker): ${b?.fns.length} functions, ${cells} matrix cells through POST /_server; world restored after ${b?.guard.restores} allowed writes`);
  await b?.app.close();
});

describe("the build's server functions", () => {
  it("every function a client bundle can call is one the server knows", () => {
    const server = new Set(serverManifestIds());
    const client = [...clientReferences().keys()];
    expect(server.size, "no server-function manifest found in .output/server").toBeGreaterThan(0);
    expect(client.filter((id) => !server.has(id)), "client references missing from the server manifest").toEqual([]);
  });

  it("every built function has a matrix entry of the same kind, and every entry was built", () => {
    const problems: string[] = [];
    const built = builtServerFunctions();
    for (const fn of built) {
      const entry = b.fns.find((f) => f.fn.id === fn.id)?.entry;
      if (!entry) problems.push(`${fn.id} is built but missing from rpcMatrix in tests/authz-matrix.ts`);
      else if (entry.kind !== fn.kind) problems.push(`${fn.id} is a ${fn.kind}, the matrix says ${entry.kind}`);
      if (!fn.name) problems.push(`${fn.id}: no client bundle references it (a server-only function: give it a row anyway)`);
    }
    for (const e of rpcMatrix) {
      if (!built.some((fn) => fn.file === fileIdPart(e.file) && fn.exportName === e.name)) problems.push(`${e.file}#${e.name} is in the matrix but not in the build`);
    }
    const keys = rpcMatrix.map((e) => `${e.file}#${e.name}`);
    expect(keys.length, "duplicate matrix entries").toBe(new Set(keys).size);
    expect(problems).toEqual([]);
  });
});

describe('"use server" functions through POST /_server: every subject, every row of the route each mirrors', () => {
  for (const entry of rpcMatrix) {
    it(`${entry.name} (${entry.sameAs ?? "its own rows"})`, async () => {
      const fn = b.fns.find((f) => f.entry === entry)?.fn;
      expect(fn, `${entry.file}#${entry.name} is not in the build`).toBeDefined();
      const problems: string[] = [];
      for (const row of rowsOf(entry)) {
        for (let i = 0; i < subjects.length; i++) {
          const cell = cellFor(b.world, entry, row, i);
          const answer = await callAs(b, fn!, entry, cell);
          cells++;
          problems.push(...(await judge(b, `${entry.name} [${row.row}] as ${cell.subject}`, answer, outcomeIs(cell.expected), cell.expected !== "ok")));
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
