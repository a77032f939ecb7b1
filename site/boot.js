// Runs in <head>, before the page paints and before the bundle loads.
//
// 1. Sets the theme, so a dark-theme reader never sees a white flash. The
//    choice made with the theme button is kept in localStorage; without one
//    the page follows the system.
// 2. Starts compiling the engine (its download and the scenario list's
//    were started by the page's preload links) and starts the engine as
//    soon as it is compiled, while the page script loads; app.js picks up
//    the promises. The build puts Go's wasm_exec.js in front of this file,
//    so Go is defined here.
(function () {
  var t = null;
  try { t = localStorage.getItem("iamplay.theme"); } catch (e) { /* storage may be off */ }
  if (t !== "light" && t !== "dark") {
    t = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  document.documentElement.setAttribute("data-theme", t);

  // Marks for tools/bench: when each step of the start ended.
  var mark = function (name) {
    if (window.performance && performance.mark) performance.mark("iamplay:" + name);
  };
  var me = document.currentScript;
  var wasm = (me && me.getAttribute("data-wasm")) || "engine.wasm";
  var catalog = (me && me.getAttribute("data-catalog")) || "scenarios.json";
  function compileBytes() {
    return fetch(wasm).then(function (r) {
      if (!r.ok) throw new Error(wasm + ": HTTP " + r.status);
      return r.arrayBuffer();
    }).then(function (b) { return WebAssembly.compile(b); });
  }
  var mod = typeof WebAssembly !== "object" ? Promise.reject(new Error("this browser has no WebAssembly"))
    : WebAssembly.compileStreaming
      ? WebAssembly.compileStreaming(fetch(wasm)).catch(compileBytes) // a server may send the wrong MIME type
      : compileBytes();
  var cat = fetch(catalog).then(function (r) {
    if (!r.ok) throw new Error(catalog + ": HTTP " + r.status);
    return r.json();
  }).then(function (c) {
    mark("catalog-parsed");
    return c;
  });
  mod.then(function () { mark("engine-compiled"); }, function () {});
  // No warm-up call once the engine runs: one was measured (tools/bench,
  // four A/B rounds of 15 cold loads) to cost more before the first
  // decision than it saved in the first real call. The page warms the
  // engine up in idle time after the first decision instead (warmUp in
  // src/main.js).
  var engine = mod.then(function (m) {
    if (typeof Go !== "function") throw new Error("wasm_exec.js did not run");
    var go = new Go();
    // Fewer garbage collections while typing: see wasm/main.go.
    go.env = { GOGC: "1600", GOMEMLIMIT: "256MiB" };
    return new Promise(function (resolve, reject) {
      window.iamplayReady = resolve;
      WebAssembly.instantiate(m, go.importObject).then(function (inst) {
        mark("engine-instantiated");
        go.run(inst).then(function () { reject(new Error("the engine stopped")); });
      }, reject);
    });
  }).then(function () {
    mark("engine-started");
  });
  // Failures are reported by app.js; keep the console quiet until then.
  engine.catch(function () {});
  cat.catch(function () {});
  window.iamplayBoot = { engine: engine, catalog: cat };
})();
