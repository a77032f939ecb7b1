// Builds the playground into dist/play/ (or --out DIR):
//
//   node site/build.mjs [--out dist/play] [--no-wasm] [--dev]
//
// 1. engine.wasm: GOOS=js GOARCH=wasm go build -trimpath -ldflags=-s ./wasm
// 2. wasm_exec.js, from $(go env GOROOT)/lib/wasm (never committed): put in
//    front of boot.js, so that Go is defined as soon as boot.js has run
// 3. scenarios.json: go run ./wasm/catalog, with the first answer the page
//    shows on a cold load, from the engine just built (first.mjs)
// 4. app.js: site/src/main.js bundled and minified by esbuild, with
//    CodeMirror split off into cm-<hash>.js, which app.js imports later
// 5. index.html, play.css, boot.js: copied, with ?v=<content hash> on
//    every asset so a browser never mixes old and new files (app.js,
//    engine.wasm and scenarios.json are named twice: a preload link, and
//    a script tag or boot.js's data attributes).
//
// Run from anywhere; paths are relative to the repository root. Needs Go
// and `npm ci` (for esbuild and CodeMirror).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { firstAnswer } from "./first.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const out = resolve(root, opt("--out", "dist/play"));
const dev = flag("--dev");

function go(goArgs, env = {}) {
  return execFileSync("go", goArgs, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] }).toString();
}

function hash(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 10);
}

mkdirSync(out, { recursive: true });
const t0 = Date.now();

if (!flag("--no-wasm") || !existsSync(join(out, "engine.wasm"))) {
  go(["build", "-trimpath", "-ldflags=-s", "-o", join(out, "engine.wasm"), "./wasm"], { GOOS: "js", GOARCH: "wasm" });
}
// interop.wasm: the AWS interop features (site/src/interop.js loads it on demand).
if (!flag("--no-wasm") || !existsSync(join(out, "interop.wasm"))) {
  go(["build", "-trimpath", "-ldflags=-s", "-o", join(out, "interop.wasm"), "./interop/wasm"], { GOOS: "js", GOARCH: "wasm" });
}
const goroot = go(["env", "GOROOT"]).trim();
const wasmExec = readFileSync(join(goroot, "lib", "wasm", "wasm_exec.js"), "utf8");
go(["run", "./wasm/catalog", "-o", join(out, "scenarios.json")]);
// The first answer (first.mjs), added to the catalog as "first".
{
  const file = join(out, "scenarios.json");
  const text = readFileSync(file, "utf8").trimEnd();
  const first = await firstAnswer(JSON.parse(text), join(out, "engine.wasm"), wasmExec);
  if (first) writeFileSync(file, text.slice(0, text.lastIndexOf("}")) + `,"first":${JSON.stringify(first)}}\n`);
}

// Chunks are named by content: drop those of earlier builds.
for (const f of readdirSync(out)) {
  if (/^(cm|assist|chunk|catalog\.json)-[A-Z0-9]+\.(js|gz)(\.map)?$/.test(f)) rmSync(join(out, f));
}
await esbuild.build({
  entryPoints: [join(root, "site", "src", "main.js")],
  outdir: out,
  entryNames: "app",
  chunkNames: "[name]-[hash]",
  splitting: true, // CodeMirror (cm.js) is a chunk of its own, loaded after the first decision
  loader: { ".gz": "file" }, // the action catalog (assist.js): a separate asset, catalog.json-<hash>.gz
  bundle: true,
  format: "esm",
  target: ["es2022"],
  minify: !dev,
  sourcemap: dev,
  legalComments: "linked",
  logLevel: "warning",
});

copyFileSync(join(root, "site", "play.css"), join(out, "play.css"));
// Go's wasm_exec.js runs in front of boot.js, in the same blocking script:
// as a deferred script of its own it ran only once the document was
// parsed, and the compiled engine waited for it (tools/bench -compare).
rmSync(join(out, "wasm_exec.js"), { force: true });
writeFileSync(join(out, "boot.js"), wasmExec + "\n" + readFileSync(join(root, "site", "boot.js"), "utf8"));

// engine.wasm and scenarios.json are preloaded by the page's head: their
// requests leave with the stylesheet's instead of once boot.js has run,
// and the first decision came 10-85 ms sooner (tools/bench -compare, four
// rounds of 15 cold loads, 30 Nov 2026).
let html = readFileSync(join(root, "site", "index.html"), "utf8");
for (const f of ["play.css", "boot.js", "app.js", "engine.wasm", "scenarios.json"]) {
  html = html.replace(new RegExp(`(src|href|data-wasm|data-catalog)="${f.replace(".", "\\.")}"`, "g"), `$1="${f}?v=${hash(join(out, f))}"`);
}
writeFileSync(join(out, "index.html"), html);

console.log(`playground built in ${out} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
