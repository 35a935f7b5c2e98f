import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";

const LAUNCHER = join(__dirname, "..", "..", "scripts/ts-run.cjs");
// A module whose TypeScript lines and transpiled lines differ (the interface is gone): its Error is made on line 4, column 34.
const THROWER = `interface Shape {\n  readonly size: number;\n}\nexport const fail = (): Error => new Error("typed");\n`;

// cdktf.json runs main.ts through this launcher: TypeScript without a type-check, file by file.
describe("the TypeScript launcher (scripts/ts-run.cjs)", () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "claim-check-ts-run-")));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** Runs node with these arguments, expects it to succeed with nothing on stderr, and returns its stdout, trimmed. */
  const launch = (args: string[], { cwd = dir, env = {} }: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string => {
    const result = spawnSync(process.execPath, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8" });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    return result.stdout.trim();
  };

  test("runs a TypeScript app whose files keep their own __dirname, twice (the second time from its cache)", () => {
    mkdirSync(join(dir, "lib"));
    writeFileSync(join(dir, "lib/where.ts"), `export const where = (): string => __dirname;\nexport enum Kind { A = "a" }\n`);
    writeFileSync(
      join(dir, "app.ts"),
      `import { Kind, where } from "./lib/where";\nconst n: number = 2;\nconsole.log(JSON.stringify([__dirname, where(), Kind.A, n]));\n`,
    );
    for (let run = 0; run < 2; run += 1) expect(JSON.parse(launch([LAUNCHER, "app.ts"]))).toEqual([dir, join(dir, "lib"), "a", 2]);
  });

  // Like aws-cdk (CDK_DEBUG), the creation stack cdktf records for every token is kept only on request: formatting
  // them all took a sixth of a synth, and they are printed only when a token fails to resolve.
  test("records no token creation stacks unless CDK_DEBUG is set; error stacks keep their frames", () => {
    writeFileSync(
      join(dir, "traces.ts"),
      [
        `const { Lazy, Tokenization } = require(${JSON.stringify(require.resolve("cdktf"))});`,
        `const token = Tokenization.reverseString(Lazy.stringValue({ produce: () => "x" })).firstToken;`,
        `const error: Error = new Error("kept");`,
        `console.log(JSON.stringify({ creation: token.creationStack.length, error: error.stack!.split("\\n").slice(0, 2) }));`,
      ].join("\n"),
    );
    const run = (env: NodeJS.ProcessEnv) => JSON.parse(launch([LAUNCHER, "traces.ts"], { env })) as { creation: number; error: string[] };
    const quiet = run({ CDK_DEBUG: "" });
    expect(quiet.creation).toBe(0);
    expect(quiet.error[0]).toBe("Error: kept");
    expect(quiet.error[1]).toMatch(/^ {4}at .*traces\.ts:\d+:\d+/);
    expect(run({ CDK_DEBUG: "true" }).creation).toBeGreaterThan(0);
  });

  test("runs a script as node would: its own path in argv[1], its arguments after it, itself as require.main", () => {
    writeFileSync(join(dir, "script.ts"), `console.log(JSON.stringify([process.argv.slice(1), require.main === module]));\n`);
    expect(JSON.parse(launch([LAUNCHER, "script.ts", "--flag", "value"]))).toEqual([[join(dir, "script.ts"), "--flag", "value"], true]);
  });

  test("preloaded with -r, registers .ts files without running anything", () => {
    writeFileSync(join(dir, "preloaded.ts"), `export const typed: string = __filename;\n`);
    const script = `console.log(require("./preloaded").typed, require.main === undefined)`;
    expect(launch(["-r", LAUNCHER, "-e", script])).toBe(`${join(dir, "preloaded.ts")} true`);
  });

  test("runs every file in strict mode, as tsc (alwaysStrict), jest and the bundles do", () => {
    writeFileSync(join(dir, "strict-lib.ts"), `export const thisOfCall = (function () { return this; })();\n`);
    writeFileSync(
      join(dir, "strict.ts"),
      [
        `const frozen = Object.freeze({ retries: 3 }) as { retries: number };`,
        `let assignment = "allowed";`,
        `try { frozen.retries = 4; } catch (error) { assignment = (error as Error).constructor.name; }`,
        `console.log(JSON.stringify([assignment, require("./strict-lib").thisOfCall === undefined]));`,
      ].join("\n"),
    );
    expect(JSON.parse(launch([LAUNCHER, "strict.ts"]))).toEqual(["TypeError", true]);
  });

  test("keeps one cache entry per source file however often it changes, and runs on when an entry cannot be written", () => {
    const cache = join(dir, "own-cache");
    const run = (entry: string) => launch([LAUNCHER, entry], { env: { CLAIM_CHECK_CACHE: cache } });
    const entries = () => readdirSync(join(cache, "ts-run"));
    writeFileSync(join(dir, "edited.ts"), `console.log("first");\n`);
    expect(run("edited.ts")).toBe("first");
    const [entry] = entries();
    for (const word of ["second", "third"]) {
      writeFileSync(join(dir, "edited.ts"), `console.log("${word}");\n`);
      expect(run("edited.ts")).toBe(word);
      expect(entries()).toEqual([entry]);
    }
    // Its entry is now a folder that holds a file: reading and replacing it fail.
    rmSync(join(cache, "ts-run", entry));
    mkdirSync(join(cache, "ts-run", entry, "taken"), { recursive: true });
    expect(run("edited.ts")).toBe("third");
    expect(entries()).toEqual([entry]); // no partial file left beside it
  });

  test("keeps nothing in the OS temp folder, where another user could plant it", () => {
    const temp = join(dir, "os-temp");
    // The folder the launcher used to keep its cache in, made first by someone else.
    mkdirSync(join(temp, `claim-check-ts-run-cache-${process.getuid?.() ?? "user"}`), { recursive: true });
    writeFileSync(join(dir, "anywhere.ts"), `console.log("own code");\n`);
    expect(launch([LAUNCHER, "anywhere.ts"], { env: { TMPDIR: temp } })).toBe("own code");
    expect(readdirSync(temp, { recursive: true })).toEqual([`claim-check-ts-run-cache-${process.getuid?.() ?? "user"}`]);
  });

  // scripts/compile-cache.cjs, on Node 20; Node 22 keeps its own cache (module.enableCompileCache), and these
  // runs must behave the same under it.
  describe("keeping V8's compiled code of each module between runs", () => {
    const ownCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache !== "function";
    const project = (name: string) => {
      const root = join(dir, name);
      mkdirSync(root, { recursive: true });
      const cacheDir = join(root, "cache", "v8"); // the compile cache's folder in this run's own CLAIM_CHECK_CACHE
      /** The cache file made from this module text, if any (its first 4 bytes are the text's CRC-32). */
      const cacheFileOf = (text: string) => {
        if (!existsSync(cacheDir)) return undefined; // made at the first write
        const files = readdirSync(cacheDir, { withFileTypes: true })
          .filter((entry) => entry.isFile() && entry.name.endsWith(".v8"))
          .map((entry) => entry.name);
        const matches = files.filter((name) => readFileSync(join(cacheDir, name)).readUInt32LE(0) === crc32(text));
        expect(matches.length).toBeLessThanOrEqual(1);
        return matches.length === 1 ? join(cacheDir, matches[0]) : undefined;
      };
      const run = (entry: string, env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []) =>
        launch([...nodeArgs, LAUNCHER, entry], { cwd: root, env: { CLAIM_CHECK_CACHE: join(root, "cache"), ...env } });
      return { root, run, cacheFileOf, cacheDir };
    };

    test("runs a changed module's new code, even at the same length, and compiles afresh over a damaged cache file", () => {
      const { root, run, cacheFileOf } = project("changes");
      const [one, two] = ["module.exports = 1;\n", "module.exports = 2;\n"];
      writeFileSync(join(root, "value.js"), one);
      writeFileSync(join(root, "app.ts"), `console.log(require("./value.js") as number);\n`);
      expect(run("app.ts")).toBe("1");
      expect(run("app.ts")).toBe("1");
      writeFileSync(join(root, "value.js"), two);
      expect(run("app.ts")).toBe("2");
      if (!ownCache) return;
      const file = cacheFileOf(two)!;
      expect(file).toBeDefined(); // made for the new text
      expect(cacheFileOf(one)).toBeUndefined(); // in the same file: one per module
      const written = statSync(file).mtimeMs;
      expect(run("app.ts")).toBe("2");
      expect(statSync(file).mtimeMs).toBe(written); // used, not made again
      const damaged = readFileSync(file);
      damaged[damaged.length - 1] ^= 0xff;
      writeFileSync(file, damaged);
      expect(run("app.ts")).toBe("2");
      expect(readFileSync(file).equals(damaged)).toBe(false); // made again
    });

    test("with NODE_OPTIONS=--enable-source-maps, stack traces name the TypeScript lines of a required module", () => {
      const { root, run } = project("source-maps");
      writeFileSync(join(root, "thrower.ts"), THROWER);
      writeFileSync(join(root, "app.ts"), `console.log(require("./thrower").fail().stack.split("\\n")[1]);\n`);
      for (let round = 0; round < 2; round += 1)
        expect(run("app.ts", { NODE_OPTIONS: "--enable-source-maps" })).toMatch(/thrower\.ts:4:34\)$/);
    });

    test("leaves each compile to Node where a preloaded hook, a patched Module.wrap or source maps turned on at run time need it", () => {
      const { root, run } = project("watched");
      writeFileSync(join(root, "plain.js"), "module.exports = typeof injected;\n");
      writeFileSync(
        join(root, "hook.cjs"),
        'const M = require("node:module"); const compile = M.prototype._compile; globalThis.seen = [];\n' +
          "M.prototype._compile = function (content, filename) { globalThis.seen.push(filename); return compile.apply(this, arguments); };\n",
      );
      writeFileSync(
        join(root, "hooked.ts"),
        `require("./plain.js");\nconsole.log((globalThis as any).seen.includes(__dirname + "/plain.js"));\n`,
      );
      writeFileSync(
        join(root, "wrapped.ts"),
        `const M = require("node:module");\nconst wrap = M.wrap;\nM.wrap = (s: string) => wrap("var injected = 1;" + s);\nconsole.log(require("./plain.js"));\n`,
      );
      writeFileSync(join(root, "thrower.ts"), THROWER);
      writeFileSync(
        join(root, "mapped.ts"),
        `process.setSourceMapsEnabled(true);\nconsole.log(require("./thrower").fail().stack.split("\\n")[1]);\n`,
      );
      for (let round = 0; round < 2; round += 1) {
        expect(run("hooked.ts", {}, ["-r", "./hook.cjs"])).toBe("true");
        expect(run("wrapped.ts")).toBe("number");
        expect(run("mapped.ts")).toMatch(/thrower\.ts:4:34\)$/);
      }
    });

    test("caches nothing while NODE_V8_COVERAGE collects coverage, whose ranges are of Node's own compile", () => {
      const { root, run, cacheFileOf } = project("coverage");
      const text = "module.exports = 'covered';\n";
      writeFileSync(join(root, "value.js"), text);
      writeFileSync(join(root, "app.ts"), `console.log(require("./value.js"));\n`);
      expect(run("app.ts", { NODE_V8_COVERAGE: join(root, "coverage") })).toBe("covered");
      expect(readdirSync(join(root, "coverage")).length).toBeGreaterThan(0);
      if (ownCache) expect(cacheFileOf(text)).toBeUndefined();
      expect(run("app.ts")).toBe("covered");
      if (ownCache) expect(cacheFileOf(text)).toBeDefined();
    });

    test("a cache file that cannot be written leaves no partial file behind and does not stop the others", () => {
      const { root, run, cacheFileOf, cacheDir } = project("unwritable");
      const [first, second] = ["module.exports = 'first';\n", "module.exports = 'second';\n"];
      writeFileSync(join(root, "first.js"), first);
      writeFileSync(join(root, "second.js"), second);
      writeFileSync(join(root, "app.ts"), `console.log(require("./first.js"), require("./second.js"));\n`);
      expect(run("app.ts")).toBe("first second");
      if (!ownCache) return;
      // first.js's cache file becomes a non-empty folder (renaming new data onto it fails); second.js's goes.
      const [firstFile, secondFile] = [cacheFileOf(first)!, cacheFileOf(second)!];
      rmSync(firstFile);
      mkdirSync(join(firstFile, "taken"), { recursive: true });
      rmSync(secondFile);
      expect(run("app.ts")).toBe("first second");
      expect(readdirSync(cacheDir).filter((file) => /\.v8\.\d+$/.test(file))).toEqual([]);
      expect(cacheFileOf(second)).toBe(secondFile); // written again, after first.js's failed
    });

    test("refuses, as Node does, an ES module that imports back the CommonJS module requiring it", () => {
      const { root, run } = project("esm-cycle");
      writeFileSync(
        join(root, "requirer.js"),
        `const esm = require("./imports-back.mjs");\nexports.name = "requirer";\nexports.esm = esm;\n`,
      );
      writeFileSync(join(root, "imports-back.mjs"), `import { name } from "./requirer.js";\nexport const greeting = "hi " + name;\n`);
      writeFileSync(
        join(root, "app.js"),
        `try { console.log(require("./requirer.js").esm.greeting); } catch (error) { console.log(error.code); }\n`,
      );
      // Node 20.19 and later refuse it (ERR_REQUIRE_CYCLE_MODULE); earlier ones cannot require an ES module at all.
      const node = spawnSync(process.execPath, ["app.js"], { cwd: root, encoding: "utf8" }).stdout.trim();
      expect(node).toMatch(/^ERR_REQUIRE_/);
      for (let round = 0; round < 2; round += 1) expect(run("app.js")).toBe(node);
    });

    test("gives a module Node's own scope from the cache: require, this, strict mode, lines and columns, import()", async () => {
      const { root, run } = project("scope");
      writeFileSync(join(root, "helper.js"), "module.exports = 'helper';\n");
      writeFileSync(join(root, "esm.mjs"), "export const loaded = 'esm';\n");
      writeFileSync(
        join(root, "probe.js"),
        [
          '"use strict"; const first = () => new Error("first");',
          "const Module = require('node:module');",
          "const frame = (error) => error.stack.split('\\n')[1].replace(/^.*probe\\.js:/, '').replace(/\\)$/, '');",
          "module.exports = {",
          "  self: this === exports, strict: (function () { return this === undefined; })(),",
          "  helper: require('./helper'), resolved: require.resolve('./helper'), paths: Array.isArray(require.resolve.paths('x')),",
          "  main: require.main === process.mainModule, cache: require.cache === Module._cache, parent: module.parent.id,",
          "  names: [__filename, __dirname], frames: [frame(first()), frame(new Error('third'))],",
          "  badArguments: [() => require.resolve(undefined), () => require.resolve.paths(5)].map((f) => { try { f(); } catch (e) { return e.code; } }),",
          "};",
        ].join("\n"),
      );
      writeFileSync(join(root, "dynamic.js"), "module.exports = () => import('./esm.mjs');\n");
      writeFileSync(
        join(root, "app.ts"),
        "require('./dynamic.js')().then((esm: { loaded: string }) => console.log(JSON.stringify({ ...require('./probe.js'), esm: esm.loaded })));\n",
      );
      const expected = {
        self: true,
        strict: true,
        helper: "helper",
        resolved: join(root, "helper.js"),
        paths: true,
        main: true,
        cache: true,
        parent: ".",
        names: [join(root, "probe.js"), root],
        badArguments: ["ERR_INVALID_ARG_TYPE", "ERR_INVALID_ARG_TYPE"],
        frames: [
          `1:${'"use strict"; const first = () => '.length + 1}`,
          `8:${"  names: [__filename, __dirname], frames: [frame(first()), frame(".length + 1}`,
        ],
        esm: "esm",
      };
      expect(JSON.parse(run("app.ts"))).toEqual(expected);
      expect(JSON.parse(run("app.ts"))).toEqual(expected); // the second time from the cache
    });
  });

  test("names a file that does not exist, with exit code 2", () => {
    const result = spawnSync(process.execPath, [LAUNCHER, "missing.ts"], { cwd: dir, encoding: "utf8" });
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({
      status: 2,
      stderr: `ts-run: no such file: ${join(dir, "missing.ts")}`,
    });
  });

  test("in a clone before `npm ci`, says in one line what to do, with exit code 2", () => {
    const clone = join(dir, "clone-without-node-modules");
    mkdirSync(join(clone, "scripts"), { recursive: true });
    for (const file of ["ts-run.cjs", "cache-dir.cjs", "compile-cache.cjs", "module-script.cjs", "token-traces.cjs"])
      cpSync(join(LAUNCHER, "..", file), join(clone, "scripts", file));
    cpSync(join(LAUNCHER, "..", "..", "tsconfig.json"), join(clone, "tsconfig.json"));
    writeFileSync(join(clone, "app.ts"), `console.log("ran");\n`);
    const result = spawnSync(process.execPath, [join(clone, "scripts", "ts-run.cjs"), "app.ts"], { cwd: clone, encoding: "utf8" });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr.trim() }).toEqual({
      status: 2,
      stdout: "",
      stderr: `ts-run: esbuild is not installed: run \`npm ci\` in ${clone} first.`,
    });
  });

  test("fails with the app's error and a non-zero exit code", () => {
    writeFileSync(join(dir, "broken.ts"), `throw new Error("bad settings");\n`);
    const result = spawnSync(process.execPath, [LAUNCHER, "broken.ts"], { cwd: dir, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Error: bad settings");
  });
});
