// The trace as a collapsible tree: stage → level → policy → statement →
// element / condition, each with a matched or unmatched mark. Children are
// built only when a node is open, so a policy of a hundred statements
// renders quickly on every keystroke. Open and closed states survive
// re-rendering, keyed by each node's path.
import { h, clear } from "./dom.js";

const MARK = {
  match: ["✓", "r-ok"], allow: ["✓", "r-ok"], pass: ["✓", "r-ok"],
  noMatch: ["✗", "r-no"], fail: ["✗", "r-no"], deny: ["⊘", "r-deny"],
  none: ["·", "r-none"], notApplicable: ["–", "r-na"],
};

const RESULT_WORD = {
  policy: { allow: "allows", deny: "denies", none: "neither allows nor denies" },
  statement: { match: "applies", noMatch: "does not apply" },
};

function quoteList(vals) {
  if (!vals || vals.length === 0) return "(none)";
  return vals.map((v) => `“${v}”`).join(", ");
}

/** describe returns a node's label and its detail line, as plain text. */
export function describe(n) {
  let label = n.label;
  let detail = n.note || "";
  const tags = [];
  switch (n.kind) {
    case "stage":
      if (n.result === "notApplicable") label += " — not applicable";
      break;
    case "level":
      if (n.result === "none") label += " — allows nothing here";
      break;
    case "policy":
      label = `Policy ${n.label}`;
      if (RESULT_WORD.policy[n.result]) tags.push(RESULT_WORD.policy[n.result]);
      break;
    case "statement":
      label = `Statement ${n.label}`;
      if (n.effect) tags.push(n.effect);
      if (RESULT_WORD.statement[n.result]) tags.push(RESULT_WORD.statement[n.result]);
      break;
    case "principal":
    case "action":
    case "resource":
      if (n.value) label += `: ${n.value}`;
      break;
    case "condition": {
      const c = n.condition;
      if (c) {
        label = `Condition ${c.operator} ${c.key}`;
        const req = c.present ? quoteList(c.requestValues) + (c.origin === "derived" ? " (derived)" : "") : "missing from the request";
        const cmp = `request ${req} vs policy ${quoteList(c.policyValues)}`;
        detail = detail ? `${cmp}. ${detail}` : cmp;
      }
      break;
    }
  }
  return { label, detail, tags };
}

// setChildren makes el's children exactly items, touching the DOM only
// where they differ: rows that stay are neither removed nor re-inserted, so
// the browser restyles and lays out only the rows that changed (replacing
// all children would make it redo the whole list on every keystroke).
function setChildren(el, items) {
  const cur = el.children;
  let same = cur.length === items.length;
  for (let i = 0; same && i < items.length; i++) same = cur[i] === items[i];
  if (same) return;
  const keep = new Set(items);
  for (const c of [...cur]) if (!keep.has(c)) c.remove();
  for (let i = 0; i < items.length; i++) {
    if (cur[i] !== items[i]) el.insertBefore(items[i], cur[i] || null);
  }
}

// key names a node by the kinds and labels on its path, so a node keeps its
// open or closed state while policies around it change.
function key(parent, n) {
  return `${parent}/${n.kind}:${n.label}`;
}

/**
 * TraceView renders reports into a container. onSelect(node) is called when
 * a trace item with a span is activated.
 */
export class TraceView {
  /** unfold(gen, item), when given, fetches a folded node's children from
   * the engine (iamplay.children): the engine leaves out the children of
   * the statements shown closed, which are most of a large policy's
   * trace, until they are opened. */
  constructor(container, onSelect, unfold) {
    this.el = container;
    this.onSelect = onSelect;
    this.unfold = unfold || null;
    this.open = new Map(); // path → open, where the reader chose
    this.report = null;
  }

  /**
   * render draws a report's trace (or nothing). Rows whose content did not
   * change since the last render are kept rather than rebuilt: typing in a
   * large policy usually changes a few rows, and rebuilding a hundred costs
   * more than a frame.
   */
  render(report) {
    this.report = report;
    const prev = this.rows || new Map();
    this.rows = new Map();
    if (!report || !report.trace) {
      clear(this.el);
      this.ul = null;
      return;
    }
    this.deciding = report.deciding || null;
    const root = report.trace;
    const kids = root.children || [];
    const items = kids.map((c) => this.item(c, key("", c), kids.length, 1, prev));
    if (!this.ul) {
      clear(this.el);
      this.head = h("p", { className: "muted mono" });
      this.ul = h("ul", { "aria-label": "Evaluation trace" });
      this.el.append(this.head, this.ul);
    }
    if (this.head.textContent !== root.label) this.head.textContent = root.label;
    setChildren(this.ul, items);
  }

  /** kidsOf returns n's children, fetching a folded node's once. */
  kidsOf(n) {
    if (n.children) return n.children;
    if (n.folded == null) return [];
    const kids = this.unfold && this.report ? this.unfold(this.report.gen, n.folded) : null;
    if (!Array.isArray(kids)) return []; // no engine answer to unfold from (yet): ask again next time
    n.children = kids;
    return kids;
  }

  isDeciding(n) {
    const d = this.deciding;
    return d && n.kind === "statement" && n.policy === d.policy && n.span && d.span &&
      n.span.start.offset === d.span.start.offset;
  }

  defaultOpen(n, siblings) {
    switch (n.kind) {
      case "stage":
      case "level":
        return true;
      case "policy":
        return n.result === "allow" || n.result === "deny" || (n.children || []).length <= 4;
      case "statement":
        return n.result === "match" || siblings <= 3 || this.isDeciding(n);
    }
    return false;
  }

  isOpen(n, path, siblings) {
    const v = this.open.get(path);
    return v === undefined ? this.defaultOpen(n, siblings) : v;
  }

  /** item returns the row for node n, reusing the previous render's row
   * at the same path when it shows the same thing. */
  item(n, path, siblings, depth, prev) {
    const [mark, cls] = MARK[n.result] || ["•", "r-none"];
    const hasKids = n.folded != null || (n.children || []).length > 0;
    const open = hasKids && this.isOpen(n, path, siblings);
    const { label, detail, tags } = describe(n);
    const deciding = this.isDeciding(n);
    const canSelect = !!(n.span && n.policy);
    const sig = [n.kind, cls, mark, label, detail, tags.join("\u0001"), open, hasKids, deciding, canSelect, depth].join("\u0002");
    let row = prev.get(path);
    if (row && row.sig === sig) {
      row.node = n;
    } else {
      row = this.build(n, path, depth, { mark, cls, label, detail, tags, hasKids, open, deciding, canSelect, sig });
    }
    const title = canSelect ? `Select in ${n.policy} (line ${n.span.start.line})` : "";
    if (row.lbl.title !== title) row.lbl.title = title;
    this.rows.set(path, row);
    if (open) {
      if (!row.childList) {
        row.childList = h("ul");
        row.li.append(row.childList);
      }
      row.childList.hidden = false;
      const kids = this.kidsOf(n);
      setChildren(row.childList, kids.map((c) => this.item(c, key(path, c), kids.length, depth + 1, prev)));
    } else if (row.childList) {
      row.childList.remove();
      row.childList = null;
    }
    return row.li;
  }

  build(n, path, depth, v) {
    const li = h("li", { className: `k-${n.kind} ${v.cls}` });
    if (n.kind === "decision") li.classList.add("tn-decision");
    if (v.deciding) li.classList.add("tn-deciding");
    const toggle = h("button", {
      type: "button", className: "tn-toggle" + (v.hasKids ? "" : " leaf"), tabIndex: v.hasKids ? 0 : -1,
      "aria-label": "Show details", "aria-expanded": v.hasKids ? String(v.open) : undefined,
      "aria-hidden": v.hasKids ? undefined : "true",
    }, v.hasKids ? (v.open ? "▾" : "▸") : "");
    const lbl = h("button", { type: "button", className: "tn-label" + (v.canSelect ? "" : " nospan") },
      v.label, v.tags.map((t) => h("span", { className: "tag" }, t)));
    li.append(h("div", { className: "tn-row" }, toggle, h("span", { className: "tn-mark", "aria-hidden": "true" }, v.mark), lbl));
    const srMark = { "r-ok": "matched", "r-no": "not matched", "r-deny": "denies", "r-na": "not applicable", "r-none": "" }[v.cls];
    if (srMark) lbl.setAttribute("aria-description", srMark);
    if (v.detail) li.append(h("span", { className: "tn-detail" }, v.detail));
    const row = { li, lbl, sig: v.sig, node: n, childList: null };
    const setOpen = (open) => {
      this.open.set(path, open);
      toggle.textContent = open ? "▾" : "▸";
      toggle.setAttribute("aria-expanded", String(open));
      if (open && !row.childList) {
        const kids = this.kidsOf(row.node);
        row.childList = h("ul");
        row.childList.append(...kids.map((c) => this.item(c, key(path, c), kids.length, depth + 1, new Map())));
        li.append(row.childList);
      }
      if (row.childList) row.childList.hidden = !open;
      // The row now shows another state: the next render rebuilds it.
      row.sig = "";
    };
    if (v.hasKids) toggle.addEventListener("click", () => setOpen(toggle.textContent !== "▾"));
    lbl.addEventListener("click", () => {
      if (v.canSelect) this.onSelect(row.node);
      else if (v.hasKids) setOpen(toggle.textContent !== "▾");
    });
    return row;
  }

  /** setAll opens or closes every node (stages stay open). */
  setAll(open) {
    if (!this.report || !this.report.trace) return;
    const walk = (kids, path) => kids.forEach((c) => {
      const p = key(path, c);
      if (c.folded != null || (c.children || []).length) {
        this.open.set(p, open || c.kind === "stage");
        // Closing needs no folded node's children.
        if (open || c.children) walk(this.kidsOf(c), p);
      }
    });
    walk(this.report.trace.children || [], "");
    this.rows = new Map();
    this.render(this.report);
  }
}
