// whenSettled (dom.js): work that typing changes on every key runs once the
// calls stop, and at least once in a while when they do not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { whenSettled } from "../src/dom.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test("calls close together run the work once, after they stop", async () => {
  let runs = 0;
  const kick = whenSettled(() => runs++, 40, 10000);
  for (let i = 0; i < 5; i++) {
    kick();
    await sleep(5);
  }
  assert.equal(runs, 0, "not while the calls go on");
  await sleep(150); // quiet, then the idle fallback (50 ms)
  assert.equal(runs, 1);
});

test("calls that never stop still run the work once the longest wait is over", async () => {
  let runs = 0;
  const kick = whenSettled(() => runs++, 40, 100);
  const until = performance.now() + 400;
  while (performance.now() < until) {
    kick();
    await sleep(10);
  }
  assert.ok(runs >= 2, `ran ${runs} times in 400 ms of calls every 10 ms`);
});
