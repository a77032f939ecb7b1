// The first key a person types into an editor runs CodeMirror's update,
// its drawing and measuring, and the assistant's completion for the first
// time, and V8 compiles them then. warmUp runs that path once beforehand,
// while the page is idle: it types a few keys, as the typing handler does
// (cm.js typeText), into an editor nobody sees, then removes it. It touches
// no policy, no saved work and no engine. Measured with make bench-site
// taking turns with a build without it (ten cold loads each, in a slow
// hour), the first keystroke after a cold load went from p50 15.6 ms,
// p95 28.1 ms to p50 13.7 ms, p95 21.1 ms.
import { createView, typeText } from "./cm.js";

// A small policy: the keys land in a Sid and in an action name, where
// completion looks for candidates, as they do when someone edits a policy.
const TEXT = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Warm",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::bucket/*"
    }
  ]
}`;
const KEYS = [
  ["\"Warm", "u"], ["\"Warm", "p"],
  ["s3:Put", "O"], ["s3:Put", "b"],
];

/**
 * warmUp types KEYS into a hidden editor, with the assistant attached by
 * attach (assist.js's, or null), one key per task so that each is updated,
 * drawn and measured as a real key is, and destroys it after the last. It
 * returns a promise of the number of keys the editor took in, once it is
 * gone.
 */
export function warmUp(attach) {
  const host = document.createElement("div");
  host.setAttribute("aria-hidden", "true");
  host.inert = true;
  host.dataset.warmup = "";
  // Laid out (the measuring is part of the path) but off screen.
  host.style.cssText = "position:fixed;left:-10000px;top:0;width:40em;height:16em;overflow:hidden";
  document.body.append(host);
  const view = createView(host, TEXT, { silent: () => true });
  if (attach) attach(view);
  let i = 0;
  return new Promise((resolve) => {
    const step = () => {
      if (i === KEYS.length || !host.isConnected) {
        const typed = view.state.doc.length - TEXT.length;
        view.destroy();
        host.remove();
        resolve(typed);
        return;
      }
      const [after, key] = KEYS[i++];
      const text = view.state.doc.toString();
      const pos = text.indexOf(after) + after.length;
      view.dispatch({ selection: { anchor: pos } });
      typeText(view, key);
      setTimeout(step, 20);
    };
    // Not dom.js's whenIdle, which waits 100 ms at most, and whose import
    // would move dom.js out of the page script into a chunk of its own.
    if (typeof requestIdleCallback === "function") requestIdleCallback(step, { timeout: 1000 });
    else setTimeout(step, 50);
  });
}
