import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";

const SPEC = join(__dirname, "..", "..", "modules", "claim-check", "spec");

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

/** Every module specifier a file imports or re-exports. */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  return source.statements
    .filter((s): s is ts.ImportDeclaration | ts.ExportDeclaration => ts.isImportDeclaration(s) || ts.isExportDeclaration(s))
    .map((s) => s.moduleSpecifier)
    .filter((m): m is ts.StringLiteral => m !== undefined && ts.isStringLiteral(m))
    .map((m) => m.text);
}

test("the spec imports nothing but itself: no cdktf, no constructs, no provider bindings, nothing outside spec/", () => {
  const files = filesUnder(SPEC).filter((f) => f.endsWith(".ts"));
  expect(files.length).toBeGreaterThan(8);
  const offending = files.flatMap((file) =>
    importsOf(file)
      .filter((specifier) => !specifier.startsWith(".") || relative(SPEC, resolve(dirname(file), specifier)).startsWith(".."))
      .map((specifier) => `${relative(SPEC, file)} imports ${specifier}`),
  );
  expect(offending).toEqual([]);
});
