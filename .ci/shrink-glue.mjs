// Trunk's post-build hook (Trunk.toml), for release builds: shrinks what wasm-bindgen leaves
// behind, which Trunk 0.21 cannot.
//
// 1. Short import and export names. wasm-bindgen names each of the ~150 functions the .wasm
//    imports from its JS glue like `__wbg_addEventListener_f2d27251d333a631`, and both files
//    carry every name; random hex does not compress. wasm-opt renames them all (`a`, `b`, …)
//    and prints the mapping, which is applied to the glue. (About 2.3 KB gzip.)
// 2. Minified JS glue. Trunk's own minifier cannot parse wasm-bindgen's `export { … as default }`
//    and leaves the glue as it is; esbuild minifies it. (About 2 KB gzip.)
// 3. Subresource integrity: index.html's hashes of both files are updated to match.
//
// Every step checks what it changes and fails the build rather than ship a half-renamed pair;
// the end-to-end journeys then run against the result.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

if (process.env.TRUNK_PROFILE !== "release") process.exit(0);

const fail = (message) => {
  console.error(`shrink-glue: ${message}`);
  process.exit(1);
};
const staging = process.env.TRUNK_STAGING_DIR || fail("TRUNK_STAGING_DIR is not set");
const only = (suffix) => {
  const found = fs.readdirSync(staging).filter((name) => name.endsWith(suffix));
  if (found.length !== 1) fail(`expected one *${suffix} in ${staging}, found ${found.length}`);
  return path.join(staging, found[0]);
};
const wasmPath = only("_bg.wasm");
const jsPath = only(".js");
const htmlPath = path.join(staging, "index.html");
const integrity = (file) =>
  `sha384-${createHash("sha384").update(fs.readFileSync(file)).digest("base64")}`;
const before = { js: integrity(jsPath), wasm: integrity(wasmPath) };

// The .wasm exports only what Doorstep itself hands to JS: wasm-streams' classes (server
// functions' streaming, which Doorstep never uses) are patched out in Cargo.toml.
if (exportNames(wasmPath).some((name) => name.includes("intounderlying"))) {
  fail("the .wasm exports wasm-streams' classes: is the [patch.crates-io] in Cargo.toml gone?");
}

// 1. Short names, in the .wasm and then in the glue.
const mapping = JSON.parse(
  execFileSync("wasm-opt", [wasmPath, "--minify-imports-and-exports-and-modules", "--strip-producers", "--strip-target-features", "-o", wasmPath], {
    encoding: "utf8",
  }),
);
let js = fs.readFileSync(jsPath, "utf8");
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const replaceAll = (pattern, replacement, what, required) => {
  // A function, so that `$` in a short name is not read as a replacement pattern.
  const replaced = js.replace(pattern, () => replacement);
  if (required && replaced === js) fail(`${what} not found in the JS glue`);
  js = replaced;
};
const modules = new Set();
for (const [module, name, short] of mapping.imports) {
  modules.add(module);
  // The glue defines each import once, as a property of its imports object.
  replaceAll(new RegExp(`(?<![\\w$])${escape(name)}(?=: function)`), short, `import ${name}`, true);
}
for (const [name, short] of mapping.exports) {
  // Exports the glue never calls (e.g. an example's `main`) need no renaming there.
  replaceAll(new RegExp(`\\bwasm\\.${escape(name)}(?![\\w$])`, "g"), `wasm.${short}`, name, false);
}
if (modules.size !== 1) fail(`expected imports from one module, found ${[...modules]}`);
const [oldModule] = modules;
replaceAll(`"${oldModule}": import0`, `"${firstImportModule(wasmPath)}": import0`, "the import module", true);

// 2. Minify the glue.
fs.writeFileSync(jsPath, js);
execFileSync("esbuild", [jsPath, "--minify", "--format=esm", `--outfile=${jsPath}`, "--allow-overwrite", "--log-level=warning"]);

// 3. Integrity hashes.
let html = fs.readFileSync(htmlPath, "utf8");
for (const [file, old] of [[jsPath, before.js], [wasmPath, before.wasm]]) {
  if (html.split(old).length !== 2) fail(`index.html should name ${old} once`);
  html = html.replace(old, integrity(file));
}
fs.writeFileSync(htmlPath, html);

/// The export names of the .wasm at `file`.
function exportNames(file) {
  return WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(file))).map((entry) => entry.name);
}

/// The module name of the first import in the .wasm at `file` (its import section, id 2).
function firstImportModule(file) {
  const bytes = fs.readFileSync(file);
  const leb = (at) => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return [value, at];
  };
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(at + 1);
    if (id === 2) {
      const [, entry] = leb(start);
      const [length, name] = leb(entry);
      return bytes.subarray(name, name + length).toString("utf8");
    }
    at = start + size;
  }
  fail("the .wasm has no imports");
}
