// Playground state as a file: export writes the flat input `iamplay eval`
// reads (engine.ParseInput; see README, "Input format"), import reads one
// back (or a share link's JSON payload), with the same limits as a link.
import { MAX_STATE_BYTES, checkInput, LimitError } from "./limits.js";

/** FileError is a file that cannot be imported; message says where and why. */
export class FileError extends Error {}

/** download offers text to the browser as a file called name. */
export function download(name, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** fileName makes a file name from a label: "iamplay-<label>.json". */
export function fileName(label) {
  const slug = String(label || "state").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return `iamplay-${slug || "state"}.json`;
}

/** exportText is an input as a file's text: indented JSON, ending in a
 * newline. */
export function exportText(input) {
  return JSON.stringify(input, null, 2) + "\n";
}

/** lineCol turns an offset in text into "line:col" (both from 1). */
function lineCol(text, offset) {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  return `${line}:${col}`;
}

/**
 * readStateFile reads an imported file's text: an `iamplay eval` input,
 * or a share link's {"engine", "scenario", "request", "input"}. It returns
 * {input, scenario, request} or throws FileError naming the file and,
 * for JSON errors, the line and column.
 */
export function readStateFile(name, text) {
  if (text.length > MAX_STATE_BYTES) {
    throw new FileError(`${name}: the file is ${text.length} characters; the largest accepted is ${MAX_STATE_BYTES}`);
  }
  let v;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec(e.message);
    const where = at ? `${name}:${lineCol(text, Number(at[1]))}` : name;
    throw new FileError(`${where}: not valid JSON (${e.message.replace(/ in JSON at position \d+.*$/, "")})`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new FileError(`${name}: not a playground input (it should be a JSON object with "policies" and "request")`);
  }
  let scenario = "";
  let request = "";
  if (v.policies === undefined && v.input !== null && typeof v.input === "object" && !Array.isArray(v.input)) {
    scenario = typeof v.scenario === "string" ? v.scenario : "";
    request = typeof v.request === "string" ? v.request : "";
    v = v.input;
  }
  if (v.policies === undefined && v.request === undefined) {
    throw new FileError(`${name}: not a playground input (it has neither "policies" nor "request")`);
  }
  try {
    checkInput(v);
  } catch (e) {
    if (e instanceof LimitError) throw new FileError(`${name}: ${e.message}`);
    throw e;
  }
  return { input: v, scenario, request };
}
