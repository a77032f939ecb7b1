// Limits on a playground state that comes from outside the page (a share
// link, an imported file), checked before the state reaches the engine so
// that a small link cannot cost the tab seconds or gigabytes. The Go
// reader of share links (wasm/share) has the same numbers; its tests read
// them from this file.

/** Largest state, in bytes of JSON: the engine reads no larger input. */
export const MAX_STATE_BYTES = 4 << 20;

/** Organization levels of SCPs or RCPs: the root, five levels of OUs
 * below it (AWS Organizations quotas: "OU maximum nesting in a root"), and
 * the account. */
export const MAX_LEVELS = 7;

/** Policies in all. */
export const MAX_POLICIES = 100;

/** Statements in all the policies together. */
export const MAX_STATEMENTS = 5000;

/** Keys in the request context. */
export const MAX_CONTEXT_KEYS = 200;

/** LimitError is a state over one of the limits; message says which. */
export class LimitError extends Error {}

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** statementsIn counts a document's statements; a text that is not JSON
 * counts as one (the engine will say what is wrong with it). */
function statementsIn(doc) {
  if (isObject(doc) && "document" in doc) doc = doc.document;
  if (typeof doc === "string") {
    try {
      doc = JSON.parse(doc);
    } catch {
      return 1;
    }
  }
  if (!isObject(doc)) return 1;
  return Array.isArray(doc.Statement) ? doc.Statement.length : 1;
}

/** policiesIn lists an input's policies, or throws LimitError for too
 * many organization levels. */
function policiesIn(input) {
  const p = isObject(input.policies) ? input.policies : {};
  const out = [];
  if (Array.isArray(p.identity)) out.push(...p.identity);
  for (const k of ["resource", "permissionsBoundary", "session", "vpcEndpoint"]) {
    if (p[k] !== undefined && p[k] !== null) out.push(p[k]);
  }
  for (const kind of ["scp", "rcp"]) {
    const levels = p[kind];
    if (!Array.isArray(levels)) continue;
    if (levels.length > MAX_LEVELS) {
      throw new LimitError(`it has ${levels.length} ${kind.toUpperCase()} levels; an organization has at most ${MAX_LEVELS} (the root, 5 levels of OUs and the account)`);
    }
    for (const lvl of levels) if (Array.isArray(lvl)) out.push(...lvl);
  }
  return out;
}

/**
 * checkInput throws LimitError when a flat input (engine.ParseInput's
 * shape) has more organization levels, policies, statements or context
 * keys than the playground takes. Shapes it does not know are left to the
 * engine to report.
 */
export function checkInput(input) {
  if (!isObject(input)) return;
  const pols = policiesIn(input);
  if (pols.length > MAX_POLICIES) {
    throw new LimitError(`it has ${pols.length} policies; the playground takes at most ${MAX_POLICIES}`);
  }
  let statements = 0;
  for (const p of pols) statements += statementsIn(p);
  if (statements > MAX_STATEMENTS) {
    throw new LimitError(`its policies have ${statements} statements in all; the playground takes at most ${MAX_STATEMENTS}`);
  }
  const r = isObject(input.request) ? input.request : {};
  const keys = isObject(r.context) ? Object.keys(r.context).length : 0;
  if (keys > MAX_CONTEXT_KEYS) {
    throw new LimitError(`its request has ${keys} context keys; the playground takes at most ${MAX_CONTEXT_KEYS}`);
  }
}
