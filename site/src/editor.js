// One CodeMirror 6 editor per policy: JSON highlighting, diagnostics at the
// engine's line and column, the deciding statement highlighted, and spans
// selected when a trace item is clicked.
import { EditorState, StateEffect, StateField, RangeSetBuilder } from "@codemirror/state";
import { EditorView, Decoration, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { bracketMatching, indentOnInput, syntaxHighlighting, HighlightStyle } from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { tags } from "@lezer/highlight";

// Colours come from the page's CSS variables, so the editor follows the theme.
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--syn-key)" },
  { tag: tags.string, color: "var(--syn-string)" },
  { tag: tags.number, color: "var(--syn-number)" },
  { tag: [tags.bool, tags.null], color: "var(--syn-bool)" },
  { tag: [tags.punctuation, tags.bracket, tags.separator], color: "var(--syn-punct)" },
  { tag: tags.invalid, color: "var(--no)" },
]);

const theme = EditorView.theme({
  "&": { backgroundColor: "var(--panel)", color: "var(--text)" },
  ".cm-content": { caretColor: "var(--text)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)" },
  "&.cm-focused": { outline: "none" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection": { backgroundColor: "var(--sel)" },
  ".cm-gutters": { backgroundColor: "var(--code-bg)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "color-mix(in srgb, var(--code-bg) 60%, transparent)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--code-bg)", color: "var(--text)" },
  ".cm-matchingBracket": { outline: "1px solid var(--muted)", backgroundColor: "transparent" },
  ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--text)", border: "1px solid var(--border)" },
  ".cm-diagnostic": { fontFamily: "system-ui, sans-serif" },
});

// Marks: the deciding statement, and a short flash on a selected span.
const setMarks = StateEffect.define();
const marksField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) if (e.is(setMarks)) deco = e.value;
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * offsetOf converts an engine position (1-based line, column counted in
 * characters) into a CodeMirror offset (UTF-16 units), clamped to the text.
 */
export function offsetOf(doc, pos) {
  if (!pos || !(pos.line >= 1)) return 0;
  if (pos.line > doc.lines) return doc.length;
  const line = doc.line(pos.line);
  let off = 0;
  let n = 1;
  for (const ch of line.text) {
    if (n >= pos.col) break;
    off += ch.length;
    n++;
  }
  return line.from + off;
}

function rangeOf(doc, span) {
  const from = offsetOf(doc, span.start);
  let to = span.end ? offsetOf(doc, span.end) : from;
  if (to < from) to = from;
  return { from, to };
}

// Editors are created when they come near the viewport: a scenario can
// hold several long managed policies, and building every editor up front
// would delay the first decision. Until then the text shows in a plain
// <pre>, and what the page asks of the editor (diagnostics, the deciding
// statement) is kept and applied when it is built.
const lazy = typeof IntersectionObserver === "function"
  ? new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting && e.target.policyEditor) e.target.policyEditor.ensure();
  }, { rootMargin: "300px 0px" })
  : null;

/**
 * PolicyEditor wraps one EditorView. onChange(text) runs after every edit;
 * onEscape runs when Escape leaves the editor.
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
    if (!lazy) {
      this.ensure();
      return;
    }
    this.placeholder = document.createElement("pre");
    this.placeholder.className = "cm-placeholder";
    this.placeholder.tabIndex = 0;
    this.placeholder.setAttribute("aria-label", opts.label || "policy JSON");
    this.placeholder.textContent = text;
    this.placeholder.policyEditor = this;
    this.placeholder.addEventListener("focus", () => this.focus());
    this.placeholder.addEventListener("mousedown", (e) => { e.preventDefault(); this.focus(); });
    parent.append(this.placeholder);
    lazy.observe(this.placeholder);
  }

  /** ensure builds the editor if it is not built yet, and returns its view. */
  ensure() {
    if (this.view) return this.view;
    const { onChange, onEscape, label } = this.opts;
    if (this.placeholder) {
      lazy.unobserve(this.placeholder);
      this.placeholder.remove();
      this.placeholder = null;
    }
    this.view = new EditorView({
      parent: this.parent,
      state: EditorState.create({
        doc: this.initial,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          json(),
          syntaxHighlighting(highlight),
          lintGutter(),
          theme,
          marksField,
          EditorView.contentAttributes.of({ "aria-label": label || "policy JSON" }),
          keymap.of([
            { key: "Escape", run: () => { onEscape && onEscape(); return true; } },
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...historyKeymap,
          ]),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && onChange && !this.silent) onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    this.initial = null;
    if (this.diagnostics.length) this.setDiagnostics(this.diagnostics);
    if (this.deciding) this.redrawMarks();
    return this.view;
  }

  /** text returns the editor's content. */
  text() {
    return this.view ? this.view.state.doc.toString() : this.initial;
  }

  /** setLabel updates the accessible name of the editor. */
  setLabel(label) {
    this.opts.label = label;
    if (this.view) this.view.contentDOM.setAttribute("aria-label", label);
    if (this.placeholder) this.placeholder.setAttribute("aria-label", label);
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
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    this.silent = false;
  }

  /** setDiagnostics shows the engine's problems for this policy. */
  setDiagnostics(errors) {
    this.diagnostics = errors;
    if (!this.view) return;
    const doc = this.view.state.doc;
    const diags = errors.map((e) => {
      let { from, to } = e.span ? rangeOf(doc, e.span) : { from: 0, to: 0 };
      if (to <= from) {
        to = Math.min(doc.length, from + 1);
        if (to <= from && from > 0) from = to - 1;
      }
      return { from, to, severity: e.severity === "warning" ? "warning" : "error", message: e.message, source: e.code };
    });
    this.view.dispatch(setDiagnostics(this.view.state, diags));
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
    const doc = this.view.state.doc;
    const ranges = [];
    if (this.deciding) {
      const r = rangeOf(doc, this.deciding.span);
      if (r.to > r.from) ranges.push({ ...r, cls: this.deciding.cls });
    }
    if (this.flash) {
      const r = rangeOf(doc, this.flash);
      if (r.to > r.from) ranges.push({ ...r, cls: "cm-flash" });
    }
    ranges.sort((a, b) => a.from - b.from || a.to - b.to);
    // The marks already shown were mapped through the edit; when they are
    // exactly what is wanted (the usual case while typing), skip the
    // dispatch and the editor update it would cost.
    const shown = [];
    this.view.state.field(marksField).between(0, doc.length, (from, to, d) => {
      shown.push({ from, to, cls: d.spec.class });
    });
    if (shown.length === ranges.length && shown.every((m, i) => m.from === ranges[i].from && m.to === ranges[i].to && m.cls === ranges[i].cls)) {
      return;
    }
    const b = new RangeSetBuilder();
    for (const r of ranges) b.add(r.from, r.to, Decoration.mark({ class: r.cls }));
    this.view.dispatch({ effects: setMarks.of(b.finish()) });
  }

  /** select selects a span, scrolls to it, focuses the editor and flashes it. */
  select(span) {
    this.ensure();
    const { from, to } = rangeOf(this.view.state.doc, span);
    this.view.dispatch({
      selection: { anchor: from, head: to },
      effects: EditorView.scrollIntoView(from, { y: "center" }),
    });
    this.view.focus();
    this.flash = span;
    this.redrawMarks();
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => { this.flash = null; this.redrawMarks(); }, 1200);
  }

  /** focus puts the cursor in the editor. */
  focus() {
    this.ensure().focus();
  }

  destroy() {
    clearTimeout(this.flashTimer);
    if (this.view) this.view.destroy();
    if (this.placeholder) {
      lazy.unobserve(this.placeholder);
      this.placeholder.remove();
    }
  }
}
