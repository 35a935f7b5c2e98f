// Types of scripts/tsc-build.cjs (see there).
import { SpawnSyncReturns } from "node:child_process";
/** Runs `tsc --build` for a tsconfig (with extra tsc options) in a child process, its output captured. */
export function tscBuild(config: string, options?: string[]): SpawnSyncReturns<string>;
