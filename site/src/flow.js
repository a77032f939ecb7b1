// AWS's policy evaluation flow as an SVG, with the path this request took
// lit up from the report's "flow": each stage passes (on to the next), fails
// (out to deny), does not apply, or is never reached.
import { s, clear, unchanged } from "./dom.js";

const STAGES = [
  { id: "deny", label: "Any explicit deny?", pass: "no deny", fail: "deny found" },
  { id: "rcp", label: "Resource control policies", pass: "allow", fail: "deny" },
  { id: "scp", label: "Service control policies", pass: "allow", fail: "no allow" },
  { id: "vpcEndpoint", label: "VPC endpoint policy", pass: "allows", fail: "no allow" },
  { id: "resource", label: "Resource-based policy", pass: "allows", fail: "no allow" },
  { id: "identity", label: "Identity-based policies", pass: "allow", fail: "no allow" },
  { id: "boundary", label: "Permissions boundary", pass: "allows", fail: "no allow" },
  { id: "session", label: "Session policy", pass: "allows", fail: "no allow" },
];

const OUTCOME_TEXT = { notApplicable: "n/a", notReached: "not reached" };

const W = 350;
const BOX_W = 250;
const BOX_H = 30;
const GAP = 14;
const TOP = 8;
const DENY_X = 290;

function arrow(id, cls) {
  return s("marker", { id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
    s("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead " + cls }));
}

/**
 * drawFlow draws the chart into container for a report (or a neutral chart
 * when report is null).
 */
export function drawFlow(container, report) {
  if (unchanged(container, JSON.stringify(report ? [report.flow, report.decision, report.deciding && report.deciding.type] : null))) return;
  clear(container);
  const outcomes = {};
  for (const f of (report && report.flow) || []) outcomes[f.stage] = f.outcome;
  const decision = report ? report.decision : "";
  const rows = STAGES.length + 1;
  const H = TOP * 2 + rows * BOX_H + (rows - 1) * GAP;
  const uid = "f" + Math.random().toString(36).slice(2, 8);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" },
    s("defs", null, arrow(uid + "n", ""), arrow(uid + "g", "lit"), arrow(uid + "r", "lit-deny")));
  const summary = [];
  let denied = false; // the path has left for deny
  STAGES.forEach((st, i) => {
    const y = TOP + i * (BOX_H + GAP);
    const out = report ? outcomes[st.id] || "notReached" : "notReached";
    const g = s("g", { class: "stage " + out, "data-stage": st.id, "data-outcome": out });
    g.append(
      s("rect", { class: "box", x: 4, y, width: BOX_W, height: BOX_H, rx: 6 }),
      s("text", { class: "lbl", x: 14, y: y + BOX_H / 2 + 4.5 }, st.label),
    );
    const sub = !report ? "" : out === "pass" ? st.pass : out === "fail" ? st.fail : OUTCOME_TEXT[out] || "";
    const mark = out === "pass" ? "✓" : out === "fail" ? "✗" : "";
    g.append(s("text", { class: "sub", x: BOX_W - 20, y: y + BOX_H / 2 + 4, "text-anchor": "end" }, sub));
    if (mark) g.append(s("text", { class: "mark", x: BOX_W - 4, y: y + BOX_H / 2 + 4.5, "text-anchor": "end" }, mark));
    svg.append(g);
    summary.push(`${st.label}: ${sub || "no decision"}`);
    // Down to the next box (or to Allow), lit while the path goes on.
    const down = !denied && report && out !== "fail" && out !== "notReached";
    const edgeCls = down ? "lit" : "";
    svg.append(s("line", {
      class: "edge " + edgeCls, x1: 4 + BOX_W / 2, y1: y + BOX_H, x2: 4 + BOX_W / 2, y2: y + BOX_H + GAP - 0.5,
      "marker-end": `url(#${uid}${down ? "g" : "n"})`,
    }));
    // Out to deny, lit where the path left.
    const out2deny = out === "fail" && !denied;
    svg.append(s("line", {
      class: "edge " + (out2deny ? "lit-deny" : ""), x1: 4 + BOX_W, y1: y + BOX_H / 2, x2: DENY_X - 1, y2: y + BOX_H / 2,
      "marker-end": `url(#${uid}${out2deny ? "r" : "n"})`,
    }));
    if (out === "fail") denied = true;
  });
  const yEnd = TOP + STAGES.length * (BOX_H + GAP);
  const allowed = decision === "allowed";
  svg.append(s("g", { class: "end-allow" + (allowed ? " on" : ""), "data-end": "allow" },
    s("rect", { class: "box", x: 4, y: yEnd, width: BOX_W, height: BOX_H, rx: 15 }),
    s("text", { class: "lbl", x: 4 + BOX_W / 2, y: yEnd + BOX_H / 2 + 4.5, "text-anchor": "middle" }, "Allowed")));
  const denyOn = decision === "explicitDeny" || decision === "implicitDeny";
  const denyText = decision === "explicitDeny" ? "Explicit" : decision === "implicitDeny" ? "Implicit" : "";
  const denyG = s("g", { class: "end-deny" + (denyOn ? " on" : ""), "data-end": "deny" },
    s("rect", { class: "box", x: DENY_X, y: TOP, width: W - DENY_X - 4, height: yEnd - TOP - GAP, rx: 8 }),
    s("text", { class: "lbl", x: (DENY_X + W - 4) / 2, y: TOP + (yEnd - TOP) / 2 - 4, "text-anchor": "middle" }, "Deny"));
  if (denyText) {
    denyG.append(s("text", { class: "lbl small", x: (DENY_X + W - 4) / 2, y: TOP + (yEnd - TOP) / 2 + 12, "text-anchor": "middle" }, denyText.toLowerCase()));
  }
  svg.append(denyG);
  const result = allowed ? "Allowed" : decision === "explicitDeny" ? "Explicit deny" : decision === "implicitDeny" ? "Implicit deny" : "No decision";
  svg.setAttribute("aria-label", `Policy evaluation flow. ${summary.join("; ")}. Result: ${result}.`);
  container.append(svg);
}
