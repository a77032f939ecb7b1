// The AWS action catalog in the page: every service, action (access level,
// resource types, condition keys), resource type (ARN template) and
// condition key (type), from the catalog file that tools/catalog makes
// (catalog/catalog.json.gz, the Go package catalog's File format). The
// page loads it after the first decision, never inside engine.wasm;
// assist.js uses it for completion, hover and checks while typing.

/** ActionCatalog indexes a decoded catalog file. */
export class ActionCatalog {
  constructor(file) {
    if (!file || !Array.isArray(file.services) || !Array.isArray(file.levels) || !Array.isArray(file.types)) {
      throw new Error("not an action catalog");
    }
    this.version = `${file.source}@${file.version}`;
    this.services = new Map(); // lower-cased prefix → service
    this.keys = new Map(); // lower-cased key name → key
    this.templates = []; // keys with a ${Var} or <var> part
    this.expanded = new Map(); // lower-cased pattern → actions
    this.global = (file.global || []).map((k) => this.key(k.n, file.types[k.t], true));
    for (const fs of file.services) {
      const s = { prefix: fs.p, name: fs.n, actions: [], byName: new Map(), resources: [], keys: [] };
      s.keys = (fs.k || []).map((k) => this.key(k.n, file.types[k.t], /^aws:/i.test(k.n)));
      s.resources = (fs.r || []).map((r) => ({ name: r.n, arn: r.arn, keys: (r.k || []).map((i) => s.keys[i]).filter(Boolean) }));
      for (const fa of fs.a || []) {
        const a = {
          service: s, name: fa.n, full: `${fs.p}:${fa.n}`, level: file.levels[fa.l] || "",
          resources: (fa.r || []).map((i) => s.resources[i]).filter(Boolean),
          keys: (fa.k || []).map((i) => s.keys[i]).filter(Boolean),
        };
        s.actions.push(a);
        s.byName.set(a.name.toLowerCase(), a);
      }
      this.services.set(s.prefix.toLowerCase(), s);
    }
  }

  key(name, type, global) {
    const l = name.toLowerCase();
    let k = this.keys.get(l);
    if (!k) {
      k = { name, type: type || "", global: false, re: templateRegExp(l) };
      this.keys.set(l, k);
      if (k.re) this.templates.push(k);
    }
    if (global) k.global = true;
    if (!k.type && type) k.type = type;
    return k;
  }

  /** service returns the service with this prefix (any case). */
  service(prefix) {
    return this.services.get(String(prefix).toLowerCase()) || null;
  }

  /** action returns the action "prefix:Name" (any case), or null. */
  action(name) {
    const i = name.indexOf(":");
    if (i < 0) return null;
    const s = this.service(name.slice(0, i));
    return (s && s.byName.get(name.slice(i + 1).toLowerCase())) || null;
  }

  /**
   * expand lists the actions an Action pattern such as "s3:Get*" covers
   * (remembered: the same patterns recur in every statement and keystroke).
   */
  expand(pattern) {
    const key = pattern.toLowerCase();
    let got = this.expanded.get(key);
    if (!got) {
      got = this.expandNow(pattern);
      if (this.expanded.size > 5000) this.expanded.clear();
      this.expanded.set(key, got);
    }
    return got;
  }

  expandNow(pattern) {
    const i = pattern.indexOf(":");
    if (pattern === "*") return [...this.services.values()].flatMap((s) => s.actions);
    if (i < 0) return [];
    const s = this.service(pattern.slice(0, i));
    if (!s) return [];
    const re = globRegExp(pattern.slice(i + 1));
    return s.actions.filter((a) => re.test(a.name));
  }

  /** conditionKey returns the key a condition names (templates included), or null. */
  conditionKey(name) {
    if (name.length > 256) return null;
    const l = name.toLowerCase();
    const k = this.keys.get(l);
    if (k && !k.re) return k;
    const t = this.templates.find((x) => x.re.test(l));
    if (t) return t;
    // Any OIDC provider's claims ("token.actions.githubusercontent.com:sub"),
    // as the Go catalog accepts them: IAM User Guide, "Available keys for AWS
    // OIDC federation".
    const m = /^([^:]*[./][^:]*):(aud|sub|amr|azp|oaud|id|email)$/.exec(l);
    return m ? { name: `\${ProviderURL}:${m[2]}`, type: "String", global: true, re: null } : null;
  }

  /** keysFor lists the condition keys valid for the actions (global keys first). */
  keysFor(actions) {
    const seen = new Set(this.global);
    const out = [...this.global];
    for (const a of actions) {
      for (const k of [...a.keys, ...a.resources.flatMap((r) => r.keys)]) {
        if (!seen.has(k)) {
          seen.add(k);
          out.push(k);
        }
      }
    }
    return out;
  }

  /** suggestService returns the prefix nearest to prefix, or "". */
  suggestService(prefix) {
    return closest(prefix, [...this.services.values()].map((s) => s.prefix));
  }

  /** suggestKey returns the condition key nearest to name, or "". */
  suggestKey(name) {
    const p = name.split(":")[0].toLowerCase();
    const names = [...this.keys.values()].filter((k) => !k.re && k.name.toLowerCase().startsWith(p + ":")).map((k) => k.name);
    return closest(name, names.length ? names : this.global.map((k) => k.name));
  }
}

/** supports reports whether the action supports the condition key. */
export function supports(action, key) {
  return key.global || action.keys.includes(key) || action.resources.some((r) => r.keys.includes(key));
}

/** globRegExp compiles an IAM action wildcard: * and ?, case-insensitive. */
export function globRegExp(pattern) {
  const src = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${src}$`, "i");
}

function templateRegExp(name) {
  if (!/\$\{|</.test(name)) return null;
  const parts = name.split(/\$\{[^}]*\}|<[^>]*>/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".+")}$`);
}

/** distance is the Levenshtein distance of two names, ignoring case. */
export function distance(a, b) {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a.length > 128 || b.length > 128) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), prev[j] + 1, cur[j - 1] + 1);
    }
    prev = cur;
  }
  return prev[b.length];
}

/** closest returns the candidate within a third of name's length in edits (1 to 3), or "". */
export function closest(name, candidates) {
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best = "";
  let bestD = limit + 1;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/**
 * fetchCatalog loads the gzip'd catalog file from url, decompressing it in
 * the browser (DecompressionStream) unless the server already did, and
 * indexes it.
 */
export async function fetchCatalog(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`action catalog: HTTP ${res.status}`);
  let bytes = new Uint8Array(await res.arrayBuffer());
  // A server that sends the file with Content-Encoding: gzip has had it
  // decompressed already.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    bytes = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  }
  return new ActionCatalog(JSON.parse(new TextDecoder().decode(bytes)));
}

// Resource types and policy resources, as the Go catalog matches them
// (catalog/arn.go): each of an ARN's six parts is a pattern; in a template
// a ${Var} stands for one or more characters (never "/" for a bucket,
// table or function name, which tells a bucket's ARN from an object's); in
// a policy * and ? are wildcards and a policy variable stands for anything.
const SLASH_FREE = new Set(["BucketName", "TableName", "FunctionName"]);
const LIT = 0;
const ONE = 1;
const STAR = 2;

function templateTokens(part) {
  const out = [];
  const re = /\$\{([^}]*)\}/g;
  let last = 0;
  for (let m; (m = re.exec(part));) {
    for (const ch of part.slice(last, m.index)) out.push({ k: LIT, ch });
    const noSlash = SLASH_FREE.has(m[1]);
    out.push({ k: ONE, noSlash }, { k: STAR, noSlash });
    last = re.lastIndex;
  }
  for (const ch of part.slice(last)) out.push({ k: LIT, ch });
  return out;
}

function patternTokens(part) {
  const out = [];
  for (let i = 0; i < part.length; i++) {
    const ch = part[i];
    if (ch === "*") out.push({ k: STAR });
    else if (ch === "?") out.push({ k: ONE });
    else if (ch === "$" && part[i + 1] === "{" && part.indexOf("}", i) > 0) {
      out.push({ k: STAR });
      i = part.indexOf("}", i);
    } else out.push({ k: LIT, ch });
  }
  return out;
}

function accepts(t, ch) {
  return t.k === LIT ? t.ch === ch : !(t.noSlash && ch === "/");
}

function overlap(a, b) {
  if (a.k === LIT) return accepts(b, a.ch);
  if (b.k === LIT) return accepts(a, b.ch);
  return true;
}

/** intersect reports whether two token patterns accept a common string. */
function intersect(a, b) {
  const w = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * w);
  const stack = [0, 0];
  while (stack.length) {
    const j = stack.pop();
    const i = stack.pop();
    if (seen[i * w + j]) continue;
    seen[i * w + j] = 1;
    if (i === a.length && j === b.length) return true;
    if (i < a.length && a[i].k === STAR) stack.push(i + 1, j);
    if (j < b.length && b[j].k === STAR) stack.push(i, j + 1);
    if (i < a.length && j < b.length && overlap(a[i], b[j])) {
      const ni = a[i].k === STAR ? i : i + 1;
      const nj = b[j].k === STAR ? j : j + 1;
      if (ni !== i || nj !== j) stack.push(ni, nj);
    }
  }
  return false;
}

function splitARN(s) {
  const parts = [];
  let rest = s;
  for (let i = 0; i < 5; i++) {
    const j = rest.indexOf(":");
    if (j < 0) return null;
    parts.push(rest.slice(0, j));
    rest = rest.slice(j + 1);
  }
  parts.push(rest);
  return parts;
}

/**
 * fits reports whether some ARN matches both a resource type's template
 * and a policy's resource pattern; "*" fits everything.
 */
export function fits(resourceType, pattern) {
  if (pattern === "*") return true;
  const p = splitARN(pattern);
  if (!p) return false;
  if (!resourceType.tmpl) resourceType.tmpl = splitARN(resourceType.arn).map(templateTokens);
  return [2, 0, 1, 3, 4, 5].every((i) => intersect(patternTokens(p[i]), resourceType.tmpl[i]));
}
