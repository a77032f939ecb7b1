// IAM Playground: the page. It owns the DOM and the editors; the engine
// (Go, compiled to WebAssembly) only answers evaluate(inputJSON). Every edit
// re-evaluates at once; the state is autosaved, shareable as a link, and
// never thrown away by a bad link or bad JSON.
import { h, clear, $, unchanged, whenSettled } from "./dom.js";
import {
  emptyModel, fromInput, toInput, newPolicy, levelsOf, attachLabel, isAssumeRole,
  reviveModel, catalogInput, requestModel,
} from "./model.js";
import { encodeShare, decodeShare, ShareError, PREFIX } from "./share.js";
import { PolicyEditor, loadEditors, warmEditors } from "./editor.js";
import { TraceView } from "./trace.js";
import { drawFlow } from "./flow.js";
import { renderMarkdown } from "./markdown.js";
import { notify } from "./notices.js";
import { MAX_LEVELS } from "./limits.js";
import { sameWork } from "./persist.js";
import { Work } from "./work.js";
import { Exercise } from "./exercise.js";
import { Interop } from "./interop.js";
import { setupShortLink } from "./shortlink.js";

const THEME_KEY = "iamplay.theme";

const DECISION_TEXT = { allowed: "Allowed", explicitDeny: "Explicit deny", implicitDeny: "Implicit deny" };

const COMMON_KEYS = [
  "aws:SourceIp", "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:CurrentTime", "aws:EpochTime",
  "aws:SecureTransport", "aws:RequestedRegion", "aws:PrincipalOrgID", "aws:PrincipalTag/", "aws:ResourceTag/",
  "aws:RequestTag/", "aws:TagKeys", "aws:SourceVpce", "aws:SourceArn", "aws:SourceAccount", "aws:ViaAWSService",
  "aws:CalledVia", "aws:userid", "sts:ExternalId", "s3:prefix", "s3:x-amz-server-side-encryption",
];

/** Perf marks the benchmark reads: first decision and each keystroke. */
const perf = { firstDecision: 0, keys: [], evals: 0, wasmMs: 0, last: null };

const app = {
  ready: false, // the engine answered
  version: "",
  catalog: [],
  documents: [], // policy texts shared by the catalog's requests
  first: null, // the build's answer to the first request, {input, answer}, until boot has used it (showFirstAnswer)
  model: emptyModel(),
  cards: new Map(), // policy id → card
  trace: null,
  lastReport: null,
  pendingKey: null,
  scheduled: false,
  edited: false, // the state was changed on this page since it was loaded
};

// ---------------------------------------------------------------- engine

// boot.js (in <head>) has already started the engine and the catalog
// download; these fall back to doing it here.
const early = window.iamplayBoot || {};

async function loadEngine() {
  if (early.engine) return early.engine;
  if (typeof Go !== "function") throw new Error("wasm_exec.js did not load");
  const mod = await WebAssembly.compileStreaming(fetch("engine.wasm"));
  const go = new Go();
  go.env = { GOGC: "1600", GOMEMLIMIT: "256MiB" }; // see wasm/main.go
  const ready = new Promise((resolve) => { window.iamplayReady = resolve; });
  const instance = await WebAssembly.instantiate(mod, go.importObject);
  const stopped = go.run(instance).then(() => { throw new Error("the engine stopped"); });
  await Promise.race([ready, stopped]);
}

async function loadCatalog() {
  const c = await (early.catalog || fetch("scenarios.json").then((r) => r.json()));
  app.documents = Array.isArray(c.documents) ? c.documents : [];
  app.first = c.first && typeof c.first.input === "string" && c.first.answer ? c.first : null;
  return Array.isArray(c.scenarios) ? c.scenarios : [];
}

const utf8In = new TextEncoder();
const utf8Out = new TextDecoder();
let inBuf = new Uint8Array(64 << 10); // the input's UTF-8, reused between calls

// engineEvaluate evaluates an input. The page's own evaluation (page) has
// its trace folded: the statements shown closed come without their
// children, which engineChildren fetches when one is opened.
function engineEvaluate(json, page = false) {
  try {
    const t0 = performance.now();
    if (inBuf.length < json.length * 3) inBuf = new Uint8Array(json.length * 3);
    const bytes = inBuf.subarray(0, utf8In.encodeInto(json, inBuf).written);
    const t1 = performance.now();
    const out = page ? window.iamplay.evaluatePage(bytes) : window.iamplay.evaluateBytes(bytes);
    const t2 = performance.now();
    const text = utf8Out.decode(out);
    const t3 = performance.now();
    const resp = JSON.parse(text);
    if (page && resp.report) resp.report.gen = resp.gen;
    perf.wasmMs = t2 - t1;
    perf.io = { encode: t1 - t0, decode: t3 - t2, parse: performance.now() - t3 };
    return resp;
  } catch (e) {
    return { errors: [{ policy: "", code: "internal", severity: "error", message: "the engine failed: " + e.message }], report: null };
  }
}

// engineChildren is a folded trace node's children, for the page's
// evaluation gen, or null once a later evaluation replaced it.
function engineChildren(gen, item) {
  try {
    return JSON.parse(utf8Out.decode(window.iamplay.children(gen, item)));
  } catch {
    return null;
  }
}

// The exercise panel (exercise.js): goal requests evaluated against the
// page's policies after every evaluation.
const exercise = new Exercise({
  evaluate: (input) => engineEvaluate(JSON.stringify(input)),
  input: () => toInput(app.model).input,
  load: (input, message) => loadWithUndo(fromInput(input, app.model.scenario, app.model.request), message, true),
});

// AWS interop (interop.js): simulator requests, an imported account,
// before/after and fixes, in a module loaded when its dialog opens.
const interop = new Interop({
  input: () => toInput(app.model).input,
  load: (input, message) => loadWithUndo(fromInput(input, "", ""), message, true),
  select: (policy, span) => selectSpan(policy, span),
});

// ---------------------------------------------------------------- state

function findScenario(id) {
  return app.catalog.find((s) => s.id === id) || null;
}

function findRequest(sc, name) {
  return sc ? sc.requests.find((r) => r.name === name) || null : null;
}

/** requestInput is a catalog request's input (model.js). */
function requestInput(rq) {
  return catalogInput(rq, app.documents);
}

function modelFromRequest(sc, rq) {
  return requestModel(sc, rq, app.documents);
}

/** describe names a state for people: its scenario and request, or its
 * name, or what it is. */
function describe(m) {
  const sc = findScenario(m.scenario);
  if (sc) return m.request ? `“${sc.title} › ${m.request}”` : `“${sc.title}”`;
  if (m.scenario) return `“${m.scenario}”`;
  return m.name ? `“${m.name}”` : "your own policies";
}

/** pristine reports whether a state is a scenario's request as it comes
 * (or nothing at all): replacing it loses no work. */
function pristine(m) {
  if (!m.policies.length && !m.req.principal && !m.req.action && !m.req.resource && !m.req.context.length) return true;
  const sc = findScenario(m.scenario);
  const rq = findRequest(sc, m.request);
  if (!rq) return false;
  try {
    return sameWork(m, modelFromRequest(sc, rq));
  } catch {
    return false;
  }
}

/** The saved work: autosave, history, other tabs, files (work.js). */
const work = new Work({
  model: () => app.model,
  edited: () => app.edited,
  load: (m, message) => loadWithUndo(m, message, true),
  describe,
  pristine,
  toInput: (m) => toInput(m).input,
  fromInput,
});

/** setModel replaces the whole state and redraws everything. edited
 * says whether the state holds edits its source (a link, a scenario, a
 * file) does not have: restored work does, a fresh load does not. */
function setModel(m, edited = false) {
  app.model = m;
  renderScenario();
  renderPolicies();
  renderRequest();
  changed();
  app.edited = edited;
  performance.mark("iamplay:model");
}

/** loadWithUndo replaces the state and offers to go back: the state it
 * replaces is kept in History, and the Undo stays until dismissed or
 * replaced by the next load's. */
function loadWithUndo(m, message, edited = false) {
  const before = reviveModel(JSON.parse(JSON.stringify(app.model)));
  const kept = app.edited && work.keep(before, `Before: ${message.replace(/\.$/, "")}`);
  setModel(m, edited);
  notify(kept ? `${message} What was here before is kept in History.` : message, {
    id: "load",
    actions: [
      // Undo is a load too: edits made since are kept in History.
      { label: "Undo", run: () => loadWithUndo(before, "Went back to what was here before.", true) },
      ...(kept ? [{ label: "History", keep: true, run: () => work.openHistory() }] : []),
    ],
  });
}

function loadRequest(scenarioID, name, userAction = true) {
  const sc = findScenario(scenarioID);
  const rq = findRequest(sc, name) || (sc && sc.requests[0]);
  if (!sc || !rq) return;
  let m;
  try {
    m = modelFromRequest(sc, rq);
  } catch (e) {
    notify(`The request “${rq.name}” of this scenario cannot be read: ${e.message}`, { kind: "error" });
    return;
  }
  if (userAction) loadWithUndo(m, `Loaded “${rq.name}” from “${sc.title}”.`);
  else setModel(m);
}

/** changed re-evaluates (soon) and autosaves. */
function changed() {
  app.edited = true;
  work.save();
  schedule();
}

function schedule() {
  if (app.scheduled) return;
  app.scheduled = true;
  // A microtask: after the editor's own update, before the frame is painted.
  queueMicrotask(() => {
    app.scheduled = false;
    evaluateNow();
  });
}

// ---------------------------------------------------------------- evaluation

function evaluateNow() {
  if (!app.ready) return;
  const t0 = performance.now();
  const started = t0;
  const { input, ignored } = toInput(app.model);
  const json = JSON.stringify(input);
  const tInput = performance.now() - t0;
  const resp = engineEvaluate(json, true);
  const t1 = performance.now();
  perf.evals++;
  showResult(resp, ignored);
  const now = performance.now();
  perf.last = { start: started, evaluate: t1 - t0, wasm: perf.wasmMs, draw: now - t1 };
  if (!perf.first && resp.report) {
    perf.first = perf.last;
    performance.mark("iamplay:engine-decision");
    if (!perf.firstDecision) {
      perf.firstDecision = now;
      performance.mark("iamplay:first-decision");
    }
  }
  if (app.pendingKey !== null) {
    const key = app.pendingKey;
    app.pendingKey = null;
    const entry = { key, keydown: perf.keydown, rendered: now, painted: 0, changed: perf.changed, beforeinput: perf.beforeinput, input: perf.input, ...perf.last,
      parts: { input: tInput, ...perf.io, ...perf.parts } };
    perf.keys.push(entry);
    requestAnimationFrame(() => { entry.painted = performance.now(); });
  }
  exercise.check();
}

/**
 * showFirstAnswer draws the answer the build computed for the first
 * scenario's first request (site/first.mjs), when the page's input is
 * exactly the one it answers: on a cold load with nothing saved, the
 * decision is on the page before the engine has started. The engine
 * evaluates the same input as soon as it runs, and its answer replaces
 * this one (the same, but for the trace's folded statements, which only
 * the engine's answer can open). It reports whether it drew the answer.
 */
function showFirstAnswer() {
  const first = app.first;
  app.first = null; // used once, at most
  const { input, ignored } = toInput(app.model);
  if (!first || JSON.stringify(input) !== first.input) return false;
  showResult(first.answer, ignored);
  perf.firstFromBuild = true;
  perf.firstDecision = performance.now();
  performance.mark("iamplay:first-decision");
  return true;
}

/**
 * warmUp evaluates the current state a few times while the page is idle,
 * every other time with the first policy moved by a space, as typing would
 * do: the engine's code reaches its fastest compiled tier before the first
 * keystroke rather than during the first few. The answers are not drawn,
 * and it stops as soon as anything is evaluated for the reader.
 */
function warmUp(rounds = 12) {
  if (typeof requestIdleCallback !== "function") return;
  const evals = perf.evals;
  let i = 0;
  const step = (deadline) => {
    while (perf.evals === evals && i < rounds && deadline.timeRemaining() > 10) {
      const { input } = toInput(app.model);
      const first = firstDocument(input.policies);
      if (first && i % 2 === 0 && i < rounds - 1) first.document = " " + first.document;
      engineEvaluate(JSON.stringify(input));
      i++;
    }
    if (perf.evals === evals && i < rounds) requestIdleCallback(step, { timeout: 1000 });
  };
  requestIdleCallback(step, { timeout: 1000 });
}

/** firstDocument returns the first {name, document} of an input's policies. */
function firstDocument(pols) {
  for (const v of Object.values(pols || {})) {
    const p = Array.isArray(v) ? v.flat()[0] : v;
    if (p && typeof p.document === "string") return p;
  }
  return null;
}

function showResult(resp, ignored) {
  const errors = resp.errors || [];
  const report = resp.report;
  const byPolicy = new Map();
  const fieldErrors = new Map();
  const general = [];
  const names = new Set(app.model.policies.map((p) => p.name));
  for (const e of errors) {
    if (e.policy && names.has(e.policy)) {
      if (!byPolicy.has(e.policy)) byPolicy.set(e.policy, []);
      byPolicy.get(e.policy).push(e);
    } else if (e.field) {
      fieldErrors.set(e.field, e);
    } else {
      general.push(e);
    }
  }
  // Editors: diagnostics, deciding statement, status line.
  const T0 = performance.now();
  const policyResults = report ? policyResultsOf(report.trace) : new Map();
  const deciding = report && report.deciding;
  for (const p of app.model.policies) {
    const card = app.cards.get(p.id);
    if (!card) continue;
    const errs = byPolicy.get(p.name) || [];
    const sig = JSON.stringify(errs);
    if (sig !== card.diagSig) {
      card.diagSig = sig;
      card.editor.setDiagnostics(errs, !report);
    }
    const isDeciding = deciding && deciding.policy === p.name && deciding.span;
    card.editor.setDeciding(isDeciding ? deciding.span : null, deciding && deciding.effect === "Deny");
    card.el.classList.toggle("deciding", !!isDeciding && deciding.effect !== "Deny");
    card.el.classList.toggle("deciding-deny", !!isDeciding && deciding.effect === "Deny");
    card.note.hidden = !ignored.includes(p.id);
    if (!card.note.hidden) {
      card.note.textContent = `Only one ${attachLabel(p.attach, isAssumeRole(app.model)).toLowerCase()} applies: this one is not evaluated.`;
    }
    renderStatus(card, errs, report ? policyResults.get(p.name) : undefined, isDeciding ? deciding : null, !!report);
  }
  const T1 = performance.now();
  // Request fields.
  for (const el of document.querySelectorAll(".field-error")) {
    const e = fieldErrors.get(el.dataset.for);
    el.hidden = !e;
    el.textContent = e ? e.message : "";
  }
  for (const name of ["principal", "action", "resource", "resourceOwner"]) {
    const input = $("request-form").elements[name];
    if (fieldErrors.has(name)) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  if (report) renderProblemsSoon(errors);
  else {
    problemsWaiting = null;
    renderProblems(errors);
  }
  renderBanner(report, errors);
  if (report) {
    app.lastReport = report;
    const T2 = performance.now();
    app.trace.render(report);
    const T3 = performance.now();
    $("trace").classList.remove("stale");
    drawFlow($("flow"), report);
    renderKeys(report.keys);
    renderMissing(report.keys ? report.keys.missing : []);
    perf.parts = { editors: T1 - T0, mid: T2 - T1, trace: T3 - T2, rest: performance.now() - T3 };
  } else {
    $("trace").classList.add("stale");
    drawFlow($("flow"), null);
  }
}

function policyResultsOf(trace) {
  const out = new Map();
  const walk = (n) => {
    if (!n) return;
    if (n.kind === "policy" && n.policy) {
      const prev = out.get(n.policy);
      if (!prev || n.result === "deny" || (n.result === "allow" && prev !== "deny")) out.set(n.policy, n.result);
    }
    (n.children || []).forEach(walk);
  };
  walk(trace);
  return out;
}

function renderStatus(card, errs, result, deciding, hasReport) {
  const st = card.status;
  if (unchanged(st, JSON.stringify([errs.map((e) => e.severity), result, deciding && [deciding.sid, deciding.statement], hasReport]))) return;
  clear(st);
  const nErr = errs.filter((e) => e.severity !== "warning").length;
  const nWarn = errs.length - nErr;
  if (nErr) st.append(h("span", { className: "no" }, `${nErr} ${nErr === 1 ? "error" : "errors"}`));
  if (nWarn) st.append(h("span", { className: "warn" }, `${nWarn} ${nWarn === 1 ? "warning" : "warnings"}`));
  if (result === "allow") st.append(h("span", { className: "ok" }, "allows this request"));
  else if (result === "deny") st.append(h("span", { className: "no" }, "denies this request"));
  else if (result === "none") st.append(h("span", null, "neither allows nor denies it"));
  else if (!nErr && hasReport && result === undefined) st.append(h("span", null, "not evaluated for this request"));
  if (deciding) st.append(h("span", null, `deciding statement: ${deciding.sid || "#" + (deciding.statement + 1)}`));
}

function renderBanner(report, errors) {
  const banner = $("banner");
  const m0 = app.model;
  if (unchanged(banner, JSON.stringify([report && report.decision, report && report.reason, report ? [] : errors, m0.expect, m0.scenario, m0.request, app.edited]))) return;
  banner.className = "banner";
  const hard = errors.filter((e) => e.severity !== "warning");
  // A scenario request whose assume step the world refuses (a session
  // duration over the role's maximum): as loaded, it is a refusal, not the
  // decision the policies below would reach; once edited, the page shows
  // what the policies decide and the expectation line says a step is refused.
  const rq0 = findRequest(findScenario(m0.scenario), m0.request);
  const worldRefused = report && rq0 && rq0.refused && !app.edited && rq0.steps && rq0.steps.length;
  if (report && report.refusal) {
    // AWS refuses the request whatever the policies say: not a policy decision.
    banner.classList.add("refused");
    $("decision").textContent = "Refused by AWS";
    $("reason").textContent = report.reason;
  } else if (worldRefused) {
    banner.classList.add("refused");
    $("decision").textContent = "Refused by AWS";
    $("reason").textContent = rq0.steps[rq0.steps.length - 1];
  } else if (report) {
    banner.classList.add(report.decision);
    $("decision").textContent = DECISION_TEXT[report.decision] || report.decision;
    $("reason").textContent = report.reason;
  } else if (hard.length) {
    banner.classList.add("invalid");
    $("decision").textContent = "No decision";
    const first = hard[0];
    const where = first.policy ? `${first.policy}${first.span ? ` line ${first.span.start.line}` : ""}: ` : first.field ? `request ${first.field}: ` : "";
    $("reason").textContent = `Fix ${hard.length === 1 ? "this problem" : `these ${hard.length} problems`} to evaluate — ${where}${first.message}`;
  }
  const ex = $("expect");
  clear(ex);
  const m = app.model;
  const rq = findRequest(findScenario(m.scenario), m.request);
  if (m.expect && DECISION_TEXT[m.expect]) {
    ex.append(`Scenario expects: ${DECISION_TEXT[m.expect]} `);
    if (rq && rq.refused) {
      ex.append(h("span", { className: "no" }, "AWS refuses a step first"));
    } else if (rq && rq.notSent) {
      ex.append(h("span", { className: "no" }, "never sent: no credentials"));
    } else if (report) {
      const same = report.decision === m.expect;
      ex.append(h("span", { className: same ? "ok" : "no" }, same ? "✓ same" : "✗ differs"));
    }
  }
}

// With a decision, the problems list (warnings) is drawn once typing
// pauses (150 ms, and at least once a second) and the page is idle: while
// typing it usually changes only in a count (the policy's size), and the
// trace comes first. Problems that stop the evaluation are drawn at once
// (renderProblems), as are their diagnostics.
let problemsWaiting = null;
const problemsSettled = whenSettled(() => {
  const errs = problemsWaiting;
  problemsWaiting = null;
  if (errs !== null) renderProblems(errs);
});

function renderProblemsSoon(errors) {
  problemsWaiting = errors;
  problemsSettled();
}

function renderProblems(errors) {
  const box = $("problems");
  if (unchanged(box, JSON.stringify(errors))) return;
  clear(box);
  box.hidden = errors.length === 0;
  if (!errors.length) return;
  const hard = errors.filter((e) => e.severity !== "warning").length;
  box.append(h("strong", null, hard ? `${hard} ${hard === 1 ? "problem stops" : "problems stop"} the evaluation` : `${errors.length} ${errors.length === 1 ? "warning" : "warnings"}`));
  const ul = h("ul");
  for (const e of errors.slice(0, 50)) {
    const where = e.policy ? `${e.policy}${e.span ? ` ${e.span.start.line}:${e.span.start.col}` : ""}` : e.field ? `request ${e.field}` : "input";
    const text = `${where} — ${e.severity === "warning" ? "warning: " : ""}${e.message}`;
    const p = app.model.policies.find((x) => x.name === e.policy);
    if (p && e.span) {
      ul.append(h("li", null, h("button", { type: "button", onclick: () => selectSpan(e.policy, e.span) }, text)));
    } else {
      ul.append(h("li", null, text));
    }
  }
  box.append(ul);
}

function renderKeys(keys) {
  const el = $("keys");
  if (unchanged(el, JSON.stringify(keys || null))) return;
  clear(el);
  if (!keys) return;
  const rows = [];
  for (const k of keys.given || []) rows.push(["given", k.key, k.values.join(", "), k.note || ""]);
  for (const k of keys.derived || []) rows.push(["derived", k.key, k.values.join(", "), k.note || ""]);
  for (const k of keys.missing || []) rows.push(["missing", k, "", "a policy refers to it; the request does not have it"]);
  if (!rows.length) {
    el.append(h("p", { className: "muted" }, "No context keys."));
    return;
  }
  el.append(h("table", null, h("tbody", null, rows.map((r) =>
    h("tr", null, h("td", null, r[0]), h("td", { className: "mono" }, r[1]), h("td", { className: "mono" }, r[2]), h("td", { className: "muted" }, r[3]))))));
}

function renderMissing(missing) {
  let box = $("missing-keys");
  if (!box) {
    box = h("div", { id: "missing-keys", className: "missing-keys" });
    $("add-key").before(box);
  }
  const have = new Set(app.model.req.context.map((r) => r.key.toLowerCase()));
  if (unchanged(box, JSON.stringify([missing || [], [...have]]))) return;
  clear(box);
  const list = (missing || []).filter((k) => !have.has(k.toLowerCase()));
  box.hidden = list.length === 0;
  if (!list.length) return;
  box.append("Policies refer to keys this request lacks: ");
  for (const k of list) {
    box.append(h("button", { type: "button", className: "btn small", onclick: () => addContextRow(k) }, `+ ${k}`));
  }
  const dl = $("context-keys");
  for (const k of list) {
    if (![...dl.options].some((o) => o.value === k)) dl.append(h("option", { value: k }));
  }
}

function selectSpan(policyName, span) {
  const p = app.model.policies.find((x) => x.name === policyName);
  const card = p && app.cards.get(p.id);
  if (!card || !span) return;
  card.el.scrollIntoView({ block: "nearest" });
  card.editor.select(span);
}

// ---------------------------------------------------------------- scenario panel

function renderScenario() {
  const m = app.model;
  const sc = findScenario(m.scenario);
  const crumb = $("scenario-crumb");
  const title = $("scenario-title");
  const summary = $("scenario-summary");
  const expl = $("scenario-explanation");
  const list = $("requests");
  clear(expl);
  clear(list);
  $("reset").disabled = !sc;
  if (sc) {
    title.textContent = sc.title;
    summary.textContent = sc.summary;
    crumb.textContent = m.request ? `${sc.title} › ${m.request}` : sc.title;
    expl.append(renderMarkdown(sc.explanation));
    $("scenario-details").hidden = !sc.explanation;
    for (const rq of sc.requests) {
      const cur = rq.name === m.request;
      list.append(h("li", null, h("button", {
        type: "button", "aria-current": cur ? "true" : "false",
        onclick: () => loadRequest(sc.id, rq.name),
      },
      h("span", { className: "rq-name" }, rq.name, " ", rq.expect ? h("span", { className: `pill ${rq.expect}` }, rq.notSent ? "Never sent" : rq.refused ? "Refused by AWS" : DECISION_TEXT[rq.expect] || rq.expect) : null),
      rq.description ? h("span", { className: "rq-desc" }, rq.description) : null)));
    }
  } else {
    title.textContent = m.scenario ? "Unknown scenario" : m.name || "Your own policies";
    summary.textContent = m.scenario
      ? `Scenario “${m.scenario}” is not in this version of the playground; its policies and request are shown as they were shared.`
      : m.description || "Not from a scenario. Pick one from Scenarios, or edit freely.";
    crumb.textContent = m.scenario ? `${m.scenario} (unknown)` : "";
    $("scenario-details").hidden = true;
    list.append(h("li", { className: "muted" }, "No named requests."));
  }
  renderSteps(findRequest(sc, m.request));
  // Principals seen in this scenario's requests, to pick from.
  const dl = $("principals");
  clear(dl);
  const seen = new Set();
  for (const rq of sc ? sc.requests : []) {
    try {
      const p = requestInput(rq).request.principal;
      if (typeof p === "string" && !seen.has(p)) {
        seen.add(p);
        dl.append(h("option", { value: p }));
      }
    } catch { /* a request without a principal */ }
  }
}

// renderSteps shows how the scenario's request came about: sign-in and
// assume-role steps, and whether AWS refuses one before policies decide.
function renderSteps(rq) {
  const box = $("request-steps");
  clear(box);
  const steps = (rq && rq.steps) || [];
  box.hidden = steps.length === 0 && !(rq && (rq.refused || rq.notSent));
  if (box.hidden) return;
  box.append(h("h3", null, "How the request is made"));
  if (steps.length) box.append(h("ol", null, steps.map((st) => h("li", null, st))));
  if (rq.refused) {
    box.append(h("p", { className: "refused" },
      `AWS refuses a step before any policy is evaluated, so the scenario expects ${DECISION_TEXT[rq.expect] || rq.expect} although the policies below allow the request.`));
  }
  if (rq.notSent) {
    box.append(h("p", { className: "refused" },
      "This request is never sent: the SDK finds no credentials and fails on the instance (\"Unable to locate credentials\"), so AWS evaluates no policy. Below is only the call that was meant, by a caller with no credentials."));
  }
}

function openScenarios() {
  const dlg = $("scenario-dialog");
  renderScenarioList("");
  $("scenario-search").value = "";
  dlg.showModal();
  $("scenario-search").focus();
}

function renderScenarioList(q) {
  const box = $("scenario-list");
  clear(box);
  const query = q.trim().toLowerCase();
  const match = (sc) => !query || [sc.id, sc.title, sc.summary, ...(sc.tags || [])].some((t) => String(t).toLowerCase().includes(query));
  const groups = new Map();
  for (const sc of app.catalog) {
    if (!match(sc)) continue;
    const tag = (sc.tags && sc.tags[0]) || "other";
    if (!groups.has(tag)) groups.set(tag, []);
    groups.get(tag).push(sc);
  }
  if (!groups.size) {
    box.append(h("p", { className: "muted" }, app.catalog.length ? "No scenario matches." : "No scenarios are available."));
    return;
  }
  for (const [tag, list] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    box.append(h("h3", null, tag), h("ul", null, list.map((sc) => h("li", null, h("button", {
      type: "button", "data-scenario": sc.id,
      onclick: () => { $("scenario-dialog").close(); loadRequest(sc.id, sc.requests[0] && sc.requests[0].name); },
    }, h("span", { className: "sc-title" }, sc.title),
    h("span", { className: "sc-summary" }, sc.summary, (sc.tags || []).slice(1).map((t) => h("span", { className: "tag" }, t))))))));
  }
}

// ---------------------------------------------------------------- policies

const POLICY_TEMPLATE = (action) => `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ${JSON.stringify(action || "s3:GetObject")},
      "Resource": "*"
    }
  ]
}`;

function attachOptions(select, current) {
  clear(select);
  const m = app.model;
  const assume = isAssumeRole(m);
  const opts = ["identity", "resource", "permissionsBoundary", "session"];
  for (const kind of ["scp", "rcp"]) {
    const n = levelsOf(m, kind);
    for (let i = 1; i <= Math.min(n + 1, MAX_LEVELS); i++) opts.push(`${kind}:${i}`);
  }
  if (!opts.includes(current)) opts.push(current);
  for (const a of opts) select.append(h("option", { value: a, selected: a === current }, attachLabel(a, assume)));
  select.value = current;
}

function renderPolicies() {
  for (const card of app.cards.values()) card.editor.destroy();
  app.cards.clear();
  const list = $("policy-list");
  clear(list);
  for (const p of app.model.policies) list.append(policyCard(p));
  $("no-policies").hidden = app.model.policies.length > 0;
}

function policyCard(p) {
  const el = h("article", { className: "panel policy-card", tabIndex: -1, "data-policy": p.name });
  const nameInput = h("input", { className: "pname", value: p.name, title: p.name, "aria-label": "Policy name", spellcheck: false });
  const attach = h("select", { "aria-label": "Attached as" });
  const remove = h("button", { type: "button", className: "btn small danger", "aria-label": `Remove policy ${p.name}` }, "Remove");
  const note = h("div", { className: "policy-note" });
  note.hidden = true;
  const nameErr = h("p", { className: "field-error", role: "alert" });
  nameErr.hidden = true;
  const host = h("div", { className: "policy-editor" });
  const status = h("div", { className: "policy-status", "aria-live": "polite" });
  el.append(h("div", { className: "policy-head" }, nameInput, attach, remove), nameErr, note, host, status);
  attachOptions(attach, p.attach);
  const editor = new PolicyEditor(host, p.text, {
    label: `Policy ${p.name} (JSON)`,
    onChange: (text) => { perf.changed = performance.now(); p.text = text; changed(); },
    onEscape: () => el.focus(),
  });
  const card = { el, editor, nameInput, attach, note, status, policy: p, diagSig: "[]" };
  app.cards.set(p.id, card);

  nameInput.addEventListener("input", () => {
    const v = nameInput.value.trim();
    let msg = "";
    if (!v) msg = "A policy needs a name.";
    else if (app.model.policies.some((x) => x !== p && x.name === v)) msg = `Another policy is already called “${v}”.`;
    nameErr.hidden = !msg;
    nameErr.textContent = msg;
    if (msg) {
      nameInput.setAttribute("aria-invalid", "true");
      return;
    }
    nameInput.removeAttribute("aria-invalid");
    p.name = v;
    nameInput.title = v;
    el.dataset.policy = v;
    editor.setLabel(`Policy ${v} (JSON)`);
    remove.setAttribute("aria-label", `Remove policy ${v}`);
    changed();
  });
  nameInput.addEventListener("blur", () => {
    if (nameInput.getAttribute("aria-invalid") === "true") {
      nameInput.value = p.name;
      nameInput.removeAttribute("aria-invalid");
      nameErr.hidden = true;
    }
  });
  attach.addEventListener("change", () => {
    p.attach = attach.value;
    for (const c of app.cards.values()) attachOptions(c.attach, c.policy.attach);
    changed();
  });
  remove.addEventListener("click", () => removePolicy(p));
  return el;
}

function addPolicy() {
  const m = app.model;
  let n = m.policies.length + 1;
  let name = `NewPolicy${n}`;
  while (m.policies.some((p) => p.name === name)) name = `NewPolicy${++n}`;
  const p = newPolicy(name, "identity", POLICY_TEMPLATE(m.req.action));
  m.policies.push(p);
  const card = policyCard(p);
  $("policy-list").append(card);
  $("no-policies").hidden = true;
  changed();
  const c = app.cards.get(p.id);
  card.scrollIntoView({ block: "nearest" });
  c.nameInput.focus();
  c.nameInput.select();
}

function removePolicy(p) {
  const m = app.model;
  const idx = m.policies.indexOf(p);
  if (idx < 0) return;
  m.policies.splice(idx, 1);
  const card = app.cards.get(p.id);
  if (card) {
    card.editor.destroy();
    card.el.remove();
    app.cards.delete(p.id);
  }
  $("no-policies").hidden = m.policies.length > 0;
  for (const c of app.cards.values()) attachOptions(c.attach, c.policy.attach);
  changed();
  notify(`Removed policy “${p.name}”.`, {
    id: "removed", timeout: 10000,
    action: {
      label: "Undo",
      run: () => {
        m.policies.splice(Math.min(idx, m.policies.length), 0, p);
        renderPolicies();
        changed();
      },
    },
  });
}

// ---------------------------------------------------------------- request form

function renderRequest() {
  const f = $("request-form");
  for (const name of ["principal", "action", "resource", "resourceOwner"]) f.elements[name].value = app.model.req[name];
  renderContext();
}

function renderContext() {
  const box = $("context-rows");
  clear(box);
  app.model.req.context.forEach((row) => box.append(contextRowEl(row)));
  const dl = $("context-keys");
  if (!dl.options.length) for (const k of COMMON_KEYS) dl.append(h("option", { value: k }));
}

function contextRowEl(row) {
  const key = h("input", { className: "ctx-key mono", value: row.key, list: "context-keys", "aria-label": "Context key", spellcheck: false, placeholder: "aws:SourceIp" });
  const type = h("select", { "aria-label": "Value type" },
    [["string", "string"], ["list", "list"], ["bool", "bool"], ["number", "number"]].map(([v, l]) => h("option", { value: v, selected: v === row.type }, l)));
  const remove = h("button", { type: "button", className: "btn small danger", "aria-label": "Remove this key" }, "✕");
  const line = h("div", { className: "ctx-line" }, type);
  const hint = h("span", { className: "ctx-hint" });
  const el = h("div", { className: "ctx-row" }, key, remove, line, hint);
  let value;
  const drawValue = () => {
    if (value) value.remove();
    if (row.type === "bool") {
      if (row.value !== "true" && row.value !== "false") row.value = /^(true|1|yes)$/i.test(row.value.trim()) ? "true" : "false";
      value = h("select", { className: "ctx-value", "aria-label": "Value" }, ["true", "false"].map((v) => h("option", { value: v, selected: v === row.value }, v)));
      value.addEventListener("change", () => { row.value = value.value; changed(); });
    } else {
      value = h("input", { className: "ctx-value mono", value: row.value, "aria-label": "Value", spellcheck: false });
      value.addEventListener("input", () => { row.value = value.value; checkValue(); changed(); });
    }
    line.append(value);
    checkValue();
  };
  const checkValue = () => {
    let msg = "";
    if (row.type === "list") msg = "values separated by commas";
    if (row.type === "number" && (row.value.trim() === "" || !Number.isFinite(Number(row.value.trim())))) msg = "not a number: this key is left out until it is one";
    hint.textContent = msg;
    hint.hidden = !msg;
    if (value && value.tagName === "INPUT") {
      if (row.type === "number" && msg) value.setAttribute("aria-invalid", "true");
      else value.removeAttribute("aria-invalid");
    }
  };
  key.addEventListener("input", () => { row.key = key.value.trim(); changed(); });
  type.addEventListener("change", () => { row.type = type.value; drawValue(); changed(); });
  remove.addEventListener("click", () => {
    const list = app.model.req.context;
    const i = list.indexOf(row);
    if (i >= 0) list.splice(i, 1);
    el.remove();
    changed();
  });
  drawValue();
  return el;
}

function addContextRow(keyName = "") {
  const row = { key: keyName, type: "string", value: "" };
  if (/MultiFactorAuthPresent|SecureTransport|ViaAWSService|PrincipalIsAWSService/i.test(keyName)) {
    row.type = "bool";
    row.value = "true";
  } else if (/Age$|EpochTime$/i.test(keyName)) {
    row.type = "number";
    row.value = "0";
  } else if (/TagKeys|CalledVia/i.test(keyName)) {
    row.type = "list";
  }
  app.model.req.context.push(row);
  const el = contextRowEl(row);
  $("context-rows").append(el);
  changed();
  (keyName ? el.querySelector(".ctx-value") : el.querySelector(".ctx-key")).focus();
}

// ---------------------------------------------------------------- share

async function share() {
  const payload = { engine: app.version, scenario: app.model.scenario, request: app.model.request, input: toInput(app.model).input };
  // During an exercise the link carries its goal, so whoever opens it gets
  // the same exercise with the policies as they are now.
  if (exercise.goal) payload.goal = exercise.goal;
  let url;
  try {
    url = location.origin + location.pathname + location.search + (await encodeShare(payload));
  } catch (e) {
    notify(`Cannot make a share link in this browser: ${e.message}`, { kind: "error" });
    return;
  }
  const box = $("share-box");
  const input = $("share-link");
  input.value = url;
  box.hidden = false;
  input.focus();
  input.select();
  try {
    await navigator.clipboard.writeText(url);
    notify(`Link copied to the clipboard (${url.length} characters).`, { id: "share", timeout: 6000 });
  } catch {
    notify("Copy the link from the box (the clipboard is not available here).", { id: "share", timeout: 8000 });
  }
}

/** openShared loads the state in a #v1. fragment; bad links leave the
 * state alone. On a page load, saved is the work saved before (kept in
 * History and offered back). */
async function openShared(fragment, userAction, saved = null) {
  let st;
  try {
    st = await decodeShare(fragment);
  } catch (e) {
    const why = e instanceof ShareError ? e.message : "it could not be read";
    notify(`This share link cannot be opened: ${why}. Nothing was changed; your previous work is still here.`, { kind: "error", id: "share-error" });
    return false;
  }
  const m = fromInput(st.input, st.scenario, st.request);
  if (userAction) loadWithUndo(m, "Opened a shared link.");
  else {
    setModel(m);
    work.offerRestore(saved, m, "Opened a shared link.");
  }
  exercise.start(st.goal);
  if (st.engine && app.version && st.engine !== app.version) {
    notify(`This link was made with engine ${st.engine}; this is engine ${app.version}. Decisions may differ.`, { kind: "warn", id: "version" });
  }
  // Drop the fragment, so that a reload shows the (autosaved) edits made
  // from here on rather than the link again.
  history.replaceState(null, "", location.pathname + location.search);
  return true;
}

// ---------------------------------------------------------------- theme

function setupTheme() {
  const btn = $("theme");
  const root = document.documentElement;
  const label = () => {
    const dark = root.dataset.theme === "dark";
    btn.setAttribute("aria-label", dark ? "Switch to light theme" : "Switch to dark theme");
    btn.title = btn.getAttribute("aria-label");
  };
  btn.addEventListener("click", () => {
    const next = root.dataset.theme === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    try { localStorage.setItem(THEME_KEY, next); } catch { /* not kept */ }
    label();
  });
  const mq = window.matchMedia("(prefers-color-scheme: dark)");
  mq.addEventListener("change", () => {
    let chosen = null;
    try { chosen = localStorage.getItem(THEME_KEY); } catch { /* none */ }
    if (!chosen) {
      root.dataset.theme = mq.matches ? "dark" : "light";
      label();
    }
  });
  label();
}

// ---------------------------------------------------------------- boot

function wire() {
  app.trace = new TraceView($("trace"), (n) => selectSpan(n.policy, n.span), engineChildren);
  $("open-scenarios").addEventListener("click", openScenarios);
  $("close-scenarios").addEventListener("click", () => $("scenario-dialog").close());
  $("scenario-search").addEventListener("input", (e) => renderScenarioList(e.target.value));
  // Enter opens the first match when the key comes up: acting on keydown
  // closed the dialog, gave the focus back to the Scenarios button, and
  // the same key press then activated it and opened the dialog again. Only
  // an Enter that went down here counts (not the one that opened the
  // dialog from the Scenarios button).
  let enterDown = false;
  $("scenario-search").addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      enterDown = true;
    }
  });
  $("scenario-search").addEventListener("keyup", (e) => {
    if (e.key !== "Enter" || !enterDown) return;
    enterDown = false;
    const first = $("scenario-list").querySelector("button");
    if (first) first.click();
  });
  $("reset").addEventListener("click", () => {
    const m = app.model;
    if (findScenario(m.scenario)) loadRequest(m.scenario, m.request);
  });
  $("share").addEventListener("click", share);
  $("share-close").addEventListener("click", () => { $("share-box").hidden = true; });
  $("share-box").addEventListener("keydown", (e) => { if (e.key === "Escape") { $("share-box").hidden = true; $("share").focus(); } });
  $("add-policy").addEventListener("click", addPolicy);
  $("add-key").addEventListener("click", () => addContextRow());
  $("expand-all").addEventListener("click", () => app.trace.setAll(true));
  $("collapse-all").addEventListener("click", () => app.trace.setAll(false));
  const f = $("request-form");
  f.addEventListener("submit", (e) => e.preventDefault());
  for (const name of ["principal", "action", "resource", "resourceOwner"]) {
    f.elements[name].addEventListener("input", (e) => {
      app.model.req[name] = e.target.value.trim();
      if (name === "action" || name === "resource") {
        for (const c of app.cards.values()) attachOptions(c.attach, c.policy.attach);
      }
      changed();
    });
  }
  // Keystroke timing for the benchmark: the time stamp of the input event
  // a key caused, closed when the trace for that edit has been drawn.
  // The keydown's time stamp is when the key was pressed (the input event's
  // is when the browser got to it): the bench reports the wait between.
  document.addEventListener("keydown", (e) => { perf.keydown = e.timeStamp; }, true);
  document.addEventListener("beforeinput", (e) => {
    if (app.pendingKey === null) {
      app.pendingKey = e.timeStamp;
      perf.beforeinput = performance.now();
      perf.input = 0;
    }
  }, true);
  document.addEventListener("input", () => { perf.input = performance.now(); }, true);
  window.addEventListener("hashchange", () => {
    if (location.hash.startsWith(PREFIX)) openShared(location.hash, true);
  });
  window.addEventListener("pagehide", () => work.saveNow());
  window.addEventListener("storage", (e) => work.onStorage(e));
  $("history").addEventListener("click", () => work.openHistory());
  $("open-interop").addEventListener("click", () => interop.open());
  $("close-history").addEventListener("click", () => $("history-dialog").close());
  $("export").addEventListener("click", () => work.exportState());
  $("import").addEventListener("click", () => $("import-file").click());
  $("import-file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    work.importFile(file);
  });
  setupTheme();
}

/** shortLinks asks the server whether it keeps short links (the Short
 * link button), once the first decision is on screen: a request the page
 * needs no answer to before that. */
let shortLinksAsked = false;
function shortLinks() {
  if (shortLinksAsked) return;
  shortLinksAsked = true;
  setupShortLink(() => ({ engine: app.version, scenario: app.model.scenario, request: app.model.request, input: toInput(app.model).input }));
}

/** editorsLoaded loads the editors' code, telling the reader if it cannot. */
function editorsLoaded() {
  return loadEditors().catch((e) => {
    notify(`The policy editors could not be loaded (${e.message}); the policies are shown as plain text. Reload to try again.`, { kind: "error", id: "editors" });
  });
}

async function boot() {
  wire();
  let engineRunning = false;
  const engine = loadEngine().then(() => {
    engineRunning = true;
    performance.mark("iamplay:engine-ready");
    app.version = window.iamplay.version();
  });
  let catalogError = null;
  try {
    app.catalog = await loadCatalog();
    performance.mark("iamplay:catalog");
  } catch (e) {
    catalogError = e;
    notify(`The scenario list could not be loaded (${e.message}). You can still edit and evaluate policies.`, { kind: "warn" });
  }
  // Initial state: a share link, else the autosave, else the first scenario.
  let loaded = false;
  const saved = work.start();
  const hash = location.hash;
  if (hash.startsWith(PREFIX)) {
    try { await engine; } catch { /* reported below */ }
    loaded = await openShared(hash, false, saved);
  } else if (hash.length > 1) {
    notify("The address ends in a fragment that is not a playground link (it should start with #v1.). It was ignored.", { kind: "warn" });
  }
  if (!loaded) exercise.restore();
  if (!loaded && saved) {
    setModel(saved.model, saved.edited);
    loaded = true;
  }
  if (!loaded && app.catalog.length && app.catalog[0].requests.length) {
    loadRequest(app.catalog[0].id, app.catalog[0].requests[0].name, false);
    loaded = true;
  }
  if (!loaded) {
    const m = emptyModel();
    m.policies.push(newPolicy("MyPolicy", "identity", POLICY_TEMPLATE("s3:GetObject")));
    m.req.principal = "arn:aws:iam::111111111111:user/alice";
    m.req.action = "s3:GetObject";
    m.req.resource = "arn:aws:s3:::example-bucket/report.csv";
    setModel(m);
  }
  // painted marks when the first decision drawn reached the screen.
  const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))
    .then(() => performance.mark("iamplay:first-decision-painted"));
  const firstPaint = !engineRunning && showFirstAnswer() ? painted() : null;
  try {
    // The build's answer reaches the screen before the engine's first call
    // takes the page's thread for 100 ms or so.
    if (firstPaint) await firstPaint;
    await engine;
    app.ready = true;
    evaluateNow();
    // The editors' code comes after the first decision is painted; the
    // page is ready for typing once it has.
    await (firstPaint || painted());
    shortLinks();
    await editorsLoaded();
    document.body.dataset.ready = "true";
    warmEditors().then((typed) => performance.mark("iamplay:editors-warm", { detail: typed }));
    warmUp();
  } catch (e) {
    shortLinks();
    editorsLoaded();
    const banner = $("banner");
    banner.className = "banner invalid";
    $("decision").textContent = "Engine unavailable";
    $("reason").textContent = `The WebAssembly engine could not start (${e.message}). Your policies are still here and saved; reload to try again.`;
  }
  if (catalogError) document.body.dataset.catalog = "failed";
}

// A small handle for tests and the benchmark: read-only views of the state.
window.iamplayPlay = {
  perf,
  model: () => JSON.parse(JSON.stringify(app.model)),
  report: () => app.lastReport,
  /** focusPolicy selects from anchor to head (offsets in the text) in the
   * named policy's editor and focuses it. */
  focusPolicy(name, anchor, head = anchor) {
    const p = app.model.policies.find((x) => x.name === name);
    const card = p && app.cards.get(p.id);
    if (!card) return false;
    return card.editor.selectRange(anchor, head);
  },
};

boot().catch((e) => {
  notify(`The playground failed to start: ${e.message}`, { kind: "error" });
});

