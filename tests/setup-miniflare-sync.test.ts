/**
 * The Miniflare sync-call workaround (tests/setup-miniflare-sync.ts, loaded as a setup file): an empty
 * receiveMessageOnPort inside a method of a class named SynchronousFetcher waits for the answer on its way; anywhere
 * else it keeps Node's behaviour (undefined at once).
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { expect, it } from "vitest";

/** A worker thread that posts `message` on `port` after `ms`, while the main thread is blocked. */
function postLater(port: MessagePort | import("node:worker_threads").MessagePort, message: unknown, ms: number) {
  return new Worker(
    `const { workerData } = require("node:worker_threads");
     setTimeout(() => { workerData.port.postMessage(workerData.message); workerData.port.close(); }, workerData.ms);`,
    { eval: true, workerData: { port, message, ms }, transferList: [port as never] },
  );
}

it("inside SynchronousFetcher, an answer that arrives late is waited for", async () => {
  const { port1, port2 } = new MessageChannel();
  const worker = postLater(port2, { id: 7 }, 50);
  await new Promise((r) => worker.once("online", r));
  class SynchronousFetcher {
    fetch() {
      return receiveMessageOnPort(port1);
    }
  }
  expect(new SynchronousFetcher().fetch()).toEqual({ message: { id: 7 } });
  await worker.terminate();
});

it("elsewhere, an empty port still answers undefined at once", () => {
  const { port1 } = new MessageChannel();
  const started = Date.now();
  expect(receiveMessageOnPort(port1)).toBeUndefined();
  expect(Date.now() - started).toBeLessThan(50);
  port1.close();
});
