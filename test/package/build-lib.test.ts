import { mainOutputOf, sourceOf, sourcesOf, staleOutputs } from "../../scripts/build-lib";

// npm run build:lib lets `tsc --build` skip an unchanged compile, and repairs what tsc does not notice.
describe("the library build's bookkeeping (scripts/build-lib.ts)", () => {
  const sources = sourcesOf(["index.ts", "client/cli.ts", "client/types.d.ts", "client/claim-message.schema.json", "client/README.md"]);

  test("builds TypeScript and JSON sources, not declaration files or docs", () => {
    expect(sources).toEqual(["index.ts", "client/cli.ts", "client/claim-message.schema.json"]);
  });

  test("maps every output back to its source", () => {
    expect(
      ["client/cli.js", "client/cli.d.ts", "client/cli.js.map", "client/claim-message.schema.json", "client/cli.tsbuildinfo"].map(sourceOf),
    ).toEqual(["client/cli.ts", "client/cli.ts", "client/cli.ts", "client/claim-message.schema.json", undefined]);
    expect(sources.map(mainOutputOf)).toEqual(["index.js", "client/cli.js", "client/claim-message.schema.json"]);
  });

  test("finds outputs left by deleted or renamed sources, and files no build writes", () => {
    const outputs = ["index.js", "index.d.ts", "client/cli.js", "client/old-name.js", "client/old-name.d.ts", "client/stray.txt"];
    expect(staleOutputs(outputs, sources)).toEqual(["client/old-name.js", "client/old-name.d.ts", "client/stray.txt"]);
  });
});
