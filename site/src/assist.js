// Help while typing in a policy editor, from the AWS action catalog:
// completion (actions with their access level, condition operators, keys
// valid for the statement's actions, resource ARN templates), hover text,
// the catalog checks underlined as diagnostics, a Format button
// (Shift-Alt-F) and line wrapping. editor.js attaches it to each editor it
// builds; the catalog (catalog/catalog.json.gz, a separate cached asset,
// never part of engine.wasm) is fetched when the first editor is built,
// which is after the first decision.
import { StateEffect, StateField, RangeSetBuilder } from "@codemirror/state";
import { EditorView, Decoration, ViewPlugin, hoverTooltip, keymap, showPanel } from "@codemirror/view";
import { autocompletion } from "@codemirror/autocomplete";
import catalogURL from "../../catalog/catalog.json.gz";
import { fetchCatalog } from "./actions.js";
import { complete, hoverText, check } from "./complete.js";
import { formatJSON } from "./format.js";

let catalog = null; // the ActionCatalog, once loaded
let loading = null;
const views = new Set(); // editors to check again when the catalog arrives

/** loadCatalog fetches the catalog once; a failed load is tried again on the next call. */
export function loadCatalog() {
  if (!loading) {
    loading = fetchCatalog(new URL(catalogURL, import.meta.url)).then((c) => {
      catalog = c;
      for (const v of views) refresh(v);
      return c;
    }, (e) => {
      loading = null;
      throw e;
    });
  }
  return loading;
}

// The catalog checks' findings: decorations and the list, for hover.
const setFindings = StateEffect.define();
const findingsField = StateField.define({
  create: () => ({ deco: Decoration.none, list: [] }),
  update(v, tr) {
    if (tr.docChanged) {
      v = {
        deco: v.deco.map(tr.changes),
        list: v.list.map((f) => ({ ...f, from: tr.changes.mapPos(f.from), to: tr.changes.mapPos(f.to) })),
      };
    }
    for (const e of tr.effects) if (e.is(setFindings)) v = e.value;
    return v;
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.deco),
});

function refresh(view) {
  const list = check(catalog, view.state).filter((f) => f.to > f.from).sort((a, b) => a.from - b.from);
  const b = new RangeSetBuilder();
  for (const f of list) {
    b.add(f.from, f.to, Decoration.mark({ class: `cm-assist-${f.severity}`, attributes: { "data-code": f.code } }));
  }
  view.dispatch({ effects: setFindings.of({ deco: b.finish(), list }) });
}

// Checks run 150 ms after typing stops (when the page is idle), and once
// when the catalog arrives. (whenIdle is cm.js's and dom.js's: importing
// either would move code into a chunk shared with the page or the editor.)
const whenIdle = typeof requestIdleCallback === "function"
  ? (f) => requestIdleCallback(f, { timeout: 100 })
  : (f) => setTimeout(f, 50);
const checker = ViewPlugin.fromClass(class {
  constructor(view) {
    this.view = view;
    views.add(view);
    this.timer = setTimeout(() => catalog && refresh(view), 0);
  }
  update(u) {
    if (!u.docChanged || !catalog) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => whenIdle(() => this.view.dom.isConnected && refresh(this.view)), 150);
  }
  destroy() {
    views.delete(this.view);
    clearTimeout(this.timer);
  }
});

const hover = hoverTooltip((view, pos) => {
  const found = view.state.field(findingsField).list.filter((f) => pos >= f.from && pos <= f.to);
  const info = hoverText(catalog, view.state, pos);
  if (!found.length && !info) return null;
  const from = Math.min(...found.map((f) => f.from), info ? info.from : Infinity);
  const to = Math.max(...found.map((f) => f.to), info ? info.to : -Infinity);
  return {
    pos: from,
    end: to,
    create() {
      const dom = document.createElement("div");
      dom.className = "cm-assist-hover";
      for (const f of found) {
        const p = document.createElement("p");
        p.className = `cm-assist-${f.severity}-text`;
        p.textContent = f.message;
        dom.append(p);
      }
      if (info) {
        const p = document.createElement("p");
        p.textContent = info.text;
        dom.append(p);
      }
      return { dom };
    },
  };
});

/** format re-indents the editor's JSON, keeping every token as typed; false (with a message) if it cannot. */
export function format(view) {
  const text = view.state.doc.toString();
  const r = formatJSON(text);
  const status = view.dom.querySelector(".cm-assist-status");
  if (r.error) {
    if (status) status.textContent = `Not formatted: ${r.error}`;
    return false;
  }
  if (status) status.textContent = "";
  if (r.text !== text) view.dispatch({ changes: { from: 0, to: text.length, insert: r.text }, userEvent: "input.format" });
  return true;
}

function panel(view) {
  const dom = document.createElement("div");
  dom.className = "cm-assist-panel";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Format";
  button.title = "Re-indent the JSON (Shift-Alt-F)";
  button.addEventListener("click", () => format(view));
  const status = document.createElement("span");
  status.className = "cm-assist-status";
  status.setAttribute("role", "status");
  dom.append(button, status);
  return { dom, top: true };
}

const theme = EditorView.baseTheme({
  ".cm-assist-error": { textDecoration: "underline wavy var(--no, #c00)", textUnderlineOffset: "3px" },
  ".cm-assist-warning": { textDecoration: "underline wavy #b8860b", textUnderlineOffset: "3px" },
  ".cm-assist-hover": { padding: "2px 8px", maxWidth: "42em", whiteSpace: "pre-wrap", fontFamily: "system-ui, sans-serif", fontSize: "90%" },
  ".cm-assist-hover p": { margin: "4px 0" },
  ".cm-assist-error-text": { color: "var(--no, #c00)" },
  ".cm-assist-panel": { display: "flex", gap: "0.75em", alignItems: "center", padding: "2px 6px", fontFamily: "system-ui, sans-serif", fontSize: "85%" },
  ".cm-assist-panel button": { font: "inherit", padding: "0 0.6em", cursor: "pointer" },
});

/** extensions are what attach adds to an editor. */
export function extensions() {
  return [
    EditorView.lineWrapping,
    autocompletion({ override: [(ctx) => complete(catalog, ctx)], icons: false }),
    findingsField,
    checker,
    hover,
    showPanel.of(panel),
    keymap.of([{ key: "Shift-Alt-f", run: format }]),
    theme,
  ];
}

/** attach adds the help to a built editor and starts loading the catalog. */
export function attach(view) {
  view.dispatch({ effects: StateEffect.appendConfig.of(extensions()) });
  loadCatalog().catch(() => {}); // without the catalog the editor still works, without help
}
