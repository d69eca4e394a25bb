// Prints one closing line for the whole suite from the Vitest and Playwright JSON reports:
// "tests: N passed, N failed" (", N skipped" when some were skipped).
import fs from "node:fs";

const [vitestFile, e2eFile, vitestStatus = "0", e2eStatus = "0"] = process.argv.slice(2);
const read = (f) => {
  try {
    return JSON.parse(fs.readFileSync(f, "utf8"));
  } catch {
    return null;
  }
};
let passed = 0, failed = 0, skipped = 0;
const missing = [];
const v = read(vitestFile);
if (v) {
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numFailedTestSuites && !v.numFailedTests ? v.numFailedTestSuites : 0);
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else missing.push("Vitest");
const e = read(e2eFile);
if (e?.stats) {
  passed += (e.stats.expected ?? 0) + (e.stats.flaky ?? 0);
  failed += e.stats.unexpected ?? 0;
  skipped += e.stats.skipped ?? 0;
} else missing.push("Playwright");
if (missing.length) console.log(`(no report from ${missing.join(" and ")}: counted as failed)`);
if (missing.length) failed += missing.length;
// A runner that failed without a failing test (it could not start, a hook crashed…) still fails the suite.
for (const [name, status, counted] of [["Vitest", vitestStatus, v?.numFailedTests ?? 0], ["Playwright", e2eStatus, e?.stats?.unexpected ?? 0]]) {
  if (status !== "0" && counted === 0 && !missing.includes(name)) {
    console.log(`(${name} exited with status ${status} without a failing test: counted as 1 failed)`);
    failed += 1;
  }
}
console.log(`\nVitest: ${v ? `${v.numPassedTests} passed, ${v.numFailedTests} failed` : "no report"} · Playwright: ${e?.stats ? `${e.stats.expected} passed, ${e.stats.unexpected} failed` : "no report"}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
