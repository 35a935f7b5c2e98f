// Types of scripts/tsc-build.cjs (see there).
import { SpawnSyncReturns } from "node:child_process";
/** The tsconfig to give `tsc --build`: one in the cache folder that extends `config` and keeps its record there. */
export function cachedBuildConfig(config: string): string;
/** Runs `tsc --build` for a tsconfig (with extra tsc options), its output inherited or captured. */
export function tscBuild(config: string, options?: string[], how?: { capture?: boolean }): SpawnSyncReturns<string>;
