// Import files (site/src/files.js): what is read, and what is refused
// with the file's name and, for JSON errors, the line and column.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readStateFile, fileName, exportText, FileError } from "../src/files.js";
import { MAX_STATE_BYTES } from "../src/limits.js";

const input = { policies: { identity: [{ name: "P", document: "{}" }] }, request: { principal: "p", action: "s3:GetObject", resource: "*" } };

test("an exported input reads back as it was", () => {
  assert.deepEqual(readStateFile("x.json", exportText(input)), { input, scenario: "", request: "" });
});

test("a share link's payload reads as its input and labels", () => {
  const text = JSON.stringify({ engine: "0.1.0", scenario: "s", request: "r", input });
  assert.deepEqual(readStateFile("x.json", text), { input, scenario: "s", request: "r" });
});

test("bad files are refused saying where and why", () => {
  const scp = Array.from({ length: 8 }, () => [{}]);
  const cases = [
    ["bad.json", '{\n  "policies": {,\n}', /^bad\.json:2:16: not valid JSON/],
    ["list.json", "[1]", /^list\.json: not a playground input/],
    ["other.json", '{"hello": 1}', /^other\.json: not a playground input \(it has neither/],
    ["deep.json", JSON.stringify({ policies: { scp }, request: {} }), /^deep\.json: it has 8 SCP levels/],
    ["big.json", " ".repeat(MAX_STATE_BYTES + 1), /^big\.json: the file is 4194305 characters; the largest accepted is 4194304/],
  ];
  for (const [name, text, why] of cases) {
    assert.throws(() => readStateFile(name, text), (e) => e instanceof FileError && why.test(e.message), name);
  }
});

test("file names come from the state's label", () => {
  assert.equal(fileName("“S3 › read <img>”"), "iamplay-s3-read-img.json");
  assert.equal(fileName(""), "iamplay-state.json");
});
