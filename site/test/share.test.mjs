// Share links: round trips, the Go side's pinned browser link, every
// refusal, and the cost of hostile links. Run: node --test site/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import { encodeShare, decodeShare, inflate, ShareError, PREFIX } from "../src/share.js";
import { MAX_STATE_BYTES, MAX_LEVELS, MAX_POLICIES, MAX_STATEMENTS, MAX_CONTEXT_KEYS } from "../src/limits.js";

const b64url = (buf) => Buffer.from(buf).toString("base64url");
const linkOf = (text) => PREFIX + b64url(deflateRawSync(Buffer.from(text), { level: 9 }));

function policyDoc(n) {
  const st = Array.from({ length: n }, () => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }));
  return JSON.stringify({ Version: "2012-10-17", Statement: st });
}

function inputWith({ identity = [], scpLevels = 0, contextKeys = 0 } = {}) {
  const policies = { identity: identity.map((n, i) => ({ name: `P${i}`, document: policyDoc(n) })) };
  if (scpLevels) policies.scp = Array.from({ length: scpLevels }, (_, i) => [{ name: `L${i}`, document: policyDoc(1) }]);
  const context = {};
  for (let i = 0; i < contextKeys; i++) context[`k:${i}`] = "v";
  return { policies, request: { principal: "p", action: "s3:GetObject", resource: "*", context } };
}

const payload = (input) => ({ engine: "0.1.0", scenario: "s", request: "r", input });

test("a state survives a round trip, markup and all", async () => {
  const p = { engine: "0.1.0", scenario: "dev-s3", request: "read <img src=x>", input: inputWith({ identity: [2] }) };
  const f = await encodeShare(p);
  assert.match(f, /^#v1\.[A-Za-z0-9_-]+$/);
  const { engine, scenario, request, input } = await decodeShare(f);
  assert.deepEqual({ engine, scenario, request, input }, p);
});

test("reads the link Chromium made that wasm/share pins", async () => {
  const link = "#v1.TY7BDcIwDEVXqXxEqLTilgU4MoMbXDBqneAkKlKVgZiDxXA51Tc__f_sFUjuLAQOurZvOzhC8iSoHAyN_M5FyaDSq1DKxpTwZoAlFltXEJy39qhhbvKDmkHDkkgtEsPEnilZqu4MK0Rl8Rxxsh6qOFySY5yd63fjillO34-J0GcOYuF0dhfK1-FJPv-fSqGo384foNb6Aw";
  const s = await decodeShare(link);
  assert.equal(s.scenario, "fixture");
  assert.equal(s.input.name, "from the browser");
});

test("bad links are refused with a reason", async () => {
  const good = await encodeShare(payload(inputWith({ identity: [1] })));
  const cases = [
    ["#v2.AAAA", /newer version/],
    ["abc", /does not start with #v1\./],
    ["#v1.<img src=x>", /characters that cannot be/],
    ["#v1.A", /cut short/],
    ["#v1.", /empty/],
    [good.slice(0, good.length - 20), /cut short or damaged/],
    [linkOf("not json"), /not valid JSON/],
    [linkOf('{"input":[1]}'), /no playground state/],
    [PREFIX + b64url(Buffer.from([0xff, 0xff, 0xff])), /cut short or damaged/],
  ];
  for (const [link, why] of cases) {
    await assert.rejects(decodeShare(link), (e) => e instanceof ShareError && why.test(e.message), link.slice(0, 40));
  }
});

test("counts over the limits are refused before the engine sees them", async () => {
  const cases = [
    [inputWith({ scpLevels: MAX_LEVELS }), null],
    [inputWith({ scpLevels: MAX_LEVELS + 1 }), /8 SCP levels; an organization has at most 7/],
    [inputWith({ identity: Array(MAX_POLICIES).fill(1) }), null],
    [inputWith({ identity: Array(MAX_POLICIES + 1).fill(1) }), /101 policies/],
    [inputWith({ identity: Array(10).fill(MAX_STATEMENTS / 10) }), null],
    [inputWith({ identity: [...Array(10).fill(MAX_STATEMENTS / 10), 1] }), /5001 statements/],
    [inputWith({ contextKeys: MAX_CONTEXT_KEYS }), null],
    [inputWith({ contextKeys: MAX_CONTEXT_KEYS + 1 }), /201 context keys/],
  ];
  for (const [input, why] of cases) {
    const f = await encodeShare(payload(input));
    if (!why) {
      assert.deepEqual((await decodeShare(f)).input, input);
    } else {
      await assert.rejects(decodeShare(f), (e) => e instanceof ShareError && why.test(e.message));
    }
  }
});

/** bombLink is a link whose JSON inflates to size bytes. */
function bombLink(size) {
  const body = Buffer.alloc(size, 0x20);
  body.write('{"input":{"name":"', 0);
  return linkOf(body);
}

test("a decompression bomb is refused having inflated at most the limit", async (t) => {
  for (const size of [10e6, 100e6]) {
    const link = bombLink(size);
    const t0 = performance.now();
    await assert.rejects(decodeShare(link), (e) => e instanceof ShareError && /more than 4 MiB/.test(e.message));
    t.diagnostic(`${link.length}-character link inflating to ${size / 1e6} MB: refused in ${(performance.now() - t0).toFixed(0)} ms`);
  }
});

test("inflate stops at its limit, counting as it goes", async () => {
  const bytes = deflateRawSync(Buffer.alloc(1 << 20, 0x20));
  assert.equal((await inflate(bytes, 1 << 20)).length, 1 << 20);
  await assert.rejects(inflate(bytes, (1 << 20) - 1), ShareError);
});

test("a link longer than any state is refused before decoding", async () => {
  const long = PREFIX + "A".repeat(Math.ceil((MAX_STATE_BYTES * 4) / 3) + 2048);
  await assert.rejects(decodeShare(long), (e) => e instanceof ShareError && /characters long/.test(e.message));
});
