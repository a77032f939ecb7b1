// Small DOM helpers. Every piece of text goes in with textContent or a text
// node: nothing on this page is ever parsed as HTML, so a policy, a name or a
// share link holding markup is shown as the characters it is.

/**
 * h creates an element. attrs sets properties (className, type, …), "on…"
 * keys add listeners, "data-…" and "aria-…" keys set attributes; children
 * are nodes or strings (strings become text nodes).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";

/** s creates an SVG element; attributes are set with setAttribute. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v !== undefined && v !== null && v !== false) el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2), v);
    } else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role" || k === "for" || k === "list") {
      el.setAttribute(k, String(v));
    } else {
      el[k] = v;
    }
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** clear removes every child of el. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/**
 * whenIdle runs f once the page is idle, within 100 ms: for work a
 * keystroke does not need before its trace is drawn.
 */
export const whenIdle = typeof requestIdleCallback === "function"
  ? (f) => requestIdleCallback(f, { timeout: 100 })
  : (f) => setTimeout(f, 50);

/**
 * whenSettled returns a function asking for run to be called once the page
 * is idle after the calls to it stop for quiet ms, and at the latest most
 * ms after the first call it has not served yet: for what typing changes
 * on every key but nobody reads while typing.
 */
export function whenSettled(run, quiet = 150, most = 1000) {
  let timer = 0;
  let since = 0;
  return () => {
    const now = performance.now();
    if (!since) since = now;
    clearTimeout(timer);
    timer = setTimeout(() => {
      since = 0;
      whenIdle(run);
    }, Math.max(0, Math.min(quiet, since + most - now)));
  };
}

/** $ returns the element with this id. */
export function $(id) {
  return document.getElementById(id);
}

/**
 * unchanged reports whether el already shows what sig describes, and
 * remembers sig otherwise. Renderers call it first and skip rebuilding:
 * on a keystroke most of the page shows the same thing as before, and
 * rebuilding it would cost the browser style and layout work for nothing.
 */
export function unchanged(el, sig) {
  if (el.iamplaySig === sig) return true;
  el.iamplaySig = sig;
  return false;
}
