// The first answer: what the page shows on a cold load with nothing saved
// and no link, computed when the site is built, by the engine the site
// ships (engine.wasm, run here under node), for exactly the input the page
// will build (model.js's requestModel and toInput, the page's own code).
//
// The page draws it as soon as the scenario list is read, instead of after
// the engine has started and compiled the code its first call runs, then
// evaluates the same input with the engine and draws that (main.js,
// boot). It is used only when the page's input is this input, character
// for character; anything else (saved work, a link, another scenario) waits
// for the engine.
import { readFileSync } from "node:fs";
import * as fs from "node:fs";
import { runInThisContext } from "node:vm";
import { requestModel, toInput } from "./src/model.js";

/**
 * firstAnswer returns {input, answer} for the first request of the first
 * scenario of catalog: input, the JSON text the page sends the engine;
 * answer, the engine's page answer to it (trace folded, no "gen": it has
 * no evaluation to unfold from).
 */
export async function firstAnswer(catalog, wasmFile, wasmExec) {
  const sc = catalog.scenarios && catalog.scenarios[0];
  const rq = sc && sc.requests[0];
  if (!rq) return null;
  const input = JSON.stringify(toInput(requestModel(sc, rq, catalog.documents || [])).input);
  const engine = await startEngine(wasmFile, wasmExec);
  const answer = JSON.parse(new TextDecoder().decode(engine.evaluatePage(new TextEncoder().encode(input))));
  delete answer.gen;
  if (!answer.report) throw new Error(`the first scenario's first request (${sc.id} › ${rq.name}) has no decision: ${JSON.stringify(answer.errors)}`);
  return { input, answer };
}

// startEngine runs engine.wasm with Go's wasm_exec.js and returns its
// iamplay object.
async function startEngine(wasmFile, wasmExec) {
  globalThis.fs ??= fs; // wasm_exec.js writes the module's output with it
  if (typeof globalThis.Go !== "function") runInThisContext(wasmExec);
  const go = new globalThis.Go();
  const ready = new Promise((resolve) => { globalThis.iamplayReady = resolve; });
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), go.importObject);
  go.run(instance);
  await ready;
  return globalThis.iamplay;
}
