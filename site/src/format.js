// Re-indenting JSON without parsing it into values: every token stays as
// typed (duplicate keys, number spellings, string escapes), only white
// space changes. JSON.parse and stringify would drop a duplicate key and
// so lose what someone typed.

const TOKEN = /\s*("(?:[^"\\\u0000-\u001f]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}[\]:,])/y;

/**
 * formatJSON returns {text} re-indented with two spaces, or {error} saying
 * where the text stops being JSON tokens or its brackets do not match.
 */
export function formatJSON(text, indent = "  ") {
  const out = [];
  const stack = [];
  let depth = 0;
  let i = 0;
  let prev = "";
  TOKEN.lastIndex = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(text);
    if (!m) return { error: `unexpected text at offset ${i + text.slice(i).search(/\S/)}` };
    const t = m[1];
    i = TOKEN.lastIndex;
    const nl = () => "\n" + indent.repeat(depth);
    if (t === "{" || t === "[") {
      if (prev === ":") out.push(" ");
      out.push(t);
      stack.push(t === "{" ? "}" : "]");
      depth++;
      out.push(nl());
    } else if (t === "}" || t === "]") {
      if (stack.pop() !== t) return { error: `unmatched "${t}" at offset ${i - 1}` };
      depth--;
      if (prev === "{" || prev === "[") out.pop(); // empty: {} or []
      else out.push(nl());
      out.push(t);
    } else if (t === ",") {
      out.push(",", nl());
    } else if (t === ":") {
      out.push(":");
    } else {
      if (prev === ":") out.push(" ");
      out.push(t);
    }
    prev = t;
  }
  if (stack.length) return { error: `missing "${stack[stack.length - 1]}" at the end` };
  return { text: out.join("") + (text.endsWith("\n") ? "\n" : "") };
}
