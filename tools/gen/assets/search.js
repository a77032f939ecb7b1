// Search over lessons and scenarios. The index (/search.json) is made by
// tools/gen; it is fetched the first time the reader types.
const input = document.getElementById("search");
const list = document.getElementById("search-results");
let entries = null;
// The site's root, from this script's own address (/assets/search.js), so
// that a site served under a sub-path (tools/gen -base) finds its index
// and pages; the index's URLs are relative to the root.
const root = new URL("../", import.meta.url);

async function load() {
  if (entries === null) {
    const res = await fetch(new URL("search.json", root));
    entries = (await res.json()).map((e) => ({
      ...e,
      hay: [e.t, e.s || "", e.p || "", e.x || ""].map((s) => s.toLowerCase()),
    }));
  }
  return entries;
}

// score weighs a match in a title above one in a summary, and that above
// one in the text; every word of the query must match somewhere.
function score(e, words) {
  let total = 0;
  for (const w of words) {
    const [title, summary, page, text] = e.hay;
    let s = 0;
    if (title.includes(w)) s += title.startsWith(w) ? 12 : 8;
    if (summary.includes(w)) s += 4;
    if (page.includes(w)) s += 2;
    if (text.includes(w)) s += 1;
    if (s === 0) return 0;
    total += s;
  }
  return total + (e.k === "section" ? 0 : 1);
}

const kinds = { lesson: "lesson", section: "section", scenario: "scenario" };

function show(results) {
  list.replaceChildren();
  if (results.length === 0) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = "Nothing found.";
    list.append(li);
  }
  for (const e of results) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    const u = new URL(e.u.replace(/^\//, ""), root);
    a.href = u.pathname + u.hash;
    a.textContent = e.k === "section" ? `${e.p}: ${e.t}` : e.t;
    const kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = kinds[e.k] || e.k;
    a.append(kind);
    li.append(a);
    list.append(li);
  }
  list.hidden = false;
}

async function search() {
  const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    list.hidden = true;
    return;
  }
  const all = await load();
  const found = all
    .map((e) => [score(e, words), e])
    .filter(([s]) => s > 0)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 12)
    .map(([, e]) => e);
  show(found);
}

if (input && list) {
  input.addEventListener("input", search);
  input.addEventListener("keydown", (ev) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.findIndex((a) => a.getAttribute("aria-selected") === "true");
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      const next = ev.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : Math.max(at - 1, 0);
      links.forEach((a, i) => a.setAttribute("aria-selected", String(i === next)));
    } else if (ev.key === "Enter" && at >= 0) {
      location.href = links[at].href;
    } else if (ev.key === "Escape") {
      list.hidden = true;
    }
  });
  document.addEventListener("click", (ev) => {
    if (!ev.target.closest(".search")) list.hidden = true;
  });
}
