// Exercises: a starting state in the playground and a goal the engine
// checks live. A lesson's exercise link carries the goal in its share-link
// state ("goal", see site/SHARE.md): requests that must get a decision,
// hints, and a solution. On every evaluation the panel evaluates each goal
// request against the policies on the page and shows ✓ or ✗; solving it is
// remembered in this browser (progress, read by the lessons index).
import { h, clear } from "./dom.js";

const ACTIVE_KEY = "iamplay.exercise"; // the exercise in progress (this tab)
const PROGRESS_KEY = "iamplay.progress"; // {lessons: {url: 1}, exercises: {id: 1}}
const MAX_GOALS = 12;
const DECISIONS = { allowed: "Allowed", explicitDeny: "Explicit deny", implicitDeny: "Implicit deny" };

/** readGoal checks a goal's shape; anything else is not an exercise. */
export function readGoal(g) {
  const str = (x, max = 2000) => typeof x === "string" && x.length <= max;
  if (!g || typeof g !== "object" || Array.isArray(g)) return null;
  if (!str(g.id, 200) || !g.id || !str(g.title) || !str(g.task, 4000)) return null;
  if (!Array.isArray(g.goals) || g.goals.length === 0 || g.goals.length > MAX_GOALS) return null;
  for (const it of g.goals) {
    if (!it || typeof it !== "object" || !DECISIONS[it.expect]) return null;
    const r = it.request;
    if (!r || typeof r !== "object" || !str(r.principal) || !str(r.action) || !str(r.resource)) return null;
  }
  const hints = Array.isArray(g.hints) ? g.hints.filter((x) => str(x)).slice(0, 10) : [];
  const solution = g.solution && typeof g.solution === "object" && !Array.isArray(g.solution) ? g.solution : null;
  return {
    id: g.id, title: g.title, task: g.task, lesson: str(g.lesson, 300) && /^\/(?!\/)[\w\-/]*$/.test(g.lesson) ? g.lesson : "", // a path on this site
    goals: g.goals.map((it) => ({ label: str(it.label) ? it.label : "", request: it.request, expect: it.expect })),
    hints, solution,
  };
}

/** progress reads what this browser has kept: lessons read, exercises solved. */
export function progress() {
  try {
    const p = JSON.parse(localStorage.getItem(PROGRESS_KEY) || "{}");
    return { lessons: (p && p.lessons) || {}, exercises: (p && p.exercises) || {} };
  } catch {
    return { lessons: {}, exercises: {} };
  }
}

function markSolved(id) {
  const p = progress();
  if (p.exercises[id]) return;
  p.exercises[id] = Date.now();
  try { localStorage.setItem(PROGRESS_KEY, JSON.stringify(p)); } catch { /* not kept */ }
}

/**
 * Exercise is the panel. hooks: evaluate(input) → {report, errors},
 * input() → the page's flat input, load(input, message) replaces the
 * page's state (with undo).
 */
export class Exercise {
  constructor(hooks) {
    this.hooks = hooks;
    this.goal = null;
    this.shownHints = 0;
    this.box = null;
    this.last = "";
  }

  /** start shows a goal from a link (null closes any exercise). */
  start(raw) {
    const g = readGoal(raw);
    this.goal = g;
    this.shownHints = 0;
    try {
      if (g) sessionStorage.setItem(ACTIVE_KEY, JSON.stringify(g));
      else sessionStorage.removeItem(ACTIVE_KEY);
    } catch { /* the panel still works for this page */ }
    this.render();
  }

  /** restore brings back the exercise of this tab after a reload. */
  restore() {
    let g = null;
    try { g = readGoal(JSON.parse(sessionStorage.getItem(ACTIVE_KEY) || "null")); } catch { /* none */ }
    this.goal = g;
    this.render();
  }

  close() {
    this.start(null);
  }

  render() {
    if (this.box) this.box.remove();
    this.box = null;
    this.last = "";
    const g = this.goal;
    if (!g) return;
    const box = h("section", { id: "exercise", className: "panel exercise", "aria-label": "Exercise" },
      h("div", { className: "col-head" },
        h("h2", null, "Exercise: ", g.title),
        h("button", { type: "button", className: "btn small", id: "exercise-close", onclick: () => this.close() }, "Close")),
      h("p", null, g.task),
      h("p", { className: "exercise-state", id: "exercise-state", "aria-live": "polite" }),
      h("ul", { className: "goals", id: "exercise-goals" }),
      h("div", { className: "exercise-tools" },
        g.hints.length ? h("button", { type: "button", className: "btn small", id: "exercise-hint", onclick: () => this.hint() }, "Hint") : null,
        g.solution ? h("button", { type: "button", className: "btn small", id: "exercise-solution", onclick: () => this.showSolution() }, "Show solution") : null,
        g.lesson ? h("a", { className: "btn small", href: ".." + g.lesson }, "Back to the lesson") : null),
      h("ol", { className: "hints", id: "exercise-hints" }));
    const col = document.querySelector(".col-left");
    col.prepend(box);
    this.box = box;
    this.check();
  }

  hint() {
    const g = this.goal;
    if (!g || this.shownHints >= g.hints.length) return;
    this.shownHints++;
    const list = this.box.querySelector("#exercise-hints");
    clear(list);
    for (const t of g.hints.slice(0, this.shownHints)) list.append(h("li", null, t));
    const btn = this.box.querySelector("#exercise-hint");
    if (this.shownHints >= g.hints.length) {
      btn.disabled = true;
      btn.textContent = "No more hints";
    } else btn.textContent = `Hint (${this.shownHints + 1} of ${g.hints.length})`;
  }

  showSolution() {
    const g = this.goal;
    if (!g || !g.solution) return;
    const input = this.hooks.input();
    this.hooks.load({ ...input, policies: g.solution }, "Showed the exercise's solution.");
  }

  /** check evaluates every goal request against the page's policies. */
  check() {
    const g = this.goal;
    if (!g || !this.box) return;
    const base = this.hooks.input();
    const results = g.goals.map((it) => {
      const resp = this.hooks.evaluate({ policies: base.policies, request: it.request });
      const hard = (resp.errors || []).filter((e) => e.severity !== "warning");
      const got = resp.report && !hard.length ? resp.report.decision : "";
      return { it, got, ok: got === it.expect, refused: !!(resp.report && resp.report.refusal) };
    });
    const sig = JSON.stringify(results.map((r) => r.got));
    if (sig === this.last) return;
    this.last = sig;
    const list = this.box.querySelector("#exercise-goals");
    clear(list);
    for (const r of results) {
      const rq = r.it.request;
      list.append(h("li", { className: r.ok ? "ok" : "no", "data-ok": r.ok ? "true" : "false" },
        h("span", { className: "mark", "aria-hidden": "true" }, r.ok ? "✓" : "✗"),
        h("span", { className: "goal-text" },
          r.it.label ? h("strong", null, r.it.label + " ") : null,
          h("code", null, rq.principal), " → ", h("code", null, rq.action), " on ", h("code", null, rq.resource),
          `: needs ${DECISIONS[r.it.expect]}, now `,
          h("em", null, r.got ? (r.refused ? "refused by AWS" : DECISIONS[r.got]) : "no decision (fix the errors)"),
          h("span", { className: "sr-only" }, r.ok ? " (met)" : " (not met)"))));
    }
    const done = results.every((r) => r.ok);
    const state = this.box.querySelector("#exercise-state");
    state.textContent = done
      ? "✓ Solved: every goal is met. Your progress is kept in this browser."
      : `${results.filter((r) => r.ok).length} of ${results.length} goals met.`;
    this.box.classList.toggle("solved", done);
    if (done) markSolved(g.id);
  }
}
