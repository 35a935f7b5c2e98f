// Types of scripts/tsc-build.cjs (see there).
import { SpawnSyncReturns } from "node:child_process";
/** Runs `tsc --build` for a tsconfig (with extra tsc options), its output inherited or captured. */
export function tscBuild(config: string, options?: string[], how?: { capture?: boolean }): SpawnSyncReturns<string>;
