// Saved work: the autosave of the page's state, and a short history of
// earlier states, in localStorage. Nothing a person typed is overwritten
// without a copy being kept first:
//
//   - the autosave (STORE_KEY) holds {"v": 1, "tab", "at", "edited",
//     "model"}, edited saying whether the state was changed since it was
//     loaded (else its source, a link or a scenario, still has it); a tab
//     that finds another tab's different, edited work there moves it to
//     the history before saving over it;
//   - the history (HISTORY_KEY) holds the last HISTORY_LENGTH distinct
//     states the page replaced (a link or a scenario loaded over them, or
//     another tab's work), newest first, each with its time and a label;
//   - an autosave this page cannot read (a newer format, or damaged) is
//     copied to KEPT_KEY, byte for byte, before anything is saved.
//
// This module has no DOM: it works on any Storage-like object, which is
// how the Node tests drive it.
import { validModel, reviveModel } from "./model.js";

export const STORE_KEY = "iamplay.play.v1";
export const HISTORY_KEY = "iamplay.play.history.v1";
export const KEPT_KEY = "iamplay.play.unreadable";
export const HISTORY_LENGTH = 10;

/** Kinds of history entries: replaced by something the page loaded, or
 * saved by another tab. */
export const REPLACED = "replaced";
export const OTHER_TAB = "tab";

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * readSaved reads an autosave: {model, tab, at, edited} when this page
 * can read it (edited is true unless the autosave says otherwise), {unreadable: true} when there is something it cannot read, null
 * when there is nothing. It never throws.
 */
export function readSaved(raw) {
  if (typeof raw !== "string" || raw === "") return null;
  try {
    const v = JSON.parse(raw);
    if (isObject(v) && v.v === 1 && validModel(v.model)) {
      return {
        model: reviveModel(v.model),
        tab: typeof v.tab === "string" ? v.tab : "",
        at: Number.isFinite(v.at) ? v.at : 0,
        edited: v.edited !== false,
      };
    }
  } catch {
    // not JSON: unreadable
  }
  return { unreadable: true };
}

/** readHistory reads the history list, skipping entries it cannot read;
 * it never throws and returns at most HISTORY_LENGTH entries. */
export function readHistory(raw) {
  if (typeof raw !== "string" || raw === "") return [];
  let list;
  try {
    list = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!isObject(list) || list.v !== 1 || !Array.isArray(list.entries)) return [];
  const out = [];
  for (const e of list.entries) {
    if (out.length === HISTORY_LENGTH) break;
    if (!isObject(e) || !validModel(e.model)) continue;
    out.push({
      at: Number.isFinite(e.at) ? e.at : 0,
      kind: e.kind === OTHER_TAB ? OTHER_TAB : REPLACED,
      tab: typeof e.tab === "string" ? e.tab : "",
      label: typeof e.label === "string" ? e.label : "",
      model: reviveModel(e.model),
    });
  }
  return out;
}

/** workOf is a model without its policies' ids: what two states must
 * share to be the same work. */
function workOf(m) {
  return JSON.stringify([m.scenario, m.request, m.name, m.description, m.expect, m.scpLevels, m.rcpLevels,
    m.policies.map((p) => [p.name, p.attach, p.text]), m.req]);
}

/** sameWork reports whether two models hold the same state. */
export function sameWork(a, b) {
  return workOf(a) === workOf(b);
}

/** storable is a model as stored (ids are given afresh on reading). */
function storable(m) {
  return { ...m, policies: m.policies.map((p) => ({ name: p.name, attach: p.attach, text: p.text })) };
}

/** newTabID names this tab for as long as it lives, reloads included. */
export function newTabID(session) {
  const fresh = Math.random().toString(36).slice(2, 10);
  try {
    let id = session.getItem("iamplay.tab");
    if (!id) {
      id = fresh;
      session.setItem("iamplay.tab", id);
    }
    return id;
  } catch {
    return fresh;
  }
}

/**
 * Autosave keeps one tab's work in storage. tab names the tab: a string,
 * or a function asked for it once, when it is first needed (the page's
 * reads sessionStorage, whose first use can take tens of milliseconds,
 * which a page load should not wait for). Methods that write throw the
 * storage's own error (a full quota, storage turned off) for the page to
 * report; none of them loses what was stored before.
 */
export class Autosave {
  constructor(storage, tab, now = () => Date.now()) {
    this.storage = storage;
    this.tabOf = typeof tab === "function" ? tab : () => tab;
    this.tabID = undefined;
    this.now = now;
    this.owned = null; // the autosave text this tab wrote or started from
  }

  /** tab is this tab's name. */
  get tab() {
    if (this.tabID === undefined) this.tabID = this.tabOf();
    return this.tabID;
  }

  get(key) {
    try {
      return this.storage.getItem(key);
    } catch {
      return null;
    }
  }

  /**
   * start reads the autosave and makes it this tab's starting point. It
   * returns {saved: {model, at} | null, unreadable: text | null}; an
   * unreadable autosave is first copied to KEPT_KEY (which may throw).
   */
  start() {
    const raw = this.get(STORE_KEY);
    this.owned = raw;
    const r = readSaved(raw);
    if (r && r.unreadable) {
      this.keepUnreadable(raw);
      return { saved: null, unreadable: raw };
    }
    return { saved: r, unreadable: null };
  }

  keepUnreadable(raw) {
    if (this.get(KEPT_KEY) !== raw) this.storage.setItem(KEPT_KEY, raw);
  }

  /**
   * save writes the model as the autosave, with whether it was edited
   * since it was loaded. If another tab saved different, edited work there
   * since this tab last did, that work goes to the history first (and an
   * unreadable one to KEPT_KEY). It returns the entry kept, if any.
   */
  save(model, edited = true) {
    const cur = this.get(STORE_KEY);
    let kept = null;
    if (cur !== null && cur !== this.owned) {
      const r = readSaved(cur);
      if (r && r.unreadable) this.keepUnreadable(cur);
      else if (r && r.edited && !sameWork(r.model, model)) {
        kept = this.keep(r.model, { kind: OTHER_TAB, tab: r.tab, at: r.at, label: "Saved in another tab" });
      }
    }
    const text = JSON.stringify({ v: 1, tab: this.tab, at: this.now(), edited: !!edited, model: storable(model) });
    this.storage.setItem(STORE_KEY, text);
    this.owned = text;
    return kept;
  }

  /**
   * keep adds a state to the history, newest first, unless the newest
   * entry is that state already. An equal older entry moves up; another
   * tab's earlier entry is replaced by its newer one, so two tabs typing
   * at once fill one entry each rather than the whole list.
   */
  keep(model, { kind = REPLACED, tab = this.tab, at = this.now(), label = "" } = {}) {
    const entries = this.history().filter((e) =>
      !sameWork(e.model, model) && !(kind === OTHER_TAB && e.kind === OTHER_TAB && e.tab === tab));
    const entry = { at, kind, tab, label, model };
    entries.unshift(entry);
    entries.length = Math.min(entries.length, HISTORY_LENGTH);
    const list = { v: 1, entries: entries.map((e) => ({ ...e, model: storable(e.model) })) };
    this.storage.setItem(HISTORY_KEY, JSON.stringify(list));
    return entry;
  }

  /** history lists the kept states, newest first. */
  history() {
    return readHistory(this.get(HISTORY_KEY));
  }

  /** unreadable returns the kept autosave this page could not read. */
  unreadable() {
    return this.get(KEPT_KEY);
  }

  /** fromOtherTab reports whether a storage event is another tab saving
   * work other than model (this tab's) over this tab's autosave. */
  fromOtherTab(event, model) {
    if (event.key !== STORE_KEY || event.newValue === null || event.newValue === this.owned) return false;
    const r = readSaved(event.newValue);
    return !r || !!r.unreadable || !sameWork(r.model, model);
  }
}
