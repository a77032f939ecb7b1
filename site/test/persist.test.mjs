// Saved work (site/src/persist.js) on a Storage-like map: what each way of
// losing work does to what is stored. Run: node --test site/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Autosave, readSaved, readHistory, sameWork, newTabID,
  STORE_KEY, HISTORY_KEY, KEPT_KEY, HISTORY_LENGTH, OTHER_TAB, REPLACED,
} from "../src/persist.js";
import { emptyModel, newPolicy } from "../src/model.js";

/** MemoryStorage is localStorage's interface over a Map; with quota set,
 * a write that would pass that many characters throws as browsers do. */
export class MemoryStorage {
  constructor(quota = Infinity) {
    this.map = new Map();
    this.quota = quota;
  }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) {
    v = String(v);
    let used = 0;
    for (const [key, val] of this.map) if (key !== k) used += key.length + val.length;
    if (used + k.length + v.length > this.quota) {
      const e = new Error("The quota has been exceeded.");
      e.name = "QuotaExceededError";
      throw e;
    }
    this.map.set(k, v);
  }
  removeItem(k) { this.map.delete(k); }
}

function model(text, scenario = "") {
  const m = emptyModel();
  m.scenario = scenario;
  m.policies.push(newPolicy("P", "identity", text));
  m.req.action = "s3:GetObject";
  return m;
}

test("a saved state reads back as the same work, with fresh policy ids", () => {
  const s = new MemoryStorage();
  const a = new Autosave(s, "A", () => 1000);
  assert.deepEqual(a.start(), { saved: null, unreadable: null });
  const m = model("{ mine }");
  a.save(m);
  const b = new Autosave(s, "A");
  const { saved } = b.start();
  assert.ok(sameWork(saved.model, m));
  assert.equal(saved.at, 1000);
  assert.notEqual(saved.model.policies[0].id, m.policies[0].id);
});

test("an autosave this page cannot read is kept byte for byte", () => {
  const s = new MemoryStorage();
  const newer = JSON.stringify({ v: 2, workspace: { tabs: ["from a newer page"] } });
  s.setItem(STORE_KEY, newer);
  const a = new Autosave(s, "A");
  const r = a.start();
  assert.equal(r.saved, null);
  assert.equal(r.unreadable, newer);
  a.save(model("{ new work }"));
  assert.equal(s.getItem(KEPT_KEY), newer);
  assert.equal(a.unreadable(), newer);
});

test("a state replaced by a load is kept in the history, newest first, without repeats", () => {
  const s = new MemoryStorage();
  const a = new Autosave(s, "A", () => 5);
  a.start();
  a.keep(model("one"), { label: "first" });
  a.keep(model("two"), { label: "second" });
  a.keep(model("one"), { label: "first again" });
  const h = a.history();
  assert.deepEqual(h.map((e) => [e.label, e.model.policies[0].text, e.kind]),
    [["first again", "one", REPLACED], ["second", "two", REPLACED]]);
  for (let i = 0; i < HISTORY_LENGTH + 5; i++) a.keep(model(`n${i}`));
  assert.equal(a.history().length, HISTORY_LENGTH);
  assert.equal(a.history()[0].model.policies[0].text, `n${HISTORY_LENGTH + 4}`);
});

test("two tabs: each keeps the other's work in the history, one entry per tab", () => {
  const s = new MemoryStorage();
  const a = new Autosave(s, "A");
  const b = new Autosave(s, "B");
  a.start();
  b.start();
  a.save(model("A's work"));
  assert.equal(b.save(model("B's work")).kind, OTHER_TAB);
  assert.deepEqual(b.history().map((e) => e.model.policies[0].text), ["A's work"]);
  // Both typing at once: the history keeps one entry per tab, the latest.
  for (let i = 0; i < 30; i++) {
    a.save(model(`A ${i}`));
    b.save(model(`B ${i}`));
  }
  const h = a.history();
  assert.deepEqual(h.map((e) => [e.tab, e.model.policies[0].text]), [["A", "A 29"], ["B", "B 28"]]);
  // Saving what it already saved does not make an entry.
  const c = new Autosave(s, "C");
  c.start();
  c.save(model("B 29"));
  c.save(model("B 29"));
  assert.equal(readSaved(s.getItem(STORE_KEY)).tab, "C");
});

test("a state not edited since it was loaded is not kept: its link or scenario still has it", () => {
  const s = new MemoryStorage();
  const a = new Autosave(s, "A");
  const b = new Autosave(s, "B");
  a.start();
  b.start();
  a.save(model("a lesson's example"), false);
  assert.equal(readSaved(s.getItem(STORE_KEY)).edited, false);
  assert.equal(b.save(model("B's work")), null);
  assert.deepEqual(b.history(), []);
  // An autosave from before the flag counts as edited.
  s.setItem(STORE_KEY, JSON.stringify({ v: 1, model: model("old") }));
  assert.equal(readSaved(s.getItem(STORE_KEY)).edited, true);
});

test("a storage event is another tab's different work, or not", () => {
  const s = new MemoryStorage();
  const a = new Autosave(s, "A");
  const b = new Autosave(s, "B");
  a.start();
  const mine = model("mine");
  a.save(mine);
  assert.equal(a.fromOtherTab({ key: STORE_KEY, newValue: s.getItem(STORE_KEY) }, mine), false);
  b.start();
  b.save(model("mine")); // the other tab opened on the same work
  assert.equal(a.fromOtherTab({ key: STORE_KEY, newValue: s.getItem(STORE_KEY) }, mine), false);
  b.save(model("theirs"));
  assert.equal(a.fromOtherTab({ key: STORE_KEY, newValue: s.getItem(STORE_KEY) }, mine), true);
  assert.equal(a.fromOtherTab({ key: STORE_KEY, newValue: '{"v":2}' }, mine), true);
  assert.equal(a.fromOtherTab({ key: HISTORY_KEY, newValue: "{}" }, mine), false);
});

test("a full quota throws and leaves the stored work as it was", () => {
  const s = new MemoryStorage(2000);
  const a = new Autosave(s, "A");
  a.start();
  a.save(model("small"));
  const before = s.getItem(STORE_KEY);
  assert.throws(() => a.save(model("x".repeat(5000))), { name: "QuotaExceededError" });
  assert.equal(s.getItem(STORE_KEY), before);
  assert.throws(() => a.keep(model("y".repeat(5000))), { name: "QuotaExceededError" });
  assert.deepEqual(a.history(), []);
});

test("storage that throws on reading counts as empty", () => {
  const broken = { getItem() { throw new Error("SecurityError"); }, setItem() { throw new Error("SecurityError"); } };
  const a = new Autosave(broken, "A");
  assert.deepEqual(a.start(), { saved: null, unreadable: null });
  assert.deepEqual(a.history(), []);
  assert.throws(() => a.save(model("x")), /SecurityError/);
});

test("a tab keeps its name across reloads, and gets one without session storage", () => {
  const session = new MemoryStorage();
  const id = newTabID(session);
  assert.equal(newTabID(session), id);
  assert.match(newTabID(null), /^[a-z0-9]+$/);
});

test("a tab's name given as a function is asked for once, when a save first needs it", () => {
  const s = new MemoryStorage();
  let asked = 0;
  const a = new Autosave(s, () => { asked++; return "lazy"; });
  assert.deepEqual(a.start(), { saved: null, unreadable: null });
  assert.equal(asked, 0, "reading the autosave does not need the tab's name");
  a.save(model("x"));
  a.save(model("y"));
  assert.equal(asked, 1);
  assert.equal(readSaved(s.getItem(STORE_KEY)).tab, "lazy");
});

test("stored values of the wrong shape read as nothing, never throw", () => {
  for (const raw of [null, "", "{", "null", "[]", '{"v":1}', '{"v":1,"model":{"policies":[{}],"req":{"context":[]}}}']) {
    const r = readSaved(raw);
    assert.ok(r === null || r.unreadable === true, raw);
  }
  for (const raw of [null, "", "{", '{"v":1,"entries":{}}', '{"v":1,"entries":[null,1,{"model":{}}]}', '{"v":2,"entries":[]}']) {
    assert.deepEqual(readHistory(raw), [], raw);
  }
  // Huge organization levels in a stored state are brought within the limits.
  const raw = JSON.stringify({ v: 1, model: { scpLevels: 1e308, policies: [{ name: "x", attach: "scp:99999999", text: "" }], req: { context: [] } } });
  const r = readSaved(raw);
  assert.equal(r.model.scpLevels, 7);
  assert.equal(r.model.policies[0].attach, "scp:7");
});
