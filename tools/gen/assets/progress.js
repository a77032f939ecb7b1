// Progress kept in this browser (localStorage "iamplay.progress", shared
// with the playground, which records solved exercises): a lesson counts as
// read once its end has been on screen; the lessons index shows what is
// read and solved; exercises show "Solved"; quizzes check answers.
const KEY = "iamplay.progress";

function load() {
  try {
    const p = JSON.parse(localStorage.getItem(KEY) || "{}");
    return { lessons: (p && p.lessons) || {}, exercises: (p && p.exercises) || {} };
  } catch {
    return { lessons: {}, exercises: {} };
  }
}

function save(p) {
  try { localStorage.setItem(KEY, JSON.stringify(p)); } catch { /* storage off or full: not kept */ }
}

function markRead(url) {
  const p = load();
  if (p.lessons[url]) return;
  p.lessons[url] = Date.now();
  save(p);
}

function lessonPage(article) {
  const url = article.dataset.lesson;
  const end = article.querySelector("nav.prevnext") || article.lastElementChild;
  if (url && end && "IntersectionObserver" in window) {
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        markRead(url);
        io.disconnect();
      }
    });
    io.observe(end);
  }
  const p = load();
  for (const s of document.querySelectorAll("[data-exercise-status]")) {
    if (p.exercises[s.dataset.exerciseStatus]) s.textContent = "✓ Solved";
  }
}

function lessonsIndex(items) {
  const p = load();
  let read = 0, solved = 0, total = 0;
  for (const li of items) {
    const ids = (li.dataset.exercises || "").split(" ").filter(Boolean);
    const done = ids.filter((id) => p.exercises[id]).length;
    total += ids.length;
    solved += done;
    const marks = [];
    if (p.lessons[li.dataset.lesson]) {
      read++;
      marks.push("✓ read");
    }
    if (ids.length) marks.push(`${done} of ${ids.length} exercise${ids.length > 1 ? "s" : ""} solved`);
    const span = document.createElement("span");
    span.className = "progress-mark" + (p.lessons[li.dataset.lesson] ? " read" : "");
    span.textContent = marks.join(" · ");
    li.querySelector("a").after(" ", span);
  }
  const box = document.getElementById("progress");
  if (box) {
    box.hidden = false;
    box.textContent = `Your progress in this browser: ${read} of ${items.length} lessons read, ${solved} of ${total} exercises solved.`;
  }
}

function quizzes() {
  for (const q of document.querySelectorAll(".quiz-question")) {
    const btn = q.querySelector("button.quiz-check");
    const out = q.querySelector(".quiz-result");
    if (!btn || !out) continue;
    btn.hidden = false;
    btn.addEventListener("click", () => {
      const picked = q.querySelector("input[type=radio]:checked");
      if (!picked) {
        out.textContent = "Pick an answer first.";
        return;
      }
      const right = picked.value === q.dataset.answer;
      out.textContent = right ? "✓ Right. " : "✗ Not quite. ";
      out.className = "quiz-result " + (right ? "right" : "wrong");
      const why = q.querySelector("details.quiz-answer");
      if (why) why.open = true;
    });
  }
}

function start() {
  const article = document.querySelector("article.lesson[data-lesson]");
  if (article) lessonPage(article);
  const items = document.querySelectorAll("ol.lessons li[data-lesson]");
  if (items.length) lessonsIndex(items);
  quizzes();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
