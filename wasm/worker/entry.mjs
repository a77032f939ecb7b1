// The Worker's entry point: it runs the Go program (app.wasm, with
// syumai/workers' wasm_exec.js and runtime.mjs, written next to this file
// by `make worker`) once per isolate and hands it one request at a time.
//
// syumai/workers' own glue (worker.mjs) starts a fresh Go instance for
// every request. Each has its own linear memory (5 MB at start, ~17 MB
// for a scenario that reads AWS managed policies) that is freed only when
// V8 collects it, and on local workerd a steady stream of scenario
// evaluations got the isolate over its 128 MB and restarted mid-request
// (503 "Your worker restarted"), even one request at a time. Here the
// instance stays: its Go heap is reused, and a warm request pays no
// start-up.
//
// One request is inside Go at a time, answer included (the body is read
// out before the next request enters), so that everything Go creates —
// promises, streams, KV calls — belongs to the request it serves. The
// isolate runs one request's code at a time anyway. Waiting requests poll
// a timer rather than await a promise another request resolves: Workers
// cancel a request that waits on another request's work as hung.
import "./wasm_exec.js";
import { createRuntimeContext, loadModule } from "./runtime.mjs";

const MAX_WAIT_MS = 20000;

let busy = false;
let binding = null; // the running Go program's handlers, once it is ready

globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquire() {
  let delay = 1;
  for (let waited = 0; busy; waited += delay, delay = Math.min(delay * 2, 16)) {
    if (waited > MAX_WAIT_MS) return false;
    await sleep(delay);
  }
  busy = true;
  return true;
}

// start runs the Go program; its main calls workers.Ready once its
// handler is set, before it first waits for an event, so binding is set
// when go.run returns control here.
async function start(env, ctx) {
  const mod = await loadModule();
  const go = new Go();
  const b = {};
  let ready = false;
  const instance = new WebAssembly.Instance(mod, { ...go.importObject, workers: { ready: () => { ready = true; } } });
  go.run(instance, createRuntimeContext({ env, ctx, binding: b })).finally(() => {
    if (binding === b) binding = null; // the program ended: start another next time
  });
  if (!ready) throw new Error("the Go program did not start");
  binding = b;
}

function busyResponse() {
  return new Response('{"code":"busy","message":"the server is busy; try again in a moment"}\n', {
    status: 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Retry-After": "1", "Cache-Control": "no-store" },
  });
}

export default {
  async fetch(request, env, ctx) {
    if (!(await acquire())) return busyResponse();
    try {
      if (binding === null) await start(env, ctx);
      const res = await binding.handleRequest(request);
      const body = res.body === null ? null : await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      busy = false;
    }
  },
};
