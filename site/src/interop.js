// AWS interop: the AWS policy simulator's requests and answers, the
// playground's state as the aws CLI command that asks a real account, an
// account imported from AWS's own outputs (in this browser: nothing is
// uploaded), redaction before sharing, who can, before/after diffs and the
// smallest fix. The Go side (internal/interop) is a WebAssembly module of
// its own, interop.wasm, loaded the first time the dialog opens.
import { h, clear } from "./dom.js";
import { renderDiff, renderFix } from "./diff.js";

const STYLE = `
#interop-dialog { width: min(64rem, 96vw); }
#interop-dialog .tabs { display: flex; gap: 0.3rem; flex-wrap: wrap; margin: 0.4rem 0; }
#interop-dialog .tabs [aria-selected="true"] { border-color: var(--accent); font-weight: 600; }
#interop-dialog textarea { width: 100%; min-height: 8rem; font-family: var(--mono, monospace); font-size: 0.8rem; box-sizing: border-box; }
#interop-dialog pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.78rem; background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: 0.4rem; max-height: 22rem; overflow: auto; }
#interop-dialog table { border-collapse: collapse; width: 100%; font-size: 0.8rem; }
#interop-dialog td, #interop-dialog th { border-top: 1px solid var(--border); padding: 0.2rem 0.3rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
#interop-dialog .row { display: flex; gap: 0.4rem; flex-wrap: wrap; align-items: center; margin: 0.3rem 0; }
#interop-dialog .row input[type=text] { flex: 1 1 12rem; min-width: 0; }
#interop-dialog .side { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem; }
#interop-dialog .allowed { color: var(--ok, #1a7f37); } #interop-dialog .explicitDeny, #interop-dialog .implicitDeny { color: var(--bad, #c62828); }
#interop-dialog .warn { color: var(--muted); font-size: 0.8rem; }
#interop-dialog .panel { overflow-y: auto; max-height: 68vh; }
@media (max-width: 700px) { #interop-dialog .side { grid-template-columns: 1fr; } }
`;

/** The Go module, loaded once. */
let module = null;

function loadModule() {
  if (module) return module;
  module = (async () => {
    if (typeof Go !== "function") throw new Error("wasm_exec.js did not run (boot.js defines Go)");
    const go = new Go();
    const ready = new Promise((resolve) => { window.iamplayInteropReady = resolve; });
    const { instance } = await WebAssembly.instantiateStreaming(fetch("interop.wasm"), go.importObject);
    const stopped = go.run(instance).then(() => { throw new Error("the interop module stopped"); });
    await Promise.race([ready, stopped]);
    return window.iamplayInterop;
  })();
  module.catch(() => { module = null; }); // try again next time
  return module;
}

/** call runs an operation of internal/interop: the result, or throws its error. */
export async function call(op, arg) {
  const m = await loadModule();
  const a = JSON.parse(m.call(op, JSON.stringify(arg)));
  if (a.error) throw new Error(a.error);
  return a.result;
}

const TABS = [
  ["simulator", "AWS simulator"],
  ["account", "Import an account"],
  ["diff", "Before / after"],
  ["fix", "Fix it"],
  ["checks", "All checks"],
];

/**
 * Interop is the dialog. hooks: input() → the page's flat input;
 * load(input, message) replaces the page's state (with undo).
 */
export class Interop {
  constructor(hooks) {
    this.hooks = hooks;
    this.world = ""; // the imported world (scenario JSON), kept in memory only
    this.dialog = null;
  }

  open(tab = "simulator") {
    if (!this.dialog) this.build();
    this.show(tab);
    if (!this.dialog.open) this.dialog.showModal();
    loadModule().catch((e) => this.status(`The interop module could not be loaded (${e.message}).`));
  }

  build() {
    document.head.append(h("style", {}, STYLE));
    this.statusEl = h("p", { className: "warn", role: "status", "aria-live": "polite" });
    this.tabs = h("div", { className: "tabs", role: "tablist" });
    this.panels = {};
    for (const [id, label] of TABS) {
      this.tabs.append(h("button", { type: "button", className: "btn small", role: "tab", id: `interop-tab-${id}`, "aria-selected": "false", onclick: () => this.show(id) }, label));
      this.panels[id] = h("div", { className: "panel", role: "tabpanel", id: `interop-${id}`, hidden: true });
    }
    this.dialog = h("dialog", { id: "interop-dialog", "aria-labelledby": "interop-title" },
      h("div", { className: "dialog-head" },
        h("h2", { id: "interop-title" }, "AWS interop"),
        h("button", { type: "button", className: "btn icon", "aria-label": "Close", onclick: () => this.dialog.close() }, "✕")),
      this.tabs, this.statusEl, ...Object.values(this.panels));
    document.body.append(this.dialog);
    this.buildSimulator(this.panels.simulator);
    this.buildAccount(this.panels.account);
    this.buildDiff(this.panels.diff);
    this.buildFix(this.panels.fix);
    this.buildChecks(this.panels.checks);
  }

  show(id) {
    for (const [tid] of TABS) {
      this.panels[tid].hidden = tid !== id;
      this.tabs.querySelector(`#interop-tab-${tid}`).setAttribute("aria-selected", String(tid === id));
    }
    if (id === "diff" && !this.diffOld.value) this.diffOld.value = JSON.stringify(this.hooks.input(), null, 2);
  }

  status(text) { this.statusEl.textContent = text; }

  /** run calls op, showing progress and errors in the status line. */
  async run(op, arg, what) {
    this.status(`${what}…`);
    try {
      const r = await call(op, arg);
      this.status("");
      return r;
    } catch (e) {
      this.status(`${what}: ${e.message}`);
      return null;
    }
  }

  // ------------------------------------------------------------ simulator

  buildSimulator(p) {
    const req = h("textarea", { id: "interop-sim-request", "aria-label": "AWS simulator request", spellcheck: false,
      placeholder: '{"PolicyInputList": ["{…}"], "ActionNames": ["s3:GetObject"], "ResourceArns": ["arn:aws:s3:::bucket/key"]}' });
    const out = h("div", { id: "interop-sim-results" });
    const cmd = h("div", { id: "interop-export" });
    p.append(
      h("h3", {}, "Paste an AWS simulator request"),
      h("p", { className: "warn" }, "The --cli-input-json of aws iam simulate-custom-policy, or of simulate-principal-policy once an account is imported. Answered here, in AWS's EvaluationResults shape."),
      req,
      h("div", { className: "row" },
        h("button", { type: "button", className: "btn", id: "interop-simulate", onclick: async () => {
          const r = await this.run("simulate", { request: req.value, world: this.world }, "Simulating");
          clear(out);
          if (r) out.append(simulatorTable(r), h("details", {}, h("summary", {}, "EvaluationResults as JSON"), h("pre", {}, JSON.stringify(r, null, 2))));
        } }, "Simulate")),
      out,
      h("h3", {}, "Confirm in a real account"),
      h("p", { className: "warn" }, "The playground's current state as the aws CLI command that asks AWS the same question."),
      h("button", { type: "button", className: "btn", id: "interop-export-run", onclick: async () => {
        const r = await this.run("export", { input: JSON.stringify(this.hooks.input()) }, "Writing the command");
        clear(cmd);
        if (!r) return;
        cmd.append(h("pre", { id: "interop-command" }, r.command),
          h("button", { type: "button", className: "btn small", onclick: () => navigator.clipboard?.writeText(r.command) }, "Copy"));
        if (r.cannot.length) {
          cmd.append(h("p", {}, "What this command cannot express:"), h("ul", { id: "interop-cannot" }, r.cannot.map((c) => h("li", {}, c))));
        }
      } }, "Write the aws CLI command"),
      cmd);
  }

  // ------------------------------------------------------------ account

  buildAccount(p) {
    const files = h("input", { type: "file", id: "interop-files", multiple: true, accept: ".json,.csv,application/json,text/csv" });
    const summary = h("div", { id: "interop-import-summary" });
    const redactBox = h("div", { id: "interop-redact" });
    const who = h("div", { id: "interop-whocan" });
    const action = h("input", { type: "text", id: "interop-who-action", placeholder: "s3:GetObject", "aria-label": "Action" });
    const resource = h("input", { type: "text", id: "interop-who-resource", placeholder: "arn:aws:s3:::bucket/key", "aria-label": "Resource" });
    p.append(
      h("h3", {}, "Bring your own account"),
      h("p", { className: "warn" }, "aws iam get-account-authorization-details > auth.json (one per account), optionally an Organizations dump, {\"ResourcePolicies\": […]} and the credential report. The files are read in this browser; nothing is uploaded."),
      files,
      h("div", { className: "row" }, h("button", { type: "button", className: "btn", id: "interop-import-run", onclick: async () => {
        const list = await Promise.all([...files.files].map(async (f) => ({ name: f.name, text: await f.text() })));
        if (!list.length) { this.status("Choose the files first."); return; }
        const r = await this.run("import", { files: list }, "Importing");
        clear(summary); clear(redactBox); clear(who);
        if (!r) return;
        this.world = r.world;
        const s = r.stats;
        summary.append(h("p", {}, `Imported ${s.accounts} account(s): ${s.users} users, ${s.groups} groups, ${s.roles} roles, ${s.policies} customer-managed and ${s.inlinePolicies} inline policies, ${s.resources} resource policies, ${s.orgPolicies} organization policies.`),
          r.warnings.length ? h("details", {}, h("summary", {}, `${r.warnings.length} warnings`), h("ul", {}, r.warnings.map((w) => h("li", {}, w)))) : "");
      } }, "Import")),
      summary,
      h("h3", {}, "Redact before sharing"),
      h("p", { className: "warn" }, "Rewrites real account ids, ARNs and names to SecureCart placeholders, in the imported world and on this page, and shows each rewrite before anything is shared."),
      h("button", { type: "button", className: "btn", id: "interop-redact-run", onclick: () => this.redact(redactBox) }, "Redact"),
      redactBox,
      h("h3", {}, "Who can?"),
      h("div", { className: "row" }, action, resource,
        h("button", { type: "button", className: "btn", id: "interop-who-run", onclick: async () => {
          if (!this.world) { this.status("Import an account first."); return; }
          const r = await this.run("whoCan", { world: this.world, action: action.value.trim(), resource: resource.value.trim() }, "Asking every principal");
          clear(who);
          if (r) who.append(this.whoCanTable(r));
        } }, "Who can?")),
      who);
  }

  async redact(box) {
    clear(box);
    const page = JSON.stringify(this.hooks.input());
    // One text, so that the world and the page get the same placeholders.
    const both = `{"page": ${page}${this.world ? `, "world": ${this.world}` : ""}}`;
    const r = await this.run("redact", { text: both }, "Redacting");
    if (!r) return;
    const out = JSON.parse(r.text);
    box.append(
      h("table", { id: "interop-rewrites" }, h("tr", {}, h("th", {}, "what"), h("th", {}, "real"), h("th", {}, "placeholder")),
        r.rewrites.map((w) => h("tr", {}, h("td", {}, w.kind), h("td", {}, w.from), h("td", {}, w.to)))),
      h("ul", {}, r.notes.map((n) => h("li", { className: "warn" }, n))),
      h("div", { className: "row" },
        h("button", { type: "button", className: "btn", id: "interop-redact-apply", onclick: () => apply() }, `Apply these ${r.rewrites.length} rewrites`),
        h("button", { type: "button", className: "btn primary", id: "interop-redact-share", onclick: () => {
          apply();
          this.dialog.close();
          document.getElementById("share")?.click(); // the page's own Share, now of the redacted state
        } }, "Apply and make a link")));
    const apply = () => {
      if (out.world) this.world = JSON.stringify(out.world);
      this.hooks.load(out.page, "Redacted: real ids and names replaced by placeholders");
      this.status(`Applied ${r.rewrites.length} rewrites. Share now shares the redacted state.`);
    };
  }

  whoCanTable(r) {
    const rows = r.allowed.map((a) => h("tr", {},
      h("td", {}, a.principal),
      h("td", {}, a.deciding ? `${a.deciding.effect} ${statementLabel(a.deciding.statement)} of ${a.deciding.policy}` : a.reason),
      h("td", {}, h("button", { type: "button", className: "btn small", onclick: () => this.openAsk(a.principal, r.action, r.resource) }, "Open"))));
    return h("div", {},
      h("p", {}, `${r.allowed.length} of ${r.asked} principals can ${r.action} on ${r.resource}.`),
      h("table", { className: "whocan" }, h("tr", {}, h("th", {}, "principal"), h("th", {}, "allowed by"), h("th", {})), rows));
  }

  async openAsk(principal, action, resource) {
    const r = await this.run("ask", { world: this.world, principal, action, resource }, "Evaluating");
    if (!r || !r.input) return;
    this.hooks.load(r.input, `${principal} → ${action} from the imported account`);
    this.dialog.close();
  }

  // ------------------------------------------------------------ diff and fix

  buildDiff(p) {
    this.diffOld = h("textarea", { id: "interop-diff-old", "aria-label": "Before", spellcheck: false });
    const nw = h("textarea", { id: "interop-diff-new", "aria-label": "After", spellcheck: false });
    const out = h("div", { id: "interop-diff-out" });
    p.append(
      h("p", { className: "warn" }, "Two versions of an input (this page's state is filled in as Before) or of a scenario world: every request, matrix cell and principal is evaluated against both."),
      h("div", { className: "side" }, h("label", {}, "Before", this.diffOld), h("label", {}, "After", nw)),
      h("div", { className: "row" },
        h("button", { type: "button", className: "btn small", onclick: () => { nw.value = JSON.stringify(this.hooks.input(), null, 2); } }, "After = this page"),
        h("button", { type: "button", className: "btn", id: "interop-diff-run", onclick: async () => {
          const r = await this.run("diff", { old: this.diffOld.value, new: nw.value }, "Comparing");
          clear(out);
          if (r) out.append(renderDiff(r));
        } }, "Compare")),
      out);
  }

  buildFix(p) {
    const out = h("div", { id: "interop-fix-out" });
    p.append(
      h("p", { className: "warn" }, "For this page's request: where an allow would have to come from, and the smallest edits that flip the decision, each checked by the engine and by lint."),
      h("button", { type: "button", className: "btn", id: "interop-fix-run", onclick: async () => {
        const input = this.hooks.input();
        const r = await this.run("fix", { input: JSON.stringify(input) }, "Looking for the smallest fix");
        clear(out);
        if (r) out.append(renderFix(r, input, (next, summary) => { this.hooks.load(next, `Fix applied: ${summary}`); this.dialog.close(); }));
      } }, "Suggest fixes"),
      out);
  }

  // ------------------------------------------------------------ checks

  /** All of lint's checks on the page's policies (the editors underline
   * only the catalog's, which need no module): security warnings, AWS's
   * size limits, hygiene, each with its lesson and a way to its place. */
  buildChecks(p) {
    const out = h("ul", { id: "interop-checks-out", className: "checks" });
    p.append(
      h("p", { className: "warn" }, "Every check of iamplay lint on this page's policies: unknown actions and keys, resources that fit no resource type, security warnings (wildcards, privilege escalation, open resource policies, trust without ExternalId), hygiene and size limits."),
      h("button", { type: "button", className: "btn", id: "interop-checks-run", onclick: async () => {
        const r = await this.run("lint", { input: JSON.stringify(this.hooks.input()) }, "Checking the policies");
        clear(out);
        if (!r) return;
        if (!r.length) out.append(h("li", null, "No findings."));
        for (const f of r) {
          const where = f.policy ? `${f.policy} ${f.span.start.line}:${f.span.start.col}` : "the input";
          out.append(h("li", { className: `finding ${f.severity}`, "data-code": f.code },
            h("span", { className: `pill ${f.severity}` }, f.severity.replace("_", " ")), " ",
            h("code", null, f.code), " ", f.message, " ",
            f.policy ? h("button", { type: "button", className: "btn small", onclick: () => { this.dialog.close(); this.hooks.select(f.policy, f.span); } }, `Show (${where})`) : null, " ",
            f.lesson ? h("a", { href: ".." + f.lesson }, "Why") : null));
        }
      } }, "Run all checks"),
      out);
  }
}

/** statementLabel reads a Sid, or "statement N", as "statement …". */
function statementLabel(s) {
  return s.startsWith("statement ") ? s : `statement ${s}`;
}

/** simulatorTable shows EvaluationResults: one row per action and resource. */
function simulatorTable(r) {
  const rows = [];
  for (const er of r.EvaluationResults) {
    const per = er.ResourceSpecificResults && er.ResourceSpecificResults.length ? er.ResourceSpecificResults
      : [{ EvalResourceName: er.EvalResourceName, EvalResourceDecision: er.EvalDecision, MatchedStatements: er.MatchedStatements, MissingContextValues: er.MissingContextValues }];
    for (const rr of per) {
      rows.push(h("tr", {},
        h("td", {}, er.EvalActionName), h("td", {}, rr.EvalResourceName),
        h("td", { className: rr.EvalResourceDecision }, rr.EvalResourceDecision),
        h("td", {}, (rr.MatchedStatements || []).map((s) => `${s.SourcePolicyId} ${s.StartPosition.Line}:${s.StartPosition.Column}–${s.EndPosition.Line}:${s.EndPosition.Column}`).join("; ")),
        h("td", {}, (rr.MissingContextValues || []).join(", "))));
    }
  }
  return h("table", { id: "interop-sim-table" },
    h("tr", {}, h("th", {}, "action"), h("th", {}, "resource"), h("th", {}, "decision"), h("th", {}, "matched statements"), h("th", {}, "missing context")),
    rows);
}
