import { App, AssetType, TerraformAsset, TerraformStack } from "cdktf";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assetHashOf } from "../../modules/orders/asset-hash";

test("an asset's hash is the one cdktf computes, and a file changed in place gets a new one", () => {
  const dir = mkdtempSync(join(tmpdir(), "orders-asset-hash-"));
  try {
    const file = join(dir, "handler.zip");
    const stack = new TerraformStack(new App({ outdir: join(dir, "out") }), "s");
    const cdktfHash = (id: string) => new TerraformAsset(stack, id, { path: file, type: AssetType.FILE }).assetHash;
    writeFileSync(file, "first");
    const first = assetHashOf(file);
    expect(first).toBe(cdktfHash("first"));
    writeFileSync(file, "second, longer");
    utimesSync(file, new Date(), new Date(Date.now() + 5000)); // a new version, whatever the clock's resolution
    const second = assetHashOf(file);
    expect(second).toBe(cdktfHash("second"));
    expect(second).not.toBe(first);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
