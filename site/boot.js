// Runs in <head>, before the page paints and before the bundle loads.
//
// 1. Sets the theme, so a dark-theme reader never sees a white flash. The
//    choice made with the theme button is kept in localStorage; without one
//    the page follows the system.
// 2. Starts downloading and compiling the engine and the scenario list at
//    once, in parallel with the (larger) page script; app.js picks up the
//    two promises.
(function () {
  var t = null;
  try { t = localStorage.getItem("iamplay.theme"); } catch (e) { /* storage may be off */ }
  if (t !== "light" && t !== "dark") {
    t = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  document.documentElement.setAttribute("data-theme", t);

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
  });
  // Failures are reported by app.js; keep the console quiet until then.
  mod.catch(function () {});
  cat.catch(function () {});
  window.iamplayBoot = { module: mod, catalog: cat };
})();
