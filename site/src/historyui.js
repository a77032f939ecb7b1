// The History dialog: earlier states the page kept (see persist.js), each
// with when it was saved and what it was, to restore or download; and an
// autosave this version could not read, to download.
import { h, clear, $ } from "./dom.js";

/** when formats a time stamp for people: the time today, else the date. */
export function when(at) {
  if (!at) return "earlier";
  const d = new Date(at);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : d.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

/**
 * renderHistory fills the dialog's list. describe(model) names a state;
 * onRestore(entry) and onDownload(entry) act on one; onDownloadKept()
 * downloads the unreadable autosave, shown when kept is true.
 */
export function renderHistory(entries, kept, { describe, onRestore, onDownload, onDownloadKept }) {
  const box = $("history-list");
  clear(box);
  if (!entries.length && !kept) {
    box.append(h("p", { className: "muted" }, "No earlier work is kept yet. When a link, a lesson's “Try it”, a scenario or another tab replaces what you were editing, it is kept here."));
    return;
  }
  const ul = h("ul", { className: "history" });
  entries.forEach((e, i) => {
    const n = e.model.policies.length;
    ul.append(h("li", { "data-entry": String(i) },
      h("span", { className: "grow" },
        h("strong", null, when(e.at)), " — ", e.label || "Earlier work", ": ",
        describe(e.model), ` (${n} ${n === 1 ? "policy" : "policies"})`),
      h("button", { type: "button", className: "btn small", "data-action": "restore", onclick: () => onRestore(e) }, "Restore"),
      h("button", { type: "button", className: "btn small", "data-action": "download", onclick: () => onDownload(e) }, "Download")));
  });
  if (kept) {
    ul.append(h("li", { "data-entry": "unreadable" },
      h("span", { className: "grow" }, "Saved work this version of the playground cannot read (made by a newer version, or damaged). It is kept as it was."),
      h("button", { type: "button", className: "btn small", "data-action": "download", onclick: onDownloadKept }, "Download")));
  }
  box.append(ul);
}
