// What the policy editor offers while typing, from the action catalog
// (actions.js) and where the cursor is in the policy's JSON tree: actions
// with their access level, condition operators, the condition keys valid
// for the statement's actions, resource ARN templates; hover text for
// actions and keys; and checks of the actions and keys written. Pure
// functions of an EditorState, so that node tests can run them.
import { syntaxTree } from "@codemirror/language";
import { snippetCompletion } from "@codemirror/autocomplete";
import { supports, closest, fits } from "./actions.js";

/** unquote reads a JSON string token's text (escapes resolved when valid). */
function unquote(s) {
  try {
    return JSON.parse(s);
  } catch {
    return s.replace(/^"|"$/g, "");
  }
}

/** propertyName returns the name of a Property node, or "". */
function propertyName(state, prop) {
  const n = prop && prop.getChild("PropertyName");
  return n ? unquote(state.sliceDoc(n.from, n.to)) : "";
}

/**
 * where describes the string at pos: its node, whether it is a key, and the
 * property names of the objects around it, innermost last
 * (["Statement", "Condition", "StringEquals"]).
 */
export function where(state, pos) {
  const node = syntaxTree(state).resolveInner(pos, -1);
  if (node.name !== "String" && node.name !== "PropertyName") return null;
  const raw = state.sliceDoc(node.from, node.to);
  const closed = raw.length > 1 && raw.endsWith('"') && !raw.endsWith('\\"');
  const from = node.from + 1;
  const to = closed ? node.to - 1 : node.to;
  if (pos < from || pos > to) return null; // outside the quotes
  const key = node.name === "PropertyName" || (node.parent && node.parent.name === "Object");
  const path = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === "Property") path.unshift(propertyName(state, p));
  }
  if (key && node.parent && node.parent.name === "Property") path.pop();
  return { node, key, path, from, to, text: unquote(raw) };
}

/**
 * actionsOf lists the catalog actions the statement's Action element
 * covers; unknown is true when an item names something the catalog does not
 * know (or is "*"), so the list is not the whole story.
 */
export function actionsOf(catalog, state, node) {
  for (let p = node; p; p = p.parent) {
    if (p.name !== "Object") continue;
    for (let c = p.firstChild; c; c = c.nextSibling) {
      if (c.name === "Property" && propertyName(state, c) === "Action") {
        const actions = [];
        let unknown = false;
        for (const s of stringsOf(c)) {
          const got = catalog.expand(unquote(state.sliceDoc(s.from, s.to)));
          if (!got.length || got.length > 2000) unknown = true;
          else actions.push(...got);
        }
        return { actions, unknown };
      }
    }
  }
  return { actions: [], unknown: true };
}

function stringsOf(prop) {
  const out = [];
  const v = prop.lastChild;
  if (!v) return out;
  if (v.name === "String") out.push(v);
  if (v.name === "Array") for (let c = v.firstChild; c; c = c.nextSibling) if (c.name === "String") out.push(c);
  return out;
}

const BASES = ["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
  "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
  "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
  "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null"];

/** OPERATORS lists every condition operator name IAM accepts. */
export const OPERATORS = BASES.flatMap((b) => (b === "Null" ? [b]
  : [b, `${b}IfExists`, `ForAnyValue:${b}`, `ForAllValues:${b}`, `ForAnyValue:${b}IfExists`, `ForAllValues:${b}IfExists`]));

const ACTION_ELEMENTS = new Set(["Action", "NotAction"]);
const RESOURCE_ELEMENTS = new Set(["Resource", "NotResource"]);

/** template turns an ARN or key template into a snippet: ${Partition} is aws, other variables are fields. */
function snippetOf(t) {
  return t.replace(/\$\{Partition\}/g, "aws").replace(/<([^>]*)>/g, "${$1}");
}

/**
 * complete is the completion source: what fits the string at the cursor.
 * It returns null outside a string it knows or before the catalog loads.
 */
export function complete(catalog, context) {
  if (!catalog) return null;
  const { state, pos } = context;
  const w = where(state, pos);
  if (!w) return null;
  const last = w.path[w.path.length - 1];
  const inCondition = w.path.includes("Condition");
  let options = null;
  if (w.key && last === "Condition") {
    options = OPERATORS.map((o) => ({ label: o, type: "keyword" }));
  } else if (w.key && inCondition && w.path[w.path.length - 2] === "Condition") {
    const keys = catalog.keysFor(actionsOf(catalog, state, w.node).actions);
    options = keys.map((k) => (k.re
      ? snippetCompletion(snippetOf(k.name), { label: k.name, detail: k.type, type: "property" })
      : { label: k.name, detail: k.type, type: "property" }));
  } else if (!w.key && ACTION_ELEMENTS.has(last)) {
    const typed = state.sliceDoc(w.from, pos);
    const i = typed.indexOf(":");
    const s = i >= 0 ? catalog.service(typed.slice(0, i)) : null;
    options = s
      ? s.actions.map((a) => ({ label: a.full, detail: a.level, type: "function" }))
      : [...catalog.services.values()].map((sv) => ({ label: `${sv.prefix}:`, detail: sv.name, type: "namespace" }));
  } else if (!w.key && RESOURCE_ELEMENTS.has(last)) {
    const seen = new Set();
    options = [];
    for (const a of actionsOf(catalog, state, w.node).actions) {
      for (const r of a.resources) {
        if (seen.has(r.arn)) continue;
        seen.add(r.arn);
        options.push(snippetCompletion(snippetOf(r.arn), { label: r.arn, detail: `${a.service.prefix} ${r.name}`, type: "constant" }));
      }
      if (seen.size > 200) break;
    }
  }
  if (!options || !options.length) return null;
  return { from: w.from, to: w.to, options, validFor: /^[\w:*?\-./${}<>]*$/ };
}

/** hoverText describes the action or condition key at pos, or returns null. */
export function hoverText(catalog, state, pos) {
  if (!catalog) return null;
  const w = where(state, pos);
  if (!w) return null;
  const last = w.path[w.path.length - 1];
  if (!w.key && ACTION_ELEMENTS.has(last)) {
    const a = catalog.action(w.text);
    if (a) {
      const rts = a.resources.length ? a.resources.map((r) => `${r.name}: ${r.arn}`).join("\n") : "no resource-level permissions: use \"Resource\": \"*\"";
      return { from: w.node.from, to: w.node.to, text: `${a.full} (${a.service.name})\nAccess level: ${a.level}\nResource types:\n${rts}\nCondition keys: ${a.keys.length}` };
    }
    const covered = catalog.expand(w.text);
    if (/[*?]/.test(w.text) && covered.length) {
      const names = covered.slice(0, 8).map((x) => x.full).join(", ");
      return { from: w.node.from, to: w.node.to, text: `${w.text} covers ${covered.length} action${covered.length === 1 ? "" : "s"}: ${names}${covered.length > 8 ? ", …" : ""}` };
    }
  }
  if (w.key && w.path.includes("Condition") && w.path[w.path.length - 2] === "Condition") {
    const k = catalog.conditionKey(w.text);
    if (k) return { from: w.node.from, to: w.node.to, text: `${k.name}: ${k.type || "type not given"}${/^ArrayOf/.test(k.type) ? " (multivalued: use ForAnyValue: or ForAllValues:)" : ""}${k.global ? "\nGlobal key: every action supports it" : ""}` };
  }
  return null;
}

/**
 * check lists problems with the actions and condition keys written:
 * unknown services, actions and keys (with "did you mean"), wildcards that
 * match nothing and keys no action of the statement supports. Each is
 * {from, to, severity, message}, positions in the text.
 */
export function check(catalog, state) {
  const out = [];
  if (!catalog) return out;
  syntaxTree(state).iterate({
    enter: (n) => {
      if (n.name !== "Property") return;
      const node = n.node;
      const name = propertyName(state, node);
      if (ACTION_ELEMENTS.has(name)) {
        for (const s of stringsOf(node)) checkAction(catalog, state, s, out);
        if (name === "Action") checkResources(catalog, state, node, out);
      }
      if (isOperatorObject(state, node)) {
        const actions = actionsOf(catalog, state, node.parent);
        for (let c = node.lastChild && node.lastChild.firstChild; c; c = c.nextSibling) {
          if (c.name === "Property") checkKey(catalog, state, c.getChild("PropertyName"), actions, out);
        }
      }
    },
  });
  return out;
}

function isOperatorObject(state, prop) {
  const obj = prop.parent;
  const cond = obj && obj.parent;
  return cond && cond.name === "Property" && propertyName(state, cond) === "Condition" && prop.lastChild && prop.lastChild.name === "Object";
}

function checkAction(catalog, state, s, out) {
  const text = unquote(state.sliceDoc(s.from, s.to));
  const i = text.indexOf(":");
  if (text === "*" || i <= 0 || !/^[\w*?-]+$/.test(text.slice(i + 1))) return;
  const prefix = text.slice(0, i);
  const name = text.slice(i + 1);
  const svc = catalog.service(prefix);
  const at = { from: s.from, to: s.to, severity: "error" };
  if (!svc) {
    const d = catalog.suggestService(prefix);
    out.push({ ...at, code: "action.unknownService", message: `no AWS service has the prefix "${prefix}", so "${text}" matches no request${d ? `; did you mean "${d}:${name}"?` : ""}` });
  } else if (/[*?]/.test(name)) {
    if (!catalog.expand(text).length) out.push({ ...at, code: "action.matchesNothing", message: `"${text}" matches no action of ${svc.name} (${svc.prefix})` });
  } else if (!svc.byName.has(name.toLowerCase())) {
    const d = closestAction(svc, name);
    out.push({ ...at, code: "action.unknown", message: `${svc.name} has no action "${name}", so "${text}" matches no request${d ? `; did you mean "${svc.prefix}:${d}"?` : ""}` });
  }
}

/**
 * checkResources reports an action of the statement that none of its
 * resources suits: one without resource-level permissions given specific
 * ARNs, or one whose resource types no ARN fits (s3:ListBucket on
 * arn:aws:s3:::bucket/*), as lint's resource checks do.
 */
function checkResources(catalog, state, actionProp, out) {
  let resProp = null;
  for (let c = actionProp.parent.firstChild; c; c = c.nextSibling) {
    if (c.name === "Property" && propertyName(state, c) === "Resource") resProp = c;
  }
  if (!resProp) return;
  const resources = stringsOf(resProp).map((s) => unquote(state.sliceDoc(s.from, s.to)));
  if (!resources.length || resources.includes("*")) return;
  for (const s of stringsOf(actionProp)) {
    const a = catalog.action(unquote(state.sliceDoc(s.from, s.to)));
    if (!a) continue;
    const at = { from: s.from, to: s.to, severity: "error" };
    if (!a.resources.length) {
      out.push({ ...at, code: "resource.noResourceLevel", message: `${a.full} supports no resource-level permissions: it is allowed or denied only with "Resource": "*", so this statement never applies to it` });
    } else if (!a.resources.some((r) => resources.some((p) => fits(r, p)))) {
      const types = a.resources.slice(0, 3).map((r) => `${r.name} (${r.arn})`).join(", ") + (a.resources.length > 3 ? ", …" : "");
      out.push({ ...at, code: "resource.mismatch", message: `${a.full} acts on ${types}; no resource of this statement is one, so the statement never applies to it` });
    }
  }
}

function closestAction(svc, name) {
  return closest(name, svc.actions.map((a) => a.name));
}

function checkKey(catalog, state, pn, { actions, unknown }, out) {
  if (!pn) return;
  const text = unquote(state.sliceDoc(pn.from, pn.to));
  const k = catalog.conditionKey(text);
  if (!k) {
    const d = catalog.suggestKey(text);
    out.push({ from: pn.from, to: pn.to, severity: "error", code: "condition.unknownKey", message: `no AWS service defines the condition key "${text}", so requests never carry it${d ? `; did you mean "${d}"?` : ""}` });
    return;
  }
  if (!k.global && !unknown && actions.length && !actions.some((a) => supports(a, k))) {
    out.push({ from: pn.from, to: pn.to, severity: "warning", code: "condition.unsupportedKey", message: `no action of this statement supports ${k.name}, so requests for them never carry it` });
  }
}
