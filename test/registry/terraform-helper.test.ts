/** Defect 1: tests that need the terraform CLI skip with a printed reason when it is absent, and do no harness work. */

type Helper = typeof import("../support/terraform");

function helperWithPath(path: string): Helper {
  const saved = process.env.PATH;
  let helper: Helper | undefined;
  process.env.PATH = path;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- isolateModules needs a synchronous require
      helper = require("../support/terraform");
    });
  } finally {
    process.env.PATH = saved;
  }
  return helper!;
}

describe("without terraform on PATH", () => {
  const helper = helperWithPath("/nonexistent");
  // A plain counter: jest.config clears mock calls before each test.
  let bodyRuns = 0;
  const body = () => {
    bodyRuns += 1;
  };
  const reason = helper.describeWithTerraform("a suite that needs terraform", body);

  test("the CLI is reported missing", () => {
    expect(helper.terraformAvailable).toBe(false);
  });

  test("the suite's body never runs, so no harness work can throw while jest collects tests", () => {
    expect(bodyRuns).toBe(0);
  });

  test("the reason names the suite and the missing CLI (printed, and the title of the skipped test)", () => {
    expect(reason).toMatch(/^skipping "a suite that needs terraform": the terraform CLI is not on PATH/);
  });
});
