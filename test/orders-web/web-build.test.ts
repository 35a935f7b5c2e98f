import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWeb } from "../../apps/orders/web/build";
import { tscBuild } from "../../scripts/tsc-build.cjs";

const ROOT = join(__dirname, "..", "..");

describe("the page's build (npm run orders:web:build)", () => {
  let outDir: string;
  beforeAll(() => {
    outDir = buildWeb({ outDir: mkdtempSync(join(tmpdir(), "orders-web-build-")) });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("writes plain static files: the page, one script and one stylesheet", () => {
    for (const name of ["index.html", "app.js", "app.css"]) expect(existsSync(join(outDir, name))).toBe(true);
    const html = readFileSync(join(outDir, "index.html"), "utf8");
    expect(html).toContain('<script defer src="app.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="app.css" />');
  });

  it("loads nothing from another origin at run time (no CDN): every src and href is relative or in-page", () => {
    const html = readFileSync(join(outDir, "index.html"), "utf8");
    const references = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(2);
    expect(references.filter((r) => /^(https?:)?\/\//.test(r))).toEqual([]);
    const script = readFileSync(join(outDir, "app.js"), "utf8");
    expect(script).not.toMatch(/\bimport\s*\(|\brequire\s*\(/); // bundled: nothing left to load
    expect(script.match(/https?:\/\/[^\s"'`)]+/g) ?? []).toEqual([]);
    expect(readFileSync(join(outDir, "app.css"), "utf8")).not.toMatch(/@import|url\(\s*["']?https?:/);
  });

  it("gives every form control a label", () => {
    const html = readFileSync(join(outDir, "index.html"), "utf8");
    const ids = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    const labelled = new Set([...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]));
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.filter((id) => !labelled.has(id))).toEqual([]);
  });

  it("type-checks the page's sources with the browser's DOM types (apps/orders/web/tsconfig.json)", () => {
    // `tsc --build`, like `npm run typecheck`: it skips the check when no source changed since the last one
    // (recorded in the project's cache folder), and a type error is reported again on every run until it is fixed.
    const check = tscBuild(join(ROOT, "apps", "orders", "web", "tsconfig.json"), ["--pretty", "false"]);
    expect(check.stdout + check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});
