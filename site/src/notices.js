// Notices: short messages above the decision banner, with an optional
// action (Undo, Retry) and a close button. Text only.
import { h, $ } from "./dom.js";

/**
 * notify shows a message. kind is "info", "warn" or "error"; action is
 * {label, run}, actions a list of them (an action with keep: true leaves
 * the notice up); timeout (ms) removes it by itself. Returns a function
 * that removes it. A notice with the same id replaces the previous one.
 */
export function notify(text, { kind = "info", action, actions = [], timeout, id } = {}) {
  const box = $("notices");
  if (id) {
    const old = box.querySelector(`[data-id="${CSS.escape(id)}"]`);
    if (old) old.remove();
  }
  const el = h("div", { className: `notice ${kind}`, role: kind === "error" ? "alert" : "status", "data-id": id });
  const remove = () => el.remove();
  el.append(h("span", { className: "grow" }, text));
  for (const a of action ? [action, ...actions] : actions) {
    el.append(h("button", { type: "button", className: "btn small", onclick: () => { if (!a.keep) remove(); a.run(); } }, a.label));
  }
  el.append(h("button", { type: "button", className: "btn small", "aria-label": "Dismiss", onclick: remove }, "✕"));
  box.append(el);
  if (timeout) setTimeout(remove, timeout);
  return remove;
}

/** dismiss removes the notice with this id, if it is shown. */
export function dismiss(id) {
  const old = $("notices").querySelector(`[data-id="${CSS.escape(id)}"]`);
  if (old) old.remove();
}

/** shown reports whether the notice with this id is shown. */
export function shown(id) {
  return !!$("notices").querySelector(`[data-id="${CSS.escape(id)}"]`);
}
