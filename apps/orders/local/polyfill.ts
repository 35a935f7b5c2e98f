/**
 * aws-local-stepfunctions 3.0.0 calls Promise.withResolvers (Node >= 22) in every Task state. Node 20
 * lacks it; this is the standard shape (TC39 proposal), installed only when missing.
 */
export function installPromiseWithResolvers(): void {
  const promise = Promise as unknown as { withResolvers?: unknown };
  if (typeof promise.withResolvers === "function") return;
  promise.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const p = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: p, resolve, reject };
  };
}
