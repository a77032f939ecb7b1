// Share links: the whole state in the URL fragment, so no server is
// involved. Format (see site/SHARE.md):
//
//   #v1.<base64url, no padding, of deflate-raw (RFC 1951) of UTF-8 JSON>
//
// where the JSON is {"engine", "scenario", "request", "input"}.
import { MAX_STATE_BYTES, checkInput, LimitError } from "./limits.js";

export const PREFIX = "#v1.";

/** ShareError is a share link that cannot be read; message says why. */
export class ShareError extends Error {}

/** Longest link text read: base64 of a compressed state is never much
 * longer than the state, so a longer one is refused before decoding. */
const MAX_LINK = Math.ceil((MAX_STATE_BYTES * 4) / 3) + 1024;

/** The compressed bytes go to the decompressor in pieces this large, so
 * that what one piece inflates to (at most ~1,032 times its size) is
 * counted before the next is read. */
const PIECE = 512;

function toBase64url(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareError("it contains characters that cannot be in a share link");
  if (text.length % 4 === 1) throw new ShareError("it is cut short");
  let b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  while (b64.length % 4) b64 += "=";
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  const res = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await res.arrayBuffer());
}

/** pieces streams bytes in PIECE-sized chunks, one per pull. */
function pieces(bytes) {
  let at = 0;
  return new ReadableStream({
    pull(ctl) {
      if (at >= bytes.length) {
        ctl.close();
        return;
      }
      ctl.enqueue(bytes.slice(at, at + PIECE));
      at += PIECE;
    },
  }, { highWaterMark: 0 });
}

/**
 * inflate decompresses deflate-raw bytes, stopping as soon as the output
 * passes limit bytes: it throws ShareError then, having held at most
 * limit plus what one piece inflates to.
 */
export async function inflate(bytes, limit = MAX_STATE_BYTES) {
  const reader = pieces(bytes).pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch {
      throw new ShareError("it is cut short or damaged (the compressed data does not decode)");
    }
    if (step.done) break;
    total += step.value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw new ShareError(`it holds more than ${limit / (1 << 20)} MiB of state, more than the playground reads (a link this small expanding this much is not one the playground made)`);
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** encodeShare returns the fragment (starting with "#v1.") for a payload. */
export async function encodeShare(payload) {
  const json = new TextEncoder().encode(JSON.stringify(payload));
  return PREFIX + toBase64url(await pipe(json, new CompressionStream("deflate-raw")));
}

/**
 * decodeShare reads a fragment made by encodeShare. It throws ShareError
 * with a reason for people when the link is malformed, truncated, not a
 * playground state, or larger than the playground takes (see limits.js):
 * the decompressed size is counted as it grows, so a hostile link costs
 * at most that limit.
 */
export async function decodeShare(fragment) {
  if (typeof fragment !== "string" || !fragment.startsWith(PREFIX)) {
    throw new ShareError("it does not start with #v1. — it may be from a newer version of the playground");
  }
  if (fragment.length > MAX_LINK) {
    throw new ShareError(`it is ${fragment.length} characters long; a playground link is at most ${MAX_LINK}`);
  }
  const bytes = fromBase64url(fragment.slice(PREFIX.length));
  if (bytes.length === 0) throw new ShareError("it is empty");
  const raw = await inflate(bytes);
  let payload;
  try {
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new ShareError("its content is not valid JSON");
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload) ||
      payload.input === null || typeof payload.input !== "object" || Array.isArray(payload.input)) {
    throw new ShareError("it holds no playground state");
  }
  try {
    checkInput(payload.input);
  } catch (e) {
    if (e instanceof LimitError) throw new ShareError(e.message);
    throw e;
  }
  return {
    engine: typeof payload.engine === "string" ? payload.engine : "",
    scenario: typeof payload.scenario === "string" ? payload.scenario : "",
    request: typeof payload.request === "string" ? payload.request : "",
    input: payload.input,
    // An exercise's goal (optional; exercise.js checks its shape).
    goal: payload.goal && typeof payload.goal === "object" && !Array.isArray(payload.goal) ? payload.goal : null,
  };
}
