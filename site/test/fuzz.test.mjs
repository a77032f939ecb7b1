// Fuzzing the page's decoders of outside data: share links (decodeShare)
// and saved work (readSaved, readHistory, as the page restores them from
// localStorage). A seeded random loop mutates valid encodings and checks
// that each input is either read or refused with the decoder's own error,
// that what is read is bounded, and reports the slowest input.
//
//   node --test site/test/                        (a short run, as in make test)
//   IAMPLAY_FUZZ_COUNT=30000 node --test site/test/fuzz.test.mjs   (make fuzz)
//   IAMPLAY_FUZZ_SEED=7 …                          (another sequence)
import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import { encodeShare, decodeShare, ShareError, PREFIX } from "../src/share.js";
import { MAX_STATE_BYTES, MAX_LEVELS, MAX_POLICIES, MAX_CONTEXT_KEYS } from "../src/limits.js";
import { readSaved, readHistory } from "../src/persist.js";
import { toInput } from "../src/model.js";

const COUNT = Number(process.env.IAMPLAY_FUZZ_COUNT) || 400;
const SEED = Number(process.env.IAMPLAY_FUZZ_SEED) || 1;

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function seeds() {
  const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
  return [
    { engine: "0.1.0", scenario: "s", request: "r", input: { policies: { identity: [{ name: "P", document: doc }] }, request: { principal: "p", action: "s3:GetObject", resource: "*" } } },
    { engine: "0.1.0", scenario: "", request: "", input: { policies: { scp: [[{ name: "root", document: doc }], [doc]], resource: doc }, request: { context: { "aws:SourceIp": "1.2.3.4", "aws:TagKeys": ["a"] } } } },
    { input: {} },
  ];
}

/** Mutations of JSON values: the shapes decoders meet at their edges. */
function mutateValue(r, v, depth = 0) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  if (depth > 4 || r() < 0.3) {
    return pick([
      null, 0, -1, 1e308, NaN, "", "x".repeat(Math.floor(r() * 100)), [], {}, true, "<img src=x>",
      Array.from({ length: MAX_LEVELS + 1 }, () => []),
      Array.from({ length: Math.floor(r() * (MAX_POLICIES + 5)) }, () => "{}"),
      Object.fromEntries(Array.from({ length: Math.floor(r() * (MAX_CONTEXT_KEYS + 5)) }, (_, i) => [`k${i}`, i])),
      "scp:" + Math.floor(r() * 1e9), "{\"Statement\":[" + "{},".repeat(Math.floor(r() * 50)) + "{}]}",
      "[".repeat(Math.floor(r() * 5000)),
    ]);
  }
  if (Array.isArray(v)) {
    const out = v.map((x) => (r() < 0.5 ? mutateValue(r, x, depth + 1) : x));
    if (r() < 0.3) out.push(mutateValue(r, null, depth + 1));
    return out;
  }
  if (v && typeof v === "object") {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (r() < 0.1) continue;
      out[r() < 0.05 ? pick(["input", "policies", "model", "v", "req", "__proto__", "context"]) : k] = r() < 0.5 ? mutateValue(r, x, depth + 1) : x;
    }
    return out;
  }
  return mutateValue(r, null, depth + 5);
}

/** Mutations of text: flips, cuts, repeats, inserts. */
function mutateText(r, s, alphabet) {
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 5)) {
      case 0: s = s.slice(0, at) + alphabet[Math.floor(r() * alphabet.length)] + s.slice(at + 1); break;
      case 1: s = s.slice(0, at); break;
      case 2: s = s.slice(0, at) + s.slice(at, at + 1 + Math.floor(r() * 40)).repeat(1 + Math.floor(r() * 50)) + s.slice(at); break;
      case 3: s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 20)); break;
      default: s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(at);
    }
  }
  return s;
}

function mutateBytes(r, bytes) {
  const b = Buffer.from(bytes);
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n && b.length; i++) b[Math.floor(r() * b.length)] ^= 1 << Math.floor(r() * 8);
  return r() < 0.2 ? b.subarray(0, Math.floor(r() * b.length)) : b;
}

async function linkInputs(r, base) {
  const p = base[Math.floor(r() * base.length)];
  const json = JSON.stringify(p);
  switch (Math.floor(r() * 4)) {
    case 0: return mutateText(r, await encodeShare(p), B64);
    case 1: return PREFIX + mutateBytes(r, deflateRawSync(json)).toString("base64url");
    case 2: return PREFIX + deflateRawSync(mutateText(r, json, '{}[]",:0"a\\')).toString("base64url");
    default: return encodeShare(mutateValue(r, p));
  }
}

test(`decodeShare: ${COUNT} mutated links (seed ${SEED}) are read or refused with ShareError, within bounds`, { timeout: 600000 }, async (t) => {
  const r = rng(SEED);
  const base = seeds();
  let read = 0;
  let slowest = 0;
  for (let i = 0; i < COUNT; i++) {
    const link = await linkInputs(r, base);
    const t0 = performance.now();
    try {
      const st = await decodeShare(link);
      read++;
      assert.equal(typeof st.engine, "string");
      assert.equal(typeof st.scenario, "string");
      assert.equal(typeof st.request, "string");
      assert.ok(st.input && typeof st.input === "object" && !Array.isArray(st.input), link);
      assert.ok(JSON.stringify(st).length <= MAX_STATE_BYTES, `input ${i}: state over the limit`);
    } catch (e) {
      if (!(e instanceof ShareError)) assert.fail(`input ${i} (${link.slice(0, 80)}…): ${e && e.stack}`);
    }
    slowest = Math.max(slowest, performance.now() - t0);
  }
  t.diagnostic(`${read} of ${COUNT} read, the rest refused; slowest input ${slowest.toFixed(1)} ms`);
});

test(`readSaved, readHistory: ${COUNT} mutated saved states (seed ${SEED}) never throw, and what they read converts`, { timeout: 600000 }, (t) => {
  const r = rng(SEED + 1);
  const model = {
    scenario: "s", request: "r", name: "", description: "", expect: "", scpLevels: 2, rcpLevels: 0,
    policies: [{ name: "P", attach: "identity", text: "{}" }, { name: "S", attach: "scp:2", text: "{}" }],
    req: { principal: "p", action: "a", resource: "*", resourceOwner: "", context: [{ key: "k", type: "list", value: "a, b" }] },
  };
  const saved = { v: 1, tab: "t", at: 1, model };
  const history = { v: 1, entries: [{ at: 1, kind: "tab", tab: "t", label: "l", model }, { at: 2, kind: "replaced", model }] };
  let slowest = 0;
  for (let i = 0; i < COUNT; i++) {
    const asText = r() < 0.5;
    const rawSaved = asText ? mutateText(r, JSON.stringify(saved), '{}[]",:01tv') : JSON.stringify(mutateValue(r, saved));
    const rawHistory = asText ? mutateText(r, JSON.stringify(history), '{}[]",:01tv') : JSON.stringify(mutateValue(r, history));
    const t0 = performance.now();
    const s = readSaved(rawSaved);
    if (s && !s.unreadable) {
      // What is restored must be usable: the page converts it at once.
      const { input } = toInput(s.model);
      for (const kind of ["scp", "rcp"]) assert.ok(!input.policies[kind] || input.policies[kind].length <= MAX_LEVELS, `input ${i}: ${kind} levels`);
    }
    const h = readHistory(rawHistory);
    assert.ok(Array.isArray(h) && h.length <= 10);
    for (const e of h) toInput(e.model);
    slowest = Math.max(slowest, performance.now() - t0);
  }
  t.diagnostic(`slowest input ${slowest.toFixed(1)} ms`);
});
