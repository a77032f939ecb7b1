// Keeping the reader's work: the debounced autosave, what happens when it
// fails (a full quota), other tabs saving over it, the History dialog, and
// import and export as a file. The storage rules are in persist.js; this
// is the page's side of them: notices, buttons, downloads.
import { $, whenIdle } from "./dom.js";
import { notify, dismiss, shown } from "./notices.js";
import { Autosave, newTabID, sameWork, REPLACED, STORE_KEY } from "./persist.js";
import { renderHistory, when } from "./historyui.js";
import { MAX_STATE_BYTES } from "./limits.js";
import { download, fileName, exportText, readStateFile, FileError } from "./files.js";

function sessionStore() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function localStore() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Work is the page's saved work. hooks: model() is the state on the
 * page, and edited() whether it was changed since it was loaded (if not,
 * its source still has it); load(m, message) replaces it with work (with
 * Undo); describe(m) names a
 * state for people; pristine(m) is true for a state nobody edited (a
 * scenario's request as it comes), which is not worth keeping;
 * toInput(m) and fromInput(input, scenario, request) convert states. */
export class Work {
  constructor(hooks) {
    this.hooks = hooks;
    const store = localStore();
    this.store = store ? new Autosave(store, () => newTabID(sessionStore())) : null;
    this.timer = 0;
    this.unsaved = false; // an edit waits to be saved
    this.failed = false; // the last save failed
  }

  /**
   * start reads the saved work: it returns the model to restore, or null.
   * An autosave this page cannot read is kept (and said so), never saved
   * over without a copy.
   */
  start() {
    if (!this.store) {
      notify("This browser does not let the playground save your work (storage is off): it will be gone when you close this page. Use Export to keep a copy.", { kind: "warn", id: "no-storage" });
      return null;
    }
    let res;
    try {
      res = this.store.start();
    } catch (e) {
      // The unreadable autosave could not be copied aside: offer it as a
      // file, and do not save over it until it is.
      const raw = this.store.get(STORE_KEY);
      this.store = null;
      notify(`Saved work this version cannot read could not be set aside (${e.message}); the playground will not save over it. Download it to keep it.`, {
        kind: "error", id: "unreadable",
        action: { label: "Download it", keep: true, run: () => download("iamplay-unreadable-autosave.json", raw) },
      });
      return null;
    }
    if (res.unreadable !== null) {
      notify("Work saved here earlier could not be read by this version of the playground (it may be from a newer version, or damaged). It is kept as it was: download it from History.", {
        kind: "warn", id: "unreadable",
        actions: [
          { label: "Download it", keep: true, run: () => this.downloadUnreadable() },
          { label: "History", keep: true, run: () => this.openHistory() },
        ],
      });
    }
    return res.saved;
  }

  /** save saves soon: edits come many a second, a save is one write,
   * made 200 ms after the last edit when the page is idle (a keystroke
   * coming then is not held up by it). */
  save() {
    this.unsaved = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => whenIdle(() => this.unsaved && this.saveNow()), 200);
  }

  saveNow() {
    this.unsaved = false;
    clearTimeout(this.timer);
    if (!this.store) return;
    try {
      const kept = this.store.save(this.hooks.model(), this.hooks.edited());
      if (kept) this.otherTab();
      if (this.failed) {
        this.failed = false;
        dismiss("save-failed");
        notify("Your work is being saved in this browser again.", { id: "saved-again", timeout: 6000 });
      }
    } catch (e) {
      this.saveFailed(e);
    }
  }

  saveFailed(e) {
    this.failed = true;
    if (shown("save-failed")) return;
    const why = e && e.name === "QuotaExceededError" ? "this browser's storage for the site is full" : (e && e.message) || "storage refused it";
    notify(`Your latest edits could not be saved in this browser (${why}): they will be lost if you close or reload this page. Download them as a file to keep them.`, {
      kind: "error", id: "save-failed",
      action: { label: "Download your work", keep: true, run: () => this.exportState() },
    });
  }

  /** otherTab tells this tab another tab has saved different work. */
  otherTab() {
    if (shown("other-tab")) return;
    notify("The playground is open in another tab too, with different work. Both are kept: each tab saves what it shows, and the other tab's latest work is in History.", {
      kind: "warn", id: "other-tab",
      action: { label: "History", keep: true, run: () => this.openHistory() },
    });
  }

  /** onStorage handles a storage event: another tab saved. */
  onStorage(e) {
    if (this.store && this.store.fromOtherTab(e, this.hooks.model())) this.otherTab();
  }

  /**
   * keep puts a state about to be replaced in the history, unless nobody
   * edited it. It says so if storage refuses, offering the state as a file.
   */
  keep(m, label, at) {
    if (!this.store || !m || this.hooks.pristine(m)) return false;
    try {
      this.store.keep(m, { kind: REPLACED, label, at });
      return true;
    } catch (e) {
      notify(`Your previous work could not be kept in this browser (${e.message}). Download it now to keep it.`, {
        kind: "error", id: "keep-failed",
        action: { label: "Download previous work", keep: true, run: () => this.downloadModel(m) },
      });
      return false;
    }
  }

  /**
   * offerRestore follows a link or "Try it" opened over saved work: the
   * work is kept in the history, and a notice offers it back for as long
   * as the reader has not dismissed it or chosen.
   */
  offerRestore(saved, now, message) {
    if (!saved || !saved.edited || sameWork(saved.model, now) || !this.keep(saved.model, "Before you opened a link", saved.at)) {
      notify(`${message} Your edits are saved in this browser.`, { id: "load", timeout: 8000 });
      return;
    }
    const before = saved.model;
    notify(`${message} Your previous work (${this.hooks.describe(before)}, saved ${when(saved.at)}) is kept: restore it, or find it later in History.`, {
      id: "load",
      actions: [
        { label: "Restore your previous work", run: () => this.hooks.load(before, "Restored your previous work.") },
        { label: "History", keep: true, run: () => this.openHistory() },
      ],
    });
  }

  openHistory() {
    const entries = this.store ? this.store.history() : [];
    const kept = this.store ? this.store.unreadable() !== null : false;
    renderHistory(entries, kept, {
      describe: this.hooks.describe,
      onRestore: (e) => {
        $("history-dialog").close();
        this.hooks.load(e.model, `Restored the work from ${when(e.at)}.`);
      },
      onDownload: (e) => this.downloadModel(e.model),
      onDownloadKept: () => this.downloadUnreadable(),
    });
    const dlg = $("history-dialog");
    if (!dlg.open) dlg.showModal();
  }

  downloadModel(m) {
    download(fileName(this.hooks.describe(m)), exportText(this.hooks.toInput(m)));
  }

  downloadUnreadable() {
    const raw = this.store && this.store.unreadable();
    if (raw !== null && raw !== undefined) download("iamplay-unreadable-autosave.json", raw);
  }

  exportState() {
    this.downloadModel(this.hooks.model());
  }

  /** importFile reads a chosen file and loads it (with Undo); a file that
   * cannot be read changes nothing. */
  async importFile(file) {
    if (!file) return;
    try {
      if (file.size > MAX_STATE_BYTES) {
        throw new FileError(`${file.name}: the file is ${file.size} bytes; the largest accepted is ${MAX_STATE_BYTES}`);
      }
      const st = readStateFile(file.name, await file.text());
      const m = this.hooks.fromInput(st.input, st.scenario, st.request);
      this.hooks.load(m, `Imported ${file.name}.`);
    } catch (e) {
      const why = e instanceof FileError ? e.message : `${file.name}: ${e.message}`;
      notify(`This file cannot be imported — ${why}. Nothing was changed.`, { kind: "error", id: "import-error" });
    }
  }
}
