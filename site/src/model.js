// The playground's state, and its conversion to and from the flat input the
// engine reads (see engine.ParseInput):
//
//   {"name", "description", "expect",
//    "policies": {"identity": [DOC…], "resource": DOC, "permissionsBoundary": DOC,
//                 "scp": [[DOC…]…] | null, "rcp": [[DOC…]…] | null, "session": DOC},
//    "request": {"principal", "action", "resource", "resourceOwner", "context": {…}}}
//
// The model keeps what the editors need: each policy's text (a string, so
// the engine's spans point into exactly what the editor shows), its display
// name and what it is attached to, and the request's context keys as rows
// with a type.

import { MAX_LEVELS } from "./limits.js";

/** Attachment identifiers: "identity", "resource", "permissionsBoundary",
 * "session", or "scp:N" / "rcp:N" for organization level N (1 = root). */
export const SINGLE = ["resource", "permissionsBoundary", "session"];

/** attachLabel names an attachment for people. */
export function attachLabel(a, assumeRole) {
  switch (a) {
    case "identity": return "Identity policy";
    case "resource": return assumeRole ? "Role trust policy" : "Resource-based policy";
    case "permissionsBoundary": return "Permissions boundary";
    case "session": return "Session policy";
  }
  const m = /^(scp|rcp):(\d+)$/.exec(a);
  if (m) return `${m[1].toUpperCase()} level ${m[2]}${m[2] === "1" ? " (root)" : ""}`;
  return a;
}

let nextID = 1;

/** newPolicy makes a policy entry with a fresh id. */
export function newPolicy(name, attach, text) {
  return { id: nextID++, name, attach, text };
}

/** emptyModel is the state with nothing loaded. */
export function emptyModel() {
  return {
    scenario: "",
    request: "",
    name: "",
    description: "",
    expect: "",
    scpLevels: 0,
    rcpLevels: 0,
    policies: [],
    req: { principal: "", action: "", resource: "", resourceOwner: "", context: [] },
  };
}

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function docText(doc) {
  if (typeof doc === "string") return doc;
  return JSON.stringify(doc, null, 2);
}

/** readDoc splits a DOC or named DOC into a name and text. */
function readDoc(item, fallback) {
  if (isObject(item) && "document" in item) {
    const name = typeof item.name === "string" && item.name !== "" ? item.name : fallback;
    return { name, text: docText(item.document) };
  }
  return { name: fallback, text: docText(item) };
}

/**
 * fromInput builds a model from a flat input object. It accepts policies as
 * objects or strings, named or not, and never throws on odd shapes: what it
 * cannot read it leaves out.
 */
export function fromInput(input, scenario = "", request = "") {
  const m = emptyModel();
  m.scenario = typeof scenario === "string" ? scenario : "";
  m.request = typeof request === "string" ? request : "";
  if (!isObject(input)) return m;
  if (typeof input.name === "string") m.name = input.name;
  if (typeof input.description === "string") m.description = input.description;
  if (typeof input.expect === "string") m.expect = input.expect;
  const p = isObject(input.policies) ? input.policies : {};
  const taken = new Set();
  const add = (item, fallback, attach) => {
    const d = readDoc(item, fallback);
    let name = d.name;
    for (let i = 2; taken.has(name); i++) name = `${d.name} (${i})`;
    taken.add(name);
    m.policies.push(newPolicy(name, attach, d.text));
  };
  if (Array.isArray(p.identity)) {
    p.identity.forEach((it, i) => add(it, `identity policy ${i + 1}`, "identity"));
  }
  const singles = { resource: "resource-based policy", permissionsBoundary: "permissions boundary", session: "session policy" };
  for (const [key, fallback] of Object.entries(singles)) {
    if (p[key] !== undefined && p[key] !== null) add(p[key], fallback, key);
  }
  for (const kind of ["scp", "rcp"]) {
    const levels = p[kind];
    if (!Array.isArray(levels)) continue;
    m[kind + "Levels"] = levels.length;
    levels.forEach((lvl, li) => {
      if (!Array.isArray(lvl)) return;
      lvl.forEach((it, pi) => add(it, `${kind.toUpperCase()} level ${li + 1} policy ${pi + 1}`, `${kind}:${li + 1}`));
    });
  }
  const r = isObject(input.request) ? input.request : {};
  for (const f of ["principal", "action", "resource", "resourceOwner"]) {
    if (typeof r[f] === "string") m.req[f] = r[f];
  }
  if (isObject(r.context)) {
    for (const [key, v] of Object.entries(r.context)) m.req.context.push(contextRow(key, v));
  }
  return m;
}

/**
 * catalogInput returns a catalog request's input, with the shared policy
 * texts put back: the catalog holds each text once, in documents, and
 * policies refer to it as {"$doc": N} (see wasm/catalog).
 */
export function catalogInput(rq, documents) {
  const walk = (x) => {
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === "object") {
      const keys = Object.keys(x);
      if (keys.length === 1 && keys[0] === "$doc" && typeof documents[x.$doc] === "string") return documents[x.$doc];
      const out = {};
      for (const k of keys) out[k] = walk(x[k]);
      return out;
    }
    return x;
  };
  return walk(typeof rq.input === "string" ? JSON.parse(rq.input) : rq.input);
}

/** requestModel is the model of request rq of catalog scenario sc. */
export function requestModel(sc, rq, documents) {
  const m = fromInput(catalogInput(rq, documents), sc.id, rq.name);
  if (!m.expect && rq.expect) m.expect = rq.expect;
  return m;
}

/** contextRow turns a JSON context value into an editable row. */
export function contextRow(key, v) {
  if (Array.isArray(v)) return { key, type: "list", value: v.map(String).join(", ") };
  if (typeof v === "boolean") return { key, type: "bool", value: String(v) };
  if (typeof v === "number") return { key, type: "number", value: String(v) };
  return { key, type: "string", value: v === null || v === undefined ? "" : String(v) };
}

/** rowValue is a context row's JSON value, or undefined if it is not valid
 * for its type (a number that is not one). */
export function rowValue(row) {
  switch (row.type) {
    case "list":
      return row.value.split(",").map((x) => x.trim()).filter((x) => x !== "");
    case "bool":
      return row.value === "true";
    case "number": {
      const t = row.value.trim();
      if (t === "" || !Number.isFinite(Number(t))) return undefined;
      return Number(t);
    }
  }
  return row.value;
}

/** levelsOf returns how many organization levels of a kind the model has. */
export function levelsOf(m, kind) {
  let n = m[kind + "Levels"] || 0;
  for (const p of m.policies) {
    const mm = /^(scp|rcp):(\d+)$/.exec(p.attach);
    if (mm && mm[1] === kind) n = Math.max(n, Number(mm[2]));
  }
  return n;
}

/**
 * toInput builds the flat input for the engine and for share links, with
 * every policy as {"name", "document": "<text>"}. It also returns the
 * policies left out because their slot (resource, boundary, session) is
 * already taken, so the page can say so.
 */
export function toInput(m) {
  const policies = {};
  const ignored = [];
  const named = (p) => ({ name: p.name, document: p.text });
  for (const p of m.policies) {
    if (p.attach === "identity") {
      (policies.identity ||= []).push(named(p));
    } else if (SINGLE.includes(p.attach)) {
      if (policies[p.attach]) ignored.push(p.id);
      else policies[p.attach] = named(p);
    }
  }
  for (const kind of ["scp", "rcp"]) {
    const n = levelsOf(m, kind);
    if (n === 0) continue;
    const levels = Array.from({ length: n }, () => []);
    for (const p of m.policies) {
      const mm = /^(scp|rcp):(\d+)$/.exec(p.attach);
      if (mm && mm[1] === kind) levels[Number(mm[2]) - 1].push(named(p));
    }
    policies[kind] = levels;
  }
  const request = {
    principal: m.req.principal,
    action: m.req.action,
    resource: m.req.resource,
  };
  if (m.req.resourceOwner) request.resourceOwner = m.req.resourceOwner;
  const context = {};
  let hasContext = false;
  for (const row of m.req.context) {
    if (row.key === "") continue;
    const v = rowValue(row);
    if (v === undefined) continue;
    context[row.key] = v;
    hasContext = true;
  }
  if (hasContext) request.context = context;
  const input = {};
  if (m.name) input.name = m.name;
  if (m.description) input.description = m.description;
  input.policies = policies;
  input.request = request;
  if (m.expect) input.expect = m.expect;
  return { input, ignored };
}

/** isAssumeRole mirrors the engine: sts:AssumeRole* on a role ARN uses the
 * resource slot for the role's trust policy. */
export function isAssumeRole(m) {
  return m.req.action.toLowerCase().startsWith("sts:assumerole") && m.req.resource.includes(":role/");
}

/** validModel checks that a value read from storage looks like a model. */
export function validModel(v) {
  return isObject(v) && Array.isArray(v.policies) && isObject(v.req) && Array.isArray(v.req.context) &&
    v.policies.every((p) => isObject(p) && typeof p.name === "string" && typeof p.text === "string" && typeof p.attach === "string") &&
    v.req.context.every((r) => isObject(r) && typeof r.key === "string" && typeof r.value === "string");
}

/** clampLevels keeps an organization level count within what the page
 * takes (a stored count may be anything). */
function clampLevels(n) {
  n = Math.trunc(Number(n)) || 0;
  return Math.min(Math.max(n, 0), MAX_LEVELS);
}

/** clampAttach keeps an "scp:N" / "rcp:N" attachment at a level the page
 * takes, 1 to MAX_LEVELS. */
function clampAttach(a) {
  const mm = /^(scp|rcp):(\d+)$/.exec(a);
  if (!mm) return a;
  return `${mm[1]}:${Math.min(Math.max(Number(mm[2]), 1), MAX_LEVELS)}`;
}

/** reviveModel copies a stored model, giving its policies fresh ids. */
export function reviveModel(v) {
  const m = emptyModel();
  for (const k of ["scenario", "request", "name", "description", "expect"]) {
    if (typeof v[k] === "string") m[k] = v[k];
  }
  m.scpLevels = clampLevels(v.scpLevels);
  m.rcpLevels = clampLevels(v.rcpLevels);
  m.policies = v.policies.map((p) => newPolicy(p.name, clampAttach(p.attach), p.text));
  for (const f of ["principal", "action", "resource", "resourceOwner"]) {
    if (typeof v.req[f] === "string") m.req[f] = v.req[f];
  }
  m.req.context = v.req.context.map((r) => ({
    key: r.key, value: r.value, type: ["string", "list", "bool", "number"].includes(r.type) ? r.type : "string",
  }));
  return m;
}
