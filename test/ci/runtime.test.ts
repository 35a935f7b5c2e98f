import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SyntheticModule } from "node:vm";

// test/runtime.js: how jest compiles every module of every test file (jest.config.js names it). Its modules must behave as under jest's
// own compile. The fixtures are plain JavaScript written at run time, so jest's transform leaves them alone.
describe("modules compiled by the test runtime", () => {
  let dir: string;
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "claim-check-runtime-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("report the module's own line and column in stack traces, on its first line and later ones", () => {
    const first = "module.exports = () => new Error('first');";
    const later = "\n\n  const later = () => new Error('later');\nmodule.exports = later;";
    const frame = (error: Error) => error.stack!.split("\n")[1];
    const makeFirst = jest.requireActual(write("first-line.js", first)) as () => Error;
    const makeLater = jest.requireActual(write("later-line.js", later)) as () => Error;
    expect(frame(makeFirst())).toMatch(new RegExp(`first-line\\.js:1:${first.indexOf("new Error") + 1}\\)$`));
    expect(frame(makeLater())).toMatch(new RegExp(`later-line\\.js:3:${"  const later = () => ".length + 1}\\)$`));
  });

  it("keep a hashbang line's place: the next line is still line 2", () => {
    const file = write("hashbang.js", "#!/usr/bin/env node\nmodule.exports = () => new Error('second');");
    const make = jest.requireActual(file) as () => Error;
    expect(make().stack!.split("\n")[1]).toMatch(/hashbang\.js:2:24\)$/);
  });

  it("run with this = exports, the module's own strict mode and jest's injected names", () => {
    const file = write(
      "scope.js",
      '"use strict";\nexports.self = this;\nexports.strict = (function () { return this === undefined; })();\n' +
        "exports.names = [typeof module, typeof require, __filename, typeof jest];",
    );
    const scope = jest.requireActual(file) as { self: unknown; strict: boolean; names: string[] };
    expect(scope.self).toBe(scope);
    expect(scope.strict).toBe(true);
    expect(scope.names).toEqual(["object", "function", file, "object"]);
    const sloppy = jest.requireActual(write("sloppy.js", "exports.strict = (function () { return this === undefined; })();")) as {
      strict: boolean;
    };
    expect(sloppy.strict).toBe(false);
  });

  it("report a syntax error as jest does: a SyntaxError with V8's message", () => {
    const file = write("broken.js", "module.exports = {;\n");
    expect(() => jest.requireActual(file)).toThrow(SyntaxError);
    expect(() => jest.requireActual(file)).toThrow(/Unexpected token/);
  });

  it("load import() through jest, which needs --experimental-vm-modules, as under jest's own compile", async () => {
    const load = jest.requireActual(write("dynamic.js", "module.exports = () => import('node:path');")) as () => Promise<unknown>;
    if (typeof SyntheticModule === "function") await expect(load()).resolves.toHaveProperty("join");
    else await expect(load()).rejects.toThrow("A dynamic import callback was invoked without --experimental-vm-modules");
  });
});
