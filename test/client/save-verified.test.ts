import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { saveVerified } from "../../client/save-verified";

// client/save-verified.ts: how `claim-check receive` writes a payload to its folder.
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "save-verified-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A payload stream that gives some chunks, then fails as a failed verification does. */
const failingAfter = (chunks: string[]) =>
  new Readable({
    read() {
      const chunk = chunks.shift();
      if (chunk === undefined) this.destroy(new Error("checksum mismatch"));
      else this.push(chunk);
    },
  });

/** A payload that had already failed before it was saved: a prefetched payload whose checksum did not match. */
const alreadyFailed = () => new Readable({ read() {} }).destroy(new Error("checksum mismatch"));

test("a verified payload is written whole under its name, with no partial file left", async () => {
  await saveVerified(Readable.from(["an ", "order"]), join(dir, "m1"));
  expect(readdirSync(dir)).toEqual(["m1"]);
  expect(readFileSync(join(dir, "m1"), "utf8")).toBe("an order");
});

test.each([
  ["had already failed when it was saved", alreadyFailed],
  ["fails at its first read", () => failingAfter([])],
  ["fails after some bytes were written", () => failingAfter(["an ", "or"])],
])("a payload that %s leaves nothing behind", async (_when, payload) => {
  // Many times: a file that appears late appears only sometimes.
  for (let i = 0; i < 20; i += 1) {
    await expect(saveVerified(payload(), join(dir, `m${i}`))).rejects.toThrow("checksum mismatch");
  }
  await sleep(50); // anything still pending in the file system has landed by now
  expect(readdirSync(dir)).toEqual([]);
});
