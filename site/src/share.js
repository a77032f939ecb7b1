// Share links: the whole state in the URL fragment, so no server is
// involved. Format (see site/SHARE.md):
//
//   #v1.<base64url, no padding, of deflate-raw (RFC 1951) of UTF-8 JSON>
//
// where the JSON is {"engine", "scenario", "request", "input"}.

export const PREFIX = "#v1.";

/** ShareError is a share link that cannot be read; message says why. */
export class ShareError extends Error {}

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

/** encodeShare returns the fragment (starting with "#v1.") for a payload. */
export async function encodeShare(payload) {
  const json = new TextEncoder().encode(JSON.stringify(payload));
  return PREFIX + toBase64url(await pipe(json, new CompressionStream("deflate-raw")));
}

/**
 * decodeShare reads a fragment made by encodeShare. It throws ShareError
 * with a reason for people when the link is malformed, truncated or not a
 * playground state.
 */
export async function decodeShare(fragment) {
  if (!fragment.startsWith(PREFIX)) {
    throw new ShareError("it does not start with #v1. — it may be from a newer version of the playground");
  }
  const bytes = fromBase64url(fragment.slice(PREFIX.length));
  if (bytes.length === 0) throw new ShareError("it is empty");
  let raw;
  try {
    raw = await pipe(bytes, new DecompressionStream("deflate-raw"));
  } catch {
    throw new ShareError("it is cut short or damaged (the compressed data does not decode)");
  }
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
  return {
    engine: typeof payload.engine === "string" ? payload.engine : "",
    scenario: typeof payload.scenario === "string" ? payload.scenario : "",
    request: typeof payload.request === "string" ? payload.request : "",
    input: payload.input,
  };
}
