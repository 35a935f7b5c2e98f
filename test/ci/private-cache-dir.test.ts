import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateCacheDir } from "../../scripts/private-cache-dir.cjs";

const LAUNCHER = join(__dirname, "..", "..", "scripts/ts-run.cjs");
const uid = process.getuid!();

// scripts/private-cache-dir.cjs: every cache folder of ours sits in the shared temp folder, where another
// user could otherwise make it first and plant code that we load or zip into a Lambda.
describe("privateCacheDir", () => {
  let temp: string;
  beforeEach(() => (temp = mkdtempSync(join(tmpdir(), "claim-check-private-"))));
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  test("makes <tmp>/<name>-<uid> readable and writable by this user only", () => {
    const dir = privateCacheDir("example", temp);
    expect(dir).toBe(join(temp, `example-${uid}`));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(privateCacheDir("example", temp)).toBe(dir); // and uses it again
  });

  test("hides a folder an earlier version made readable by others, keeping what it holds", () => {
    const dir = join(temp, `example-${uid}`);
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "kept"), "x");
    expect(privateCacheDir("example", temp)).toBe(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, "kept"), "utf8")).toBe("x");
  });

  test("refuses a folder others can write to, a symlink in its place, and a folder of another user, naming it", () => {
    const dir = join(temp, `example-${uid}`);
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    expect(() => privateCacheDir("example", temp)).toThrow(`Refusing to use the cache folder ${dir}: others can write to it (mode 777).`);
    rmSync(dir, { recursive: true });
    mkdirSync(join(temp, "elsewhere"), { mode: 0o700 });
    symlinkSync(join(temp, "elsewhere"), dir);
    expect(() => privateCacheDir("example", temp)).toThrow(`Refusing to use the cache folder ${dir}: it is not a folder (a symlink?).`);
    // The folder this user made, seen by another user: this process posing as the next uid.
    const other = join(temp, `mine-${uid + 1}`);
    mkdirSync(other, { mode: 0o700 });
    const getuid = jest.spyOn(process, "getuid").mockReturnValue(uid + 1);
    try {
      expect(() => privateCacheDir("mine", temp)).toThrow(`Refusing to use the cache folder ${other}: it belongs to user ${uid}.`);
    } finally {
      getuid.mockRestore();
    }
  });

  test("the TypeScript launcher stops with that message rather than load from a planted cache", () => {
    mkdirSync(join(temp, "planted"));
    symlinkSync(join(temp, "planted"), join(temp, `claim-check-ts-run-cache-${uid}`));
    writeFileSync(join(temp, "app.ts"), "console.log('ran');\n");
    const result = spawnSync(process.execPath, [LAUNCHER, "app.ts"], {
      cwd: temp,
      env: { ...process.env, TMPDIR: temp },
      encoding: "utf8",
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `Refusing to use the cache folder ${join(temp, `claim-check-ts-run-cache-${uid}`)}: it is not a folder`,
    );
  });
});
