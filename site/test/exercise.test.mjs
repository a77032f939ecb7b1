// The exercise goal a share link carries (site/src/exercise.js, readGoal):
// a well-formed goal is read, anything else is not an exercise, and
// oversized parts are cut. Run: node --test site/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readGoal } from "../src/exercise.js";

const request = { principal: "arn:aws:iam::111111111111:user/priya", action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };
const good = () => ({
  id: "priya-reads", title: "Let Priya read", task: "Allow the read.", lesson: "/lessons/policy-types/",
  goals: [{ label: "read", request, expect: "allowed" }, { request: { ...request, action: "s3:DeleteObject" }, expect: "implicitDeny" }],
  hints: ["one", "two"], solution: { identity: [{ name: "P", document: "{}" }] },
});

test("a well-formed goal is read", () => {
  const g = readGoal(good());
  assert.equal(g.id, "priya-reads");
  assert.equal(g.goals.length, 2);
  assert.equal(g.goals[1].label, "");
  assert.equal(g.lesson, "/lessons/policy-types/");
  assert.deepEqual(g.hints, ["one", "two"]);
  assert.ok(g.solution.identity);
});

test("anything else is not an exercise", () => {
  const cases = {
    "null": null,
    "array": [],
    "string": "goal",
    "no id": { ...good(), id: "" },
    "no goals": { ...good(), goals: [] },
    "too many goals": { ...good(), goals: Array.from({ length: 13 }, () => ({ request, expect: "allowed" })) },
    "bad decision": { ...good(), goals: [{ request, expect: "maybe" }] },
    "request without action": { ...good(), goals: [{ request: { principal: "p", resource: "r" }, expect: "allowed" }] },
    "huge title": { ...good(), title: "x".repeat(5000) },
  };
  for (const [name, g] of Object.entries(cases)) assert.equal(readGoal(g), null, name);
});

test("a lesson link must stay on the site, and junk hints and solutions are dropped", () => {
  const g = readGoal({ ...good(), lesson: "javascript:alert(1)", hints: ["ok", 5, { x: 1 }], solution: [] });
  assert.equal(g.lesson, "");
  assert.deepEqual(g.hints, ["ok"]);
  assert.equal(g.solution, null);
  assert.equal(readGoal({ ...good(), lesson: "//evil.example/" }).lesson, "");
  assert.equal(readGoal({ ...good(), lesson: "/lessons/a b/" }).lesson, "");
});
