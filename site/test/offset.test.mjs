// The engine reports columns in UTF-8 bytes (as Go tools do); the page turns
// them into CodeMirror's UTF-16 offsets (site/src/cm.js offsetOf). A policy
// with CJK text or an emoji before an element must select that element.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Text } from "@codemirror/state";
import { offsetOf } from "../src/cm.js";

/** byteCol is the engine's column of needle in a one-line text. */
function byteCol(line, needle) {
  return Buffer.byteLength(line.slice(0, line.indexOf(needle)), "utf8") + 1;
}

for (const [name, text] of [
  ["ASCII", `{"Sid": "x", "Effect": "Allow"}`],
  ["CJK before the element", `{"Sid": "名前", "Effect": "Allow"}`],
  ["emoji before the element", `{"Sid": "🙂🙂", "Effect": "Allow"}`],
  ["accents before the element", `{"Sid": "café", "Effect": "Allow"}`],
]) {
  test(`offsetOf: ${name}`, () => {
    const doc = Text.of(["{", text]);
    const off = offsetOf(doc, { line: 2, col: byteCol(text, `"Effect"`) });
    assert.equal(doc.sliceString(off, off + 8), `"Effect"`);
  });
}

test("offsetOf clamps a column past the end of the line", () => {
  const doc = Text.of(["{\"a\": 1}", "}"]);
  assert.equal(offsetOf(doc, { line: 1, col: 99 }), 8);
});
