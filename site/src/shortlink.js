// Short share links: where the site is served together with its API
// (`iamplay serve --links DIR`, or the Worker with a KV namespace), the
// page offers a "Short link" button next to Share. It stores the same
// fragment a share link holds (site/SHARE.md) with POST /api/links and
// shows the short /s/{id} link, which redirects to /play/#v1.… .
// Fragment links stay the default: on a static host the API does not
// answer, and the button stays hidden.
import { encodeShare } from "./share.js";
import { notify } from "./notices.js";
import { $ } from "./dom.js";

/** apiURL resolves an API path against the page (/play/ → /api/…), so
 * that a site mounted under a sub-path finds its own API. */
const apiURL = (path) => new URL(`../${path}`, location.href);

/**
 * setupShortLink shows the button when the API has short links, and makes
 * it store payload() — the state a share link holds — and show the link.
 */
export async function setupShortLink(payload) {
  const btn = $("short-link");
  if (!btn) return;
  let health;
  try {
    const res = await fetch(apiURL("api/health"), { cache: "no-store", headers: { Accept: "application/json" } });
    if (!res.ok) return;
    health = await res.json();
  } catch {
    return; // a static host: no API, no button
  }
  if (!health || health.links !== true) return;
  btn.hidden = false;
  btn.addEventListener("click", () => shorten(payload(), btn));
}

async function shorten(state, btn) {
  btn.disabled = true;
  try {
    const fragment = await encodeShare(state);
    const res = await fetch(apiURL("api/links"), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ fragment }),
    });
    const body = await res.json().catch(() => null);
    if (res.status !== 201 || !body || typeof body.path !== "string" || !body.path.startsWith("/s/")) {
      const why = body && typeof body.message === "string" ? body.message : `the server answered ${res.status}`;
      notify(`No short link: ${why}. The Share button still makes a full link.`, { kind: "error", id: "short-link" });
      return;
    }
    const url = apiURL(body.path.slice(1)).href;
    const input = $("share-link");
    input.value = url;
    $("share-box").hidden = false;
    input.focus();
    input.select();
    try {
      await navigator.clipboard.writeText(url);
      notify(`Short link copied to the clipboard: ${url}`, { id: "short-link", timeout: 8000 });
    } catch {
      notify("Copy the short link from the box (the clipboard is not available here).", { id: "short-link", timeout: 8000 });
    }
  } catch (e) {
    notify(`No short link: ${e.message}. The Share button still makes a full link.`, { kind: "error", id: "short-link" });
  } finally {
    btn.disabled = false;
  }
}
