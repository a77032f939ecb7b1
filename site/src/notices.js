// Notices: short messages above the decision banner, with an optional
// action (Undo, Retry) and a close button. Text only.
import { h, $ } from "./dom.js";

/**
 * notify shows a message. kind is "info", "warn" or "error"; action is
 * {label, run}; timeout (ms) removes it by itself. Returns a function that
 * removes it. A notice with the same id replaces the previous one.
 */
export function notify(text, { kind = "info", action, timeout, id } = {}) {
  const box = $("notices");
  if (id) {
    const old = box.querySelector(`[data-id="${CSS.escape(id)}"]`);
    if (old) old.remove();
  }
  const el = h("div", { className: `notice ${kind}`, role: kind === "error" ? "alert" : "status", "data-id": id });
  const remove = () => el.remove();
  el.append(h("span", { className: "grow" }, text));
  if (action) {
    el.append(h("button", { type: "button", className: "btn small", onclick: () => { remove(); action.run(); } }, action.label));
  }
  el.append(h("button", { type: "button", className: "btn small", "aria-label": "Dismiss", onclick: remove }, "✕"));
  box.append(el);
  if (timeout) setTimeout(remove, timeout);
  return remove;
}
