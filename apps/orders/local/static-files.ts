import { createReadStream, existsSync, statSync } from "node:fs";
import { ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json",
};

/** Serves the web page's build output; says so plainly when it has not been built. */
export function serveStatic(root: string, path: string, response: ServerResponse): void {
  if (!existsSync(root)) {
    response.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    response.end(`The web page is not built: ${root} is missing. Build it (npm run orders:local does), or use the API directly.\n`);
    return;
  }
  const relative = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, "");
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) {
    response.writeHead(403).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) {
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    response.end(`not found: ${path}\n`);
    return;
  }
  response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(response);
}
