// A small Markdown renderer for scenario explanations that builds DOM nodes
// directly: paragraphs, headings, bullet and numbered lists, fenced code,
// block quotes, and inline code, bold, italics and links. No HTML in the
// source is ever interpreted; it shows as text. Links only go to http(s),
// relative or #fragment addresses.
import { h } from "./dom.js";

/** renderMarkdown returns a DocumentFragment for the Markdown text. */
export function renderMarkdown(text) {
  const frag = document.createDocumentFragment();
  const lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^\s*$/.test(line)) { i++; continue; }
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      frag.append(h("pre", null, h("code", null, body.join("\n"))));
      continue;
    }
    const head = /^(#{1,6})\s+(.*)$/.exec(line);
    if (head) {
      const level = Math.min(6, head[1].length + 2);
      frag.append(inline(h("h" + level), head[2]));
      i++;
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const list = h(ordered ? "ol" : "ul");
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) {
        let item = lines[i].replace(/^\s*([-*+]|\d+[.)])\s+/, "");
        i++;
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !/^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) item += " " + lines[i++].trim();
        list.append(inline(h("li"), item));
      }
      frag.append(list);
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) body.push(lines[i++].replace(/^\s*>\s?/, ""));
      frag.append(inline(h("blockquote"), body.join(" ")));
      continue;
    }
    const para = [];
    while (i < lines.length && !/^\s*$/.test(lines[i]) && !/^\s*(```|~~~|#{1,6}\s|>|[-*+]\s|\d+[.)]\s)/.test(lines[i])) para.push(lines[i++].trim());
    if (para.length === 0) para.push(lines[i++].trim());
    frag.append(inline(h("p"), para.join(" ")));
  }
  return frag;
}

function safeHref(url) {
  const u = url.trim();
  if (/^(https?:\/\/|\/|\.\.?\/|#)/i.test(u) || /^[\w.-]+(\/[\w.\-#?=&%]*)?$/.test(u)) {
    if (/^\s*(javascript|data|vbscript):/i.test(u)) return null;
    return u;
  }
  return null;
}

const INLINE = /(`+)([\s\S]*?)\1|\*\*([\s\S]+?)\*\*|(?<!\w)__([\s\S]+?)__(?!\w)|\*([^*\s][^*]*?)\*|(?<!\w)_([^_\s][^_]*?)_(?!\w)|\[([^\]]+)\]\(([^)\s]+)\)/;

/** inline appends the inline Markdown of text to el and returns el. */
function inline(el, text) {
  let rest = text;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) { el.append(rest); break; }
    if (m.index > 0) el.append(rest.slice(0, m.index));
    if (m[1]) el.append(h("code", null, m[2]));
    else if (m[3] || m[4]) el.append(inline(h("strong"), m[3] || m[4]));
    else if (m[5] || m[6]) el.append(inline(h("em"), m[5] || m[6]));
    else {
      const href = safeHref(m[8]);
      if (href) {
        const a = inline(h("a", { href }), m[7]);
        if (/^https?:/i.test(href)) { a.rel = "noopener noreferrer"; a.target = "_blank"; }
        el.append(a);
      } else {
        el.append(m[0]);
      }
    }
    rest = rest.slice(m.index + m[0].length);
  }
  return el;
}
