// Runs in <head>, before the page paints and before the bundle loads.
//
// 1. Sets the theme, so a dark-theme reader never sees a white flash. The
//    choice made with the theme button is kept in localStorage; without one
//    the page follows the system.
// 2. Starts downloading and compiling the engine and the scenario list at
//    once, starts the engine and warms its parser up (the first call
//    compiles most of what it runs), while the page script loads; app.js
//    picks up the promises. It comes before wasm_exec.js, so the
//    downloads start as early as they can.
(function () {
  // A small input that makes the engine parse and validate a policy of
  // every type, with conditions, and prepare its request, then stop: its
  // RCP names no Principal, which the engine refuses. Measured with
  // tools/bench, this halves the first real call (about 30 ms against 75)
  // at no cost to the cold load (p50 about 350 ms either way), while a
  // warm-up that went on to evaluate and trace cost more before the first
  // decision than it saved in it (p50 about 420 ms).
  var doc = function (st) {
    return JSON.stringify({ Version: "2012-10-17", Statement: st });
  };
  var allow = { Sid: "A", Effect: "Allow", Action: ["s3:Get*", "s3:ListBucket"], Resource: "*",
    Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" }, StringLike: { "aws:PrincipalTag/team": "dev-*" },
      Bool: { "aws:MultiFactorAuthPresent": "true" }, DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } } };
  var deny = { Effect: "Deny", NotAction: "s3:*", Resource: "*" };
  var WARM_UP = JSON.stringify({
    policies: {
      identity: [{ name: "i", document: doc([allow, deny]) }],
      resource: { name: "r", document: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]) },
      permissionsBoundary: { name: "b", document: doc([{ Effect: "Allow", Action: "*", Resource: "*" }]) },
      scp: [[{ name: "s", document: doc([{ Effect: "Allow", Action: "*", Resource: "*" }]) }]],
      rcp: [[{ name: "c", document: doc([deny]) }]],
      session: { name: "p", document: doc([{ Effect: "Allow", Action: "s3:*", Resource: "*" }]) },
    },
    request: { principal: "arn:aws:sts::111111111111:assumed-role/R/s", action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
      context: { "aws:SourceIp": "203.0.113.7", "aws:MultiFactorAuthPresent": true, "aws:TagKeys": ["a"], "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
  });

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
  // wasm_exec.js comes after this script, so that the downloads start
  // sooner; it has run by the time the document is parsed.
  var goLoaded = new Promise(function (resolve) {
    if (typeof Go === "function" || document.readyState !== "loading") resolve();
    else document.addEventListener("DOMContentLoaded", resolve, { once: true });
  });
  // Marks for tools/bench: when each step of the start ended.
  var mark = function (name) {
    if (window.performance && performance.mark) performance.mark("iamplay:" + name);
  };
  mod.then(function () { mark("engine-compiled"); }, function () {});
  var engine = Promise.all([mod, goLoaded]).then(function (r) {
    var m = r[0];
    if (typeof Go !== "function") throw new Error("wasm_exec.js did not load");
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
    // warmedUp is "ok" when the RCP's missing Principal was the only
    // problem (checked by the browser tests: any other would leave part of
    // the parser cold).
    try {
      var out = JSON.parse(new TextDecoder().decode(window.iamplay.evaluateBytes(new TextEncoder().encode(WARM_UP))));
      var e = out.errors;
      window.iamplayBoot.warmedUp = e.length === 1 && e[0].policy === "c" && e[0].code === "statement.missingPrincipal" ? "ok" : JSON.stringify(e);
    } catch (e) { /* app.js reports real failures */ }
    mark("engine-warmed");
  });
  // Failures are reported by app.js; keep the console quiet until then.
  engine.catch(function () {});
  cat.catch(function () {});
  window.iamplayBoot = { engine: engine, catalog: cat };
})();
