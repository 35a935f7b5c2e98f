import { allEnvironments } from "../../environments";
import { synthEnvironment } from "../support/synth";

/** Policies and redrive settings are JSON strings; snapshot them parsed so a diff is readable. */
function expandJsonStrings(value: unknown): unknown {
  if (typeof value === "string" && /^[[{]/.test(value)) {
    try {
      return { "(json string)": JSON.parse(value) };
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(expandJsonStrings);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandJsonStrings(v)]));
  }
  return value;
}

// One regression snapshot per environment, synthesized with no environment variables and local state
// under a fixed "/project" root, so it is the same on every machine. A change here changes what
// `terraform plan` does: review it as such.
describe.each(allEnvironments({}, "/project").map((config) => [config.name, config] as const))("%s stack", (_name, config) => {
  test("matches its snapshot", () => {
    expect(expandJsonStrings(synthEnvironment(config))).toMatchSnapshot();
  });
});
