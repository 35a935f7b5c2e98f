import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLAIM_CHECK_DEFAULTS } from "../modules/claim-check";
import { ALL_CONTROLS } from "./security/support/controls";

const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const propsSource = readFileSync(join(root, "modules/claim-check/spec/props.ts"), "utf8");

const declaredProps = [...propsSource.matchAll(/^\s+readonly (\w+)\??:/gm)].map((m) => m[1]);
// Table cells as Prettier pads them: `| name | … | default |`, any run of spaces around each cell.
const documentedRows = new Map([...readme.matchAll(/^\| +`(\w+)` +\| [^|]+ \| +([^|]+?) +\|/gm)].map((m) => [m[1], m[2].trim()] as const));

describe("README props table", () => {
  test("lists exactly the props the construct declares", () => {
    expect(declaredProps.length).toBeGreaterThan(25);
    expect([...documentedRows.keys()].filter((k) => declaredProps.includes(k)).sort()).toEqual([...declaredProps].sort());
  });

  test("shows the defaults of defaults.ts", () => {
    for (const [prop, value] of Object.entries(CLAIM_CHECK_DEFAULTS)) {
      const cell = documentedRows.get(prop);
      expect({ prop, cell: cell?.replace(/`/g, "").split(" ")[0] }).toEqual({
        prop,
        cell: typeof value === "string" ? `"${value}"` : String(value),
      });
    }
  });

  test("every prop has a @default in props.ts, except the required name", () => {
    const blocks = propsSource.split(/readonly \w+\??:/).slice(0, -1);
    declaredProps.forEach((prop, i) => {
      if (prop !== "name")
        expect({ prop, hasDefault: /@default/.test(blocks[i].split("/**").pop() ?? "") }).toEqual({ prop, hasDefault: true });
    });
  });
});

test("the README's first screen gives the synth and test commands that CI runs", () => {
  const firstScreen = readme.split("\n").slice(0, 20).join("\n");
  expect(firstScreen).toContain("npm run synth");
  expect(firstScreen).toContain("npm test");
  expect(readFileSync(join(root, ".ci/run"), "utf8")).toMatch(/^npm test$/m);
});

test("docs/security.md lists every control the tests check, with the test's name", () => {
  const security = readFileSync(join(root, "docs/security.md"), "utf8");
  const missing = ALL_CONTROLS.map((c) => c.ids.split(" ")[0].replace(/\(.*$/, "")).filter((id) => !security.includes(id));
  expect(missing).toEqual([]);
  const cells = new Set(security.split("\n").flatMap((line) => line.split(/(?<!\\)\|/).map((cell) => cell.trim())));
  const untitled = ALL_CONTROLS.filter((c) => !cells.has(c.title.replace(/\|/g, "\\|"))).map((c) => c.title);
  expect(untitled).toEqual([]);
});
