import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ROOT } from "../support/terraform";

// The workflows cannot run here (no GitHub, no provider downloads): these checks keep them consistent.
const workflow = (name: string) => parse(readFileSync(join(ROOT, ".github/workflows", name), "utf8"));
const scripts = (job: { steps: { run?: string }[] }) => job.steps.map((s) => s.run ?? "").join("\n");

test("pull requests run the suite, then init, validate and test the module and validate each example", () => {
  const ci = workflow("ci.yml");
  expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["pull_request"]));
  expect(scripts(ci.jobs.test)).toMatch(/npm ci[\s\S]*npm test/);
  const module = scripts(ci.jobs["registry-module"]);
  for (const command of [
    "npm run build:module",
    "terraform init -backend=false",
    "terraform validate",
    "terraform test",
    "terraform fmt -check -recursive",
  ]) {
    expect(module).toContain(command);
  }
  expect(module).toMatch(/examples\/\*\/[\s\S]*init -backend=false[\s\S]*validate/);
  expect(ci.jobs["registry-module"].strategy.matrix.terraform).toContain("1.9.8");
});

test("a vX.Y.Z tag tests, then publishes the module folder to terraform-aws-claim-check and the package to npm", () => {
  const release = workflow("release.yml");
  expect(release.on.push.tags).toEqual(["v*.*.*"]);
  expect(release.jobs["publish-module"].needs).toBe("test");
  expect(release.jobs["publish-npm"].needs).toBe("test");
  expect(scripts(release.jobs.test)).toContain("terraform test");
  expect(JSON.stringify(release.jobs["publish-module"])).toContain("terraform-aws-claim-check");
  expect(scripts(release.jobs["publish-module"])).toMatch(/git tag -a "\$\{GITHUB_REF_NAME\}"/);
  expect(scripts(release.jobs["publish-npm"])).toContain("npm publish");
});

test("actions that set up terraform keep the wrapper off, so scripts see terraform's own exit codes", () => {
  for (const name of ["ci.yml", "release.yml"]) {
    type Step = { uses?: string; with?: Record<string, unknown> };
    const steps = Object.values(workflow(name).jobs as Record<string, { steps: Step[] }>).flatMap((job) => job.steps);
    for (const step of steps.filter((s) => String(s.uses).startsWith("hashicorp/setup-terraform"))) {
      expect(step.with?.terraform_wrapper).toBe(false);
    }
  }
});
