import { createHash } from "node:crypto";
import { execFile, execFileSync, spawnSync, SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as publicApi from "../../modules/claim-check";
import { CHECKOUT_ID, userCacheDir } from "../../scripts/cache-dir.cjs";

const ROOT = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const PEERS = Object.keys(pkg.peerDependencies);
const NPM_ENV = { ...process.env, npm_config_update_notifier: "false", npm_config_audit: "false", npm_config_fund: "false" };
const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: "pipe", env: NPM_ENV });
interface Compiled {
  readonly status: number;
  readonly stdout: string;
}

/**
 * Compiles consumer projects (folders below `cwd`) with the repository's TypeScript, in one `tsc --build`
 * run: the projects share the parsed standard library and SDK declarations, which costs half as much as a
 * `tsc -p` per project. Each project's result is its own diagnostics (tsc names each file by its path from
 * `cwd`); output no project can be blamed for (a crash, a bad option) counts against every project.
 */
function tscBuild(cwd: string, projects: readonly string[]): Promise<Record<string, Compiled>> {
  const args = [join(ROOT, "node_modules/typescript/bin/tsc"), "--build", "--pretty", "false", ...projects];
  return new Promise((resolve) =>
    execFile(process.execPath, args, { cwd, encoding: "utf8" }, (error, stdout) => {
      const status = error ? Number(error.code ?? 1) : 0;
      // A diagnostic's first line starts with its file's path; its continuation lines are indented.
      const owned = new Map<string | undefined, string[]>();
      let owner: string | undefined;
      for (const line of stdout.split("\n").filter((l) => l.trim() !== "")) {
        if (!/^\s/.test(line)) owner = projects.find((project) => line.startsWith(`${project}/`));
        owned.set(owner, [...(owned.get(owner) ?? []), line]);
      }
      const results = projects.map((project) => {
        const blamed = [...(owned.get(project) ?? []), ...(owned.get(undefined) ?? [])];
        return [project, { status: status !== 0 && blamed.length > 0 ? status : 0, stdout: blamed.join("\n") }];
      });
      resolve(Object.fromEntries(results));
    }),
  );
}

const CONSTRUCT_USER = `
import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import * as packageRoot from "cdktf-claim-check";
import { addClaimCheckOutputs, ClaimCheck, ClaimCheckProps } from "cdktf-claim-check";
import { ClaimCheckProducer, configFromTerraformOutputs, parseClaimMessage } from "cdktf-claim-check/client";

// The client entry point resolves, with types.
const usesClient: [typeof ClaimCheckProducer, typeof configFromTerraformOutputs, typeof parseClaimMessage] = [ClaimCheckProducer, configFromTerraformOutputs, parseClaimMessage];
if (usesClient.some((f) => typeof f !== "function")) throw new Error("client exports missing");

// The root entry's exports on the first line, before the synth (which loads the same libraries).
console.log(JSON.stringify(Object.keys(packageRoot).sort()));

const props: ClaimCheckProps = { name: "orders", environment: "prod", producerRoleNames: ["orders-api"] };
const stack = new TerraformStack(Testing.app(), "consumer");
new AwsProvider(stack, "aws", { region: "eu-west-1" });
addClaimCheckOutputs(stack, new ClaimCheck(stack, "ClaimCheck", props));
console.log(Testing.synth(stack));
`;

const CLIENT_USER = `
import { ClaimCheckProducer, configFromTerraformOutputs, parseClaimMessage } from "cdktf-claim-check/client";

const exported = [ClaimCheckProducer, configFromTerraformOutputs, parseClaimMessage];
console.log(exported.map((f) => typeof f).join(","));
`;

/** The fields of the installed package.json these tests read. */
interface InstalledManifest {
  readonly main: string;
  readonly types: string;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    module: "commonjs",
    target: "es2022",
    esModuleInterop: true,
    skipLibCheck: true,
    types: [],
    outDir: "out",
  },
  files: ["consumer.ts"],
};

/** Writes a file only when its content differs, so an unchanged file keeps its modification time. */
function writeIfChanged(file: string, content: string | Buffer): void {
  if (existsSync(file) && readFileSync(file).equals(Buffer.from(content))) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/**
 * Installs the packed tarball into a consumer project the way npm lays it out (the package under
 * node_modules, each declared dependency beside it, the bin linked by `npm rebuild`), with the given
 * packages linked from this repository's node_modules. Nothing is fetched, so it works with an empty
 * npm cache: `npm install --offline` would need registry metadata that `npm ci` never caches. Only the
 * packages named are reachable, so a dependency the package forgot to declare fails here. The project is
 * kept between runs, its own files rewritten only when their content changes, so `tsc --build` can skip a
 * compile whose inputs are all unchanged (and it still reports its errors). tsc's check does not look at files
 * in node_modules, so when the tarball, a linked package's version or the project changes, its output is removed;
 * when none changed, the installation is kept as it is.
 */
function installConsumer(dir: string, tarball: string, linked: string[], source: string): void {
  const fingerprint = createHash("sha256")
    .update(readFileSync(tarball))
    .update(
      JSON.stringify([
        source,
        TSCONFIG,
        linked.map((name) => [name, readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")]),
      ]),
    )
    .digest("hex");
  const recorded = join(dir, "installed.sha256");
  const installed = join(dir, "node_modules", pkg.name);
  if (existsSync(recorded) && readFileSync(recorded, "utf8") === fingerprint) {
    // Installed from these very bytes, with these packages: nothing to do while every piece is still there.
    const pieces = [join(installed, "package.json"), join(dir, "node_modules", ".bin", "claim-check"), join(dir, "consumer.ts")];
    if ([...pieces, ...linked.map((name) => join(dir, "node_modules", name))].every((path) => existsSync(path))) return;
  } else rmSync(join(dir, "out"), { recursive: true, force: true });
  rmSync(installed, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["xzf", tarball, "-C", installed, "--strip-components=1"]);
  const reachable = new Set([pkg.name, ".bin", ".package-lock.json", ...linked.map((name) => name.split("/")[0])]);
  for (const name of readdirSync(join(dir, "node_modules")))
    if (!reachable.has(name)) rmSync(join(dir, "node_modules", name), { recursive: true, force: true });
  writeIfChanged(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true, dependencies: { [pkg.name]: `file:${tarball}` } }),
  );
  // Linking bins needs only the package itself: run before the other packages are linked, npm does not read
  // their trees (cdktf and the provider bundle hundreds of files), which costs a third as much.
  for (const name of linked) rmSync(join(dir, "node_modules", name), { recursive: true, force: true });
  npm(["rebuild", "--offline", "--ignore-scripts"], dir);
  for (const name of linked) {
    mkdirSync(dirname(join(dir, "node_modules", name)), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), join(dir, "node_modules", name), "dir");
  }
  writeIfChanged(join(dir, "consumer.ts"), source);
  writeIfChanged(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
  writeFileSync(recorded, fingerprint);
}

// Packs the construct as npm would publish it, then installs it twice: for a construct user (with the
// peers) and for a client user (the package's dependencies only, no cdktf, constructs or provider).
describe("the npm package", () => {
  const work = mkdtempSync(join(tmpdir(), "claim-check-package-"));
  /**
   * The consumer projects, kept between runs (see installConsumer) per checkout in the user's cache folder,
   * outside the repository (from inside, Node would find the repository's node_modules); the tarball is packed
   * there too.
   */
  const consumers = join(userCacheDir("npm-package"), CHECKOUT_ID);
  const constructUser = join(consumers, "construct-user");
  const clientUser = join(consumers, "client-user");
  let tarball: string;
  let installed: InstalledManifest;
  let compiled: Record<"constructUser" | "clientUser", Compiled>;
  let constructUserRun: SpawnSyncReturns<string> | undefined;
  /** The construct user's program, run once: its first line is the package root's exports, then the synthesized stack. */
  const runConstructUser = () =>
    // TMPDIR: cdktf's Testing leaves a temporary folder behind; in `work`, it is removed with the rest.
    (constructUserRun ??= spawnSync(process.execPath, ["out/consumer.js"], {
      cwd: constructUser,
      encoding: "utf8",
      env: { ...process.env, TMPDIR: work },
    }));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(async () => {
    mkdirSync(consumers, { recursive: true });
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", consumers], ROOT));
    tarball = join(consumers, packed[0].filename);
    const dependencies = Object.keys(pkg.dependencies);
    installConsumer(constructUser, tarball, [...dependencies, ...PEERS], CONSTRUCT_USER);
    installConsumer(clientUser, tarball, dependencies, CLIENT_USER);
    installed = JSON.parse(readFileSync(join(constructUser, "node_modules", pkg.name, "package.json"), "utf8"));
    const results = await tscBuild(consumers, ["construct-user", "client-user"]);
    compiled = { constructUser: results["construct-user"], clientUser: results["client-user"] };
  }, 120_000);

  test("contains the compiled construct and client with types, the schema, and nothing else but docs", () => {
    const files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    expect(files).toEqual(
      expect.arrayContaining([
        "package/dist/index.js",
        "package/dist/index.d.ts",
        "package/dist/modules/claim-check/index.js",
        "package/dist/client/index.js",
        "package/dist/client/index.d.ts",
        "package/dist/client/cli.js",
        "package/dist/client/claim-message.schema.json",
        "package/LICENSE",
        "package/README.md",
      ]),
    );
    expect(
      files.filter(
        (f) =>
          !/^package\/(dist\/.*\.(js|d\.ts|js\.map|json)|bin\/claim-check\.js|LICENSE|README\.md|CHANGELOG\.md|package\.json)$/.test(f),
      ),
    ).toEqual([]);
    expect(files.filter((f) => /registry|test\/|environments\/|terraform-aws-claim-check|main\.js/.test(f))).toEqual([]);
  });

  test("has a short entry point whose root export is the construct's public API only", () => {
    expect({ main: installed.main, types: installed.types }).toEqual({ main: "dist/index.js", types: "dist/index.d.ts" });
    // Printed by the construct user's program: `require("cdktf-claim-check")` of its compiled import.
    const [firstLine] = runConstructUser().stdout.split("\n");
    if (!firstLine.startsWith("[")) throw new Error(`the construct user printed no exports: ${runConstructUser().stderr}`);
    const rootExports = (JSON.parse(firstLine) as string[]).join(",");
    expect(rootExports).toBe(Object.keys(publicApi).sort().join(","));
    expect(rootExports.split(",")).toEqual(expect.arrayContaining(["ClaimCheck", "addClaimCheckOutputs"]));
    expect(rootExports.split(",")).not.toContain("ClaimCheckProducer");
  }, 60_000);

  test("declares cdktf, constructs and the AWS provider as optional peers, and only the client's runtime libraries as dependencies", () => {
    expect(installed.peerDependencies).toEqual({ "@cdktf/provider-aws": "^21.0.0", cdktf: "^0.21.0", constructs: "^10.4.2" });
    expect(installed.peerDependenciesMeta).toEqual(Object.fromEntries(PEERS.map((name) => [name, { optional: true }])));
    expect(Object.keys(installed.dependencies).sort()).toEqual([
      "@aws-sdk/client-s3",
      "@aws-sdk/client-sqs",
      "@aws-sdk/lib-storage",
      "ajv",
      "cli-progress",
      "commander",
    ]);
  });

  test("installs the claim-check command", () => {
    const help = execFileSync(join(constructUser, "node_modules/.bin/claim-check"), ["--help"], { encoding: "utf8" });
    expect(help).toContain("Send and receive payloads through a claim-check bucket and queue");
  });

  test("type-checks and compiles in a consumer project against the published types", () => {
    // The consumer uses CommonJS with TypeScript's default (node10) resolution, like a `cdktf init` project.
    expect(compiled.constructUser).toEqual({ status: 0, stdout: "" });
  });

  test("synthesizes a claim-check stack from the installed package", () => {
    const run = runConstructUser();
    expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ status: 0, stderr: "" });
    const stack = JSON.parse(run.stdout.slice(run.stdout.indexOf("\n") + 1));
    expect(Object.keys(stack.resource)).toEqual(
      expect.arrayContaining(["aws_s3_bucket", "aws_sqs_queue", "aws_kms_key", "aws_iam_role_policy_attachment"]),
    );
    expect(stack.output.queue_url.value).toMatch(/^\$\{aws_sqs_queue\./);
  }, 60_000);

  describe("for a user of the client alone, without cdktf, constructs or the provider installed", () => {
    test("the peers really are absent: the construct entry cannot load", () => {
      // NODE_PATH cleared: only the client user's own node_modules may resolve anything.
      const env = { ...process.env, NODE_PATH: "" };
      const result = spawnSync(process.execPath, ["-e", `require("${pkg.name}")`], { cwd: clientUser, encoding: "utf8", env });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/Cannot find module '(cdktf|constructs|@cdktf\/provider-aws[^']*)'/);
    });

    test("the client type-checks, compiles and runs", () => {
      expect(compiled.clientUser).toEqual({ status: 0, stdout: "" });
      const out = execFileSync(process.execPath, ["out/consumer.js"], {
        cwd: clientUser,
        encoding: "utf8",
        env: { ...process.env, NODE_PATH: "" },
      });
      expect(out.trim()).toBe("function,function,function");
    }, 60_000);

    test("the claim-check command runs", () => {
      const help = execFileSync(join(clientUser, "node_modules/.bin/claim-check"), ["--help"], { encoding: "utf8" });
      expect(help).toContain("Send and receive payloads through a claim-check bucket and queue");
    });
  });
});
