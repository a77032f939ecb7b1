// CodeMirror 6, the only part of the page that needs it. The page loads this
// module after the first decision is drawn (or as soon as someone reaches
// for an editor): it is most of the page's script, and nothing in the first
// decision depends on it. editor.js wraps it.
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

// Typing: a character typed into the editor is applied as an edit of the
// editor's state, through the editor's input handlers (closing brackets),
// instead of being left to the browser to make in the editor's DOM, which
// CodeMirror then reads back: the editor's share of a keystroke went from
// p50 5.2–5.7 ms to 4.4–5.2 (make bench-site, taking turns). Anything but
// plain typing at the editor's own cursor (an input method composing,
// several cursors, a DOM selection the editor has not read yet, Android,
// where CodeMirror edits through EditContext) is left to the browser.
const android = typeof navigator === "object" && /Android/.test(navigator.userAgent);
const typing = EditorView.domEventHandlers({
  beforeinput(e, view) {
    if (android || e.inputType !== "insertText" || !e.data || e.isComposing || view.composing) return false;
    const { state } = view;
    const sel = view.root.getSelection && view.root.getSelection();
    if (state.selection.ranges.length !== 1 || !sel || !sel.anchorNode || !sel.focusNode) return false;
    const { anchor, head } = state.selection.main;
    if (posAt(view, sel.anchorNode, sel.anchorOffset) !== anchor || posAt(view, sel.focusNode, sel.focusOffset) !== head) return false;
    typeText(view, e.data);
    return true;
  },
});

/**
 * typeText types text at view's cursor as a key does: through the editor's
 * input handlers (closing brackets), else as an "input.type" edit, which
 * completion and indentation follow.
 */
export function typeText(view, text) {
  const { state } = view;
  const { from, to } = state.selection.main;
  const insert = () => state.update(state.replaceSelection(text), { userEvent: "input.type", scrollIntoView: true });
  if (!state.facet(EditorView.inputHandler).some((h) => h(view, from, to, text, insert))) view.dispatch(insert());
}

/** posAt is the editor position of a DOM point, or -1 outside its content. */
function posAt(view, node, offset) {
  if (!view.contentDOM.contains(node)) return -1;
  try {
    return view.posAtDOM(node, offset);
  } catch {
    return -1;
  }
}

/**
 * offsetOf converts an engine position (1-based line, and a column counted
 * in UTF-8 bytes from the line start, as the engine reports it) into a
 * CodeMirror offset (UTF-16 code units), clamped to the text. The engine
 * counts lines at "\n", "\r\n" or a lone "\r", as CodeMirror does.
 */
export function offsetOf(doc, pos) {
  if (!pos || !(pos.line >= 1)) return 0;
  if (pos.line > doc.lines) return doc.length;
  const line = doc.line(pos.line);
  let off = 0;
  let bytes = 1;
  for (const ch of line.text) {
    if (bytes >= pos.col) break;
    const cp = ch.codePointAt(0);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    off += ch.length;
  }
  return line.from + off;
}

function rangeOf(doc, span) {
  const from = offsetOf(doc, span.start);
  let to = span.end ? offsetOf(doc, span.end) : from;
  if (to < from) to = from;
  return { from, to };
}

/**
 * createView builds an editor holding text in parent. onChange(text) runs
 * after every edit (unless silent() is true); onEscape when Escape leaves it.
 */
export function createView(parent, text, { onChange, onEscape, label, silent }) {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
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
        typing,
        EditorView.contentAttributes.of({ "aria-label": label || "policy JSON" }),
        keymap.of([
          { key: "Escape", run: () => { onEscape && onEscape(); return true; } },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          mapPending(u.view, u.changes);
          if (onChange && !silent()) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
}

/** replaceText replaces the whole content of view. */
export function replaceText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** diagnosticsOf turns the engine's problems (with spans) into CodeMirror
 * diagnostics in doc. */
function diagnosticsOf(doc, errors) {
  return errors.map((e) => {
    const { from, to } = e.span ? rangeOf(doc, e.span) : { from: 0, to: 0 };
    return { from, to, severity: e.severity === "warning" ? "warning" : "error", message: e.message, source: e.code };
  });
}

/** visible gives a diagnostic at least one character of doc. */
function visible(doc, d) {
  let { from, to } = d;
  if (to <= from) {
    to = Math.min(doc.length, from + 1);
    if (to <= from && from > 0) from = to - 1;
  }
  return { ...d, from, to };
}

/** showDiagnostics shows the engine's problems (with spans) in view. */
export function showDiagnostics(view, errors) {
  pending.delete(view);
  const doc = view.state.doc;
  view.dispatch(setDiagnostics(view.state, diagnosticsOf(doc, errors).map((d) => visible(doc, d))));
}

// Diagnostics waiting to be shown, by view, in the view's current text:
// edits made after they were computed move them (mapPending).
const pending = new WeakMap();

/**
 * keepDiagnostics keeps the engine's problems to show in view later, with
 * showKept: edits made meanwhile move them with the text around them.
 */
export function keepDiagnostics(view, errors) {
  pending.set(view, diagnosticsOf(view.state.doc, errors));
}

/** showKept shows the diagnostics keepDiagnostics kept for view, if any. */
export function showKept(view) {
  const diags = pending.get(view);
  if (!diags) return; // shown at once since
  pending.delete(view);
  const doc = view.state.doc;
  view.dispatch(setDiagnostics(view.state, diags.map((d) => visible(doc, d))));
}

/** mapPending moves the diagnostics waiting to be shown in view through an edit. */
function mapPending(view, changes) {
  const diags = pending.get(view);
  if (!diags) return;
  pending.set(view, diags.map((d) => {
    const from = changes.mapPos(d.from, 1);
    return { ...d, from, to: Math.max(from, changes.mapPos(d.to, -1)) };
  }));
}

/** showMarks marks each {span, cls} of marks in view, replacing the marks shown. */
export function showMarks(view, marks) {
  const doc = view.state.doc;
  const ranges = [];
  for (const m of marks) {
    const r = rangeOf(doc, m.span);
    if (r.to > r.from) ranges.push({ ...r, cls: m.cls });
  }
  ranges.sort((a, b) => a.from - b.from || a.to - b.to);
  // The marks already shown were mapped through the edit; when they are
  // exactly what is wanted (the usual case while typing), skip the
  // dispatch and the editor update it would cost.
  const shown = [];
  view.state.field(marksField).between(0, doc.length, (from, to, d) => {
    shown.push({ from, to, cls: d.spec.class });
  });
  if (shown.length === ranges.length && shown.every((m, i) => m.from === ranges[i].from && m.to === ranges[i].to && m.cls === ranges[i].cls)) {
    return;
  }
  const b = new RangeSetBuilder();
  for (const r of ranges) b.add(r.from, r.to, Decoration.mark({ class: r.cls }));
  view.dispatch({ effects: setMarks.of(b.finish()) });
}

/** selectSpan selects span in view and scrolls it to the middle. */
export function selectSpan(view, span) {
  const { from, to } = rangeOf(view.state.doc, span);
  view.dispatch({
    selection: { anchor: from, head: to },
    effects: EditorView.scrollIntoView(from, { y: "center" }),
  });
}

/**
 * setSelection selects from anchor to head (offsets, clamped to the text)
 * and scrolls the selection into view, where a click would have put it.
 */
export function setSelection(view, anchor, head) {
  const len = view.state.doc.length;
  view.dispatch({ selection: { anchor: Math.min(anchor, len), head: Math.min(head, len) }, scrollIntoView: true });
}
