// One editor per policy: JSON highlighting, diagnostics at the engine's
// line and column, the deciding statement highlighted, and spans selected
// when a trace item is clicked.
//
// An editor starts as a plain <pre> of its text. CodeMirror (cm.js, most of
// the page's script) is loaded by loadEditors, which the page calls once
// the first decision is drawn, or at once when someone reaches for an
// editor; editors are then built as they come near the viewport, since a
// scenario can hold several long managed policies. What the page asks of
// an editor before it is built (diagnostics, the deciding statement) is
// kept and applied when it is.

import { whenSettled } from "./dom.js";

let cm = null; // cm.js, once loaded
let loading = null; // its import, under way or done
const unbuilt = new Set(); // every editor not built yet
const MARGIN = 300; // px around the viewport in which editors are built

/**
 * loadEditors loads CodeMirror once and builds the editors in or near view
 * (all of them without an IntersectionObserver).
 * The promise rejects if the module cannot be loaded; a later call tries
 * again.
 */
export function loadEditors() {
  if (!loading) {
    loading = import("./cm.js").then((m) => {
      cm = m;
      // Measured rather than taken from the observer, which may not have
      // reported yet: the page is ready with its visible editors built.
      for (const ed of [...unbuilt]) if (!lazy || ed.nearViewport()) ed.build();
    }, (e) => {
      loading = null;
      throw e;
    });
  }
  return loading;
}

/**
 * warmEditors types a few keys into a hidden editor (warmup.js), once the
 * editors are loaded, so that a person's first key does not wait for V8
 * to compile the editor's input path. The promise gives the number of keys
 * typed, once done (0 if it could not be done: nothing depends on it).
 */
export function warmEditors() {
  const attach = import("./assist.js").then((a) => a.attach, () => null);
  return Promise.all([import("./warmup.js"), attach, loadEditors()]).then(([w, a]) => w.warmUp(a)).catch(() => 0);
}

const lazy = typeof IntersectionObserver === "function"
  ? new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting && e.target.policyEditor) e.target.policyEditor.ensure();
  }, { rootMargin: `${MARGIN}px 0px` })
  : null;

/**
 * PolicyEditor wraps one CodeMirror view. onChange(text) runs after every
 * edit; onEscape runs when Escape leaves the editor.
 */
export class PolicyEditor {
  constructor(parent, text, opts) {
    this.parent = parent;
    this.opts = opts;
    this.initial = text;
    this.deciding = null;
    this.flash = null;
    this.diagnostics = [];
    this.view = null;
    this.silent = false;
    this.destroyed = false;
    this.showKept = whenSettled(() => this.view && cm.showKept(this.view));
    this.placeholder = document.createElement("pre");
    this.placeholder.className = "cm-placeholder";
    this.placeholder.tabIndex = 0;
    this.placeholder.setAttribute("aria-label", opts.label || "policy JSON");
    this.placeholder.textContent = text;
    this.placeholder.policyEditor = this;
    this.placeholder.addEventListener("focus", () => this.focus());
    this.placeholder.addEventListener("mousedown", (e) => { e.preventDefault(); this.focus(); });
    parent.append(this.placeholder);
    unbuilt.add(this);
    if (lazy) lazy.observe(this.placeholder);
    else this.ensure();
  }

  /**
   * ensure builds the editor if CodeMirror is loaded, and returns its view;
   * else it returns null and the editor is built when it is loaded.
   */
  ensure() {
    if (this.view || this.destroyed) return this.view;
    return cm ? this.build() : null;
  }

  /** nearViewport reports whether the editor's text is in or near view. */
  nearViewport() {
    const r = this.placeholder.getBoundingClientRect();
    return r.bottom > -MARGIN && r.top < window.innerHeight + MARGIN && r.width > 0;
  }

  build() {
    if (this.view || this.destroyed) return this.view;
    unbuilt.delete(this);
    const { onChange, onEscape, label } = this.opts;
    if (lazy) lazy.unobserve(this.placeholder);
    this.placeholder.remove();
    this.view = cm.createView(this.parent, this.initial, { onChange, onEscape, label, silent: () => this.silent });
    import("./assist.js").then((a) => this.view && a.attach(this.view), () => {}); // completion, hover, checks, Format
    this.initial = null;
    if (this.diagnostics.length) cm.showDiagnostics(this.view, this.diagnostics);
    if (this.deciding || this.flash) this.redrawMarks();
    return this.view;
  }

  /** whenBuilt runs f(view) once the editor is built, loading CodeMirror if need be. */
  whenBuilt(f) {
    const v = this.ensure();
    if (v) {
      f(v);
      return;
    }
    loadEditors().then(() => {
      const v = this.ensure();
      if (v) f(v);
    }, () => {});
  }

  /** text returns the editor's content. */
  text() {
    return this.view ? this.view.state.doc.toString() : this.initial;
  }

  /** setLabel updates the accessible name of the editor. */
  setLabel(label) {
    this.opts.label = label;
    if (this.view) this.view.contentDOM.setAttribute("aria-label", label);
    this.placeholder.setAttribute("aria-label", label);
  }

  /** setText replaces the content (not an edit: no change event). */
  setText(text) {
    if (text === this.text()) return;
    if (!this.view) {
      this.initial = text;
      this.placeholder.textContent = text;
      return;
    }
    this.silent = true;
    cm.replaceText(this.view, text);
    this.silent = false;
  }

  /**
   * setDiagnostics shows the engine's problems for this policy: at once
   * with now, else once typing pauses (150 ms, and at least once a second)
   * and the page is idle. A keystroke's diagnostics usually differ from the
   * last ones only in where they are, which the editor follows by itself,
   * or in a count in their message (the policy's size); shown at once,
   * they would cost an editor update and a layout on every key.
   */
  setDiagnostics(errors, now = false) {
    this.diagnostics = errors;
    if (!this.view) return;
    if (now) {
      cm.showDiagnostics(this.view, errors);
      return;
    }
    cm.keepDiagnostics(this.view, errors);
    this.showKept();
  }

  /** setDeciding highlights the deciding statement (span or null). */
  setDeciding(span, deny) {
    const key = span ? `${span.start.offset}-${span.end.offset}-${deny}` : "";
    if (key === this.decidingKey) return;
    this.decidingKey = key;
    this.deciding = span ? { span, cls: deny ? "cm-deciding-deny" : "cm-deciding" } : null;
    if (this.view) this.redrawMarks();
  }

  redrawMarks() {
    const marks = [];
    if (this.deciding) marks.push(this.deciding);
    if (this.flash) marks.push({ span: this.flash, cls: "cm-flash" });
    cm.showMarks(this.view, marks);
  }

  /** select selects a span, scrolls to it, focuses the editor and flashes it. */
  select(span) {
    this.whenBuilt((view) => {
      cm.selectSpan(view, span);
      view.focus();
      this.flash = span;
      this.redrawMarks();
      clearTimeout(this.flashTimer);
      this.flashTimer = setTimeout(() => {
        this.flash = null;
        if (this.view) this.redrawMarks();
      }, 1200);
    });
  }

  /**
   * selectRange selects from anchor to head (offsets in the text) and
   * focuses the editor; false if CodeMirror is not loaded yet.
   */
  selectRange(anchor, head) {
    const view = this.ensure();
    if (!view) return false;
    cm.setSelection(view, anchor, head);
    view.focus();
    return true;
  }

  /** focus puts the cursor in the editor. */
  focus() {
    this.whenBuilt((view) => view.focus());
  }

  destroy() {
    this.destroyed = true;
    unbuilt.delete(this);
    clearTimeout(this.flashTimer);
    if (this.view) this.view.destroy();
    if (lazy) lazy.unobserve(this.placeholder);
    this.placeholder.remove();
  }
}
