// Before/after and the smallest fix, drawn from internal/interop's answers:
// changed decisions with both traces side by side, and checked fixes as
// diffs that Apply loads into the page.
import { h, clear } from "./dom.js";

const WORDS = { allowed: "Allowed", explicitDeny: "Explicit deny", implicitDeny: "Implicit deny", absent: "absent" };

/** traceTree draws an engine trace node as nested lists, text only. */
function traceTree(node) {
  if (!node) return h("p", { className: "warn" }, "no trace");
  const item = (n) => h("li", {},
    h("span", { className: n.result || "" }, `${n.label}${n.result ? ` — ${n.result}` : ""}`),
    n.note ? h("span", { className: "warn" }, ` (${n.note})`) : "",
    n.children && n.children.length ? h("ul", {}, n.children.map(item)) : "");
  return h("ul", { className: "trace-lite" }, item(node));
}

/** side draws one evaluation: a scenario request's steps or an input's report. */
function side(title, scenarioReport, report) {
  const box = h("div", {}, h("h4", {}, title));
  if (scenarioReport) {
    for (const st of scenarioReport.steps) {
      box.append(h("p", {}, `${st.label}: `, h("strong", { className: st.decision }, WORDS[st.decision] || st.decision)),
        st.note ? h("p", { className: "warn" }, st.note) : "",
        st.result ? traceTree(st.result.trace) : "");
    }
  } else if (report) {
    box.append(h("p", {}, h("strong", { className: report.decision }, WORDS[report.decision]), ` — ${report.reason}`), traceTree(report.trace));
  }
  return box;
}

/** renderDiff shows a diff.Result. */
export function renderDiff(r) {
  const out = h("div", {});
  out.append(h("p", { id: "interop-diff-summary" }, `Compared ${r.compared} requests: ${r.changes.length} changed.`));
  for (const c of r.changes) {
    const both = h("div", { className: "side", hidden: true });
    const row = h("div", { className: "diff-change" },
      h("div", { className: "row" },
        h("span", {}, c.request || "the request"), " ",
        h("span", { className: c.old }, WORDS[c.old] || c.old), " → ", h("span", { className: c.new }, WORDS[c.new] || c.new),
        h("button", { type: "button", className: "btn small", onclick: () => {
          if (!both.firstChild) both.append(side("Before", c.oldReport, c.oldResult), side("After", c.newReport, c.newResult));
          both.hidden = !both.hidden;
        } }, "Both traces")),
      both);
    out.append(row);
  }
  if (r.everyone && r.everyone.length) {
    out.append(h("h4", {}, `Everyone: ${r.everyone.length} changes of access`),
      h("table", { id: "interop-everyone" }, h("tr", {}, h("th", {}, "principal"), h("th", {}, "action on resource"), h("th", {}, "before"), h("th", {}, "after")),
        r.everyone.map((e) => h("tr", {}, h("td", {}, e.principal), h("td", {}, `${e.action} on ${e.resource}`),
          h("td", { className: e.old }, WORDS[e.old] || e.old), h("td", { className: e.new }, WORDS[e.new] || e.new)))));
  }
  for (const [label, list] of [["Only before", r.onlyOld], ["Only after", r.onlyNew]]) {
    if (list && list.length) out.append(h("p", { className: "warn" }, `${label}: ${list.join(", ")}`));
  }
  return out;
}

/** renderFix shows why not and the fixes; apply(nextInput, summary) loads one. */
export function renderFix(r, input, apply) {
  const out = h("div", {});
  const sg = r.suggestions;
  out.append(h("p", {}, "Decision: ", h("strong", { className: sg.decision }, WORDS[sg.decision] || sg.decision)));
  if (r.whyNot.length) {
    out.append(h("h4", {}, "Why not? An allow would have to come from:"),
      h("ol", { id: "interop-whynot" }, r.whyNot.map((p) => h("li", {}, p.text))));
  }
  if (!sg.fixes.length) out.append(h("p", {}, `No checked edit makes it ${sg.want}.`));
  const list = h("ol", { id: "interop-fixes" });
  for (const f of sg.fixes) {
    list.append(h("li", {},
      h("p", {}, f.summary, h("span", { className: "warn" }, ` (grants ${f.grants}; ${WORDS[f.from]} → ${WORDS[f.to]})`)),
      f.edits.filter((e) => e.kind === "addContext").map((e) => h("p", {}, `Request context: ${e.key} = ${e.values.join(", ")}`)),
      f.diffs.map((d) => h("pre", { className: "fix-diff" }, d)),
      h("button", { type: "button", className: "btn small primary", onclick: () => apply(applyFix(input, f), f.summary) }, "Apply")));
  }
  out.append(list);
  if (sg.rejected && sg.rejected.length) {
    out.append(h("details", {}, h("summary", {}, `${sg.rejected.length} rejected`),
      h("ul", {}, sg.rejected.map((x) => h("li", {}, `${x.summary}: ${x.reason}`)))));
  }
  return out;
}

/** applyFix returns the flat input with the fix's edits made. */
export function applyFix(input, f) {
  const next = JSON.parse(JSON.stringify(input));
  const pols = (next.policies ||= {});
  for (const e of f.edits) {
    if (e.kind === "addContext") {
      const ctx = (next.request.context ||= {});
      ctx[e.key] = e.values.length === 1 ? e.values[0] : e.values;
      continue;
    }
    if (!replaceNamed(pols, e)) addNew(pols, e);
  }
  return next;
}

const SINGLES = ["resource", "permissionsBoundary", "session", "vpcEndpoint"];

function replaceNamed(pols, e) {
  const set = (holder, key) => {
    if (e.after) holder[key] = { ...holder[key], document: e.after };
    else if (Array.isArray(holder)) holder.splice(key, 1);
    else delete holder[key];
    return true;
  };
  for (const key of SINGLES) {
    if (pols[key] && pols[key].name === e.policy) return set(pols, key);
  }
  const inList = (list) => {
    const i = (list || []).findIndex((p) => p && p.name === e.policy);
    return i >= 0 ? set(list, i) : false;
  };
  if (inList(pols.identity)) return true;
  for (const kind of ["scp", "rcp"]) {
    for (const level of pols[kind] || []) if (inList(level)) return true;
  }
  return false;
}

function addNew(pols, e) {
  if (!e.after) return;
  const p = { name: e.policy, document: e.after };
  if (e.stage === "identity") (pols.identity ||= []).push(p);
  else if (e.stage === "resource") pols.resource = p;
  else if (e.stage === "scp" && e.level) {
    pols.scp ||= [];
    while (pols.scp.length < e.level) pols.scp.push([]);
    pols.scp[e.level - 1].push(p);
  }
}
