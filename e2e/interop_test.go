package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

// interopTab opens the AWS dialog at one of its tabs.
func interopTab(t *testing.T, ctx context.Context, tab string) {
	t.Helper()
	do(t, ctx, chromedp.Click(chromedp.CSS("#open-interop")))
	waitFor(t, ctx, `!!document.querySelector("#interop-dialog[open]")`)
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-tab-"+tab)))
}

// setValue puts text in a textarea or input.
func setValue(t *testing.T, ctx context.Context, sel, text string) {
	t.Helper()
	js, _ := json.Marshal(text)
	eval[bool](t, ctx, `(() => { const e = document.querySelector(`+jsString(sel)+`); e.value = `+string(js)+`; return true; })()`)
}

// waitInterop polls a condition for up to 30 s (the first call compiles the
// interop module), and on a timeout shows the dialog's status line.
func waitInterop(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v (status: %q)", cond, err, text(t, ctx, "#interop-dialog .warn[role=status]"))
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func text(t *testing.T, ctx context.Context, sel string) string {
	return eval[string](t, ctx, `(document.querySelector(`+jsString(sel)+`) || {}).innerText || ""`)
}

// An AWS simulator request pasted in the page is answered in AWS's shape,
// and the page's state is written as the aws CLI command, with what it
// cannot express.
func TestInteropSimulatorInThePage(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:GetObject"), "s3:GetObject")}))
	interopTab(t, ctx, "simulator")
	req, err := os.ReadFile("../internal/awssim/testdata/custom-objects.request.json")
	if err != nil {
		t.Fatal(err)
	}
	setValue(t, ctx, "#interop-sim-request", string(req))
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-simulate")))
	waitInterop(t, ctx, `document.querySelectorAll("#interop-sim-table tr").length === 7`)
	rows := text(t, ctx, "#interop-sim-table")
	for _, want := range []string{"s3:PutObject\tarn:aws:s3:::securecart-orders/exports/all.csv\texplicitDeny\tPolicyInputList.1 10:5–15:5", "s3:DeleteObject"} {
		if !strings.Contains(rows, want) {
			t.Errorf("results lack %q:\n%s", want, rows)
		}
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-export-run")))
	waitFor(t, ctx, `!!document.querySelector("#interop-command")`)
	if cmd := text(t, ctx, "#interop-command"); !strings.HasPrefix(cmd, "aws iam simulate-custom-policy --cli-input-json '") || !strings.Contains(cmd, `"CallerArn": "arn:aws:iam::111111111111:user/alice"`) {
		t.Errorf("command:\n%s", cmd)
	}
	// A bad request is refused with where and what, and the text stays.
	setValue(t, ctx, "#interop-sim-request", `{"ActionNames": ["s3:GetObject"], "PolicyInputList": ["{}"], "Oops": 1}`)
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-simulate")))
	waitFor(t, ctx, `document.querySelector("#interop-dialog .warn[role=status]").innerText.includes("unknown field")`)
	if v := eval[string](t, ctx, `document.querySelector("#interop-sim-request").value`); !strings.Contains(v, "Oops") {
		t.Error("the pasted request was lost")
	}
	// Markup in a request is shown as text.
	hostile, _ := json.Marshal(map[string]any{"ActionNames": []string{"s3:GetObject"}, "ResourceArns": []string{"arn:aws:s3:::b/" + xss},
		"PolicyInputList": []string{policyText("Allow", "s3:GetObject")}})
	setValue(t, ctx, "#interop-sim-request", string(hostile))
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-simulate")))
	waitInterop(t, ctx, `document.querySelector("#interop-sim-table").innerText.includes("onerror")`)
	if eval[bool](t, ctx, `window.__pwned === 1 || !!document.querySelector("#interop-dialog img")`) {
		t.Error("markup in a simulator request was run")
	}
}

// An account imported in the browser: who can read a user, opened in the
// playground; redaction shown, then applied to the page.
func TestInteropImportWhoCanRedact(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, site.URL+"/play/")
	interopTab(t, ctx, "account")
	dir, _ := filepath.Abs("../internal/importer/testdata")
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#interop-files"), []string{filepath.Join(dir, "account-authorization-details.json"), filepath.Join(dir, "organization.json")}))
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-import-run")))
	waitInterop(t, ctx, `document.querySelector("#interop-import-summary").innerText.includes("Imported 2 account(s)")`)
	setValue(t, ctx, "#interop-who-action", "iam:CreateUser")
	setValue(t, ctx, "#interop-who-resource", "arn:aws:iam::999999999999:user/x")
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-who-run")))
	waitFor(t, ctx, `!!document.querySelector("#interop-whocan table")`)
	setValue(t, ctx, "#interop-who-action", "iam:GetUser")
	setValue(t, ctx, "#interop-who-resource", "arn:aws:iam::111111111111:user/alice")
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-who-run")))
	waitFor(t, ctx, `document.querySelector("#interop-whocan").innerText.includes("arn:aws:iam::111111111111:user/alice")`)
	who := text(t, ctx, "#interop-whocan")
	if !strings.Contains(who, "Allow statement 1 of user alice → inline policy SelfService") {
		t.Errorf("who-can:\n%s", who)
	}
	// Open alice's request in the playground: the engine on the page agrees.
	eval[bool](t, ctx, `(() => { [...document.querySelectorAll("#interop-whocan tr")].find((r) => r.innerText.startsWith("arn:aws:iam::111111111111:user/alice")).querySelector("button").click(); return true; })()`)
	waitFor(t, ctx, `!document.querySelector("#interop-dialog[open]") && window.iamplayPlay.model().req.principal === "arn:aws:iam::111111111111:user/alice"`)
	waitFor(t, ctx, `window.iamplayPlay.report() && window.iamplayPlay.report().decision === "allowed"`)
	// Redact: every rewrite is listed before it is applied.
	interopTab(t, ctx, "account")
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-redact-run")))
	waitFor(t, ctx, `!!document.querySelector("#interop-rewrites")`)
	rw := text(t, ctx, "#interop-rewrites")
	if !strings.Contains(rw, "user\talice\tsecurecart-user-") {
		t.Errorf("rewrites:\n%s", rw)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-redact-apply")))
	waitFor(t, ctx, `window.iamplayPlay.model().req.principal.includes("securecart-user-")`)
	if got := eval[string](t, ctx, `JSON.stringify(window.iamplayPlay.model())`); strings.Contains(got, "alice") || strings.Contains(got, "Storefront") || strings.Contains(got, "Admins") {
		t.Errorf("real names remain on the page after redaction: %.600s", got)
	}
	waitFor(t, ctx, `window.iamplayPlay.report() && window.iamplayPlay.report().decision === "allowed"`)
	// Apply and make a link: the link holds the redacted state only.
	interopTab(t, ctx, "account")
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-redact-run")))
	waitInterop(t, ctx, `!!document.querySelector("#interop-redact-share")`)
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-redact-share")))
	waitFor(t, ctx, `!document.getElementById("share-box").hidden && document.getElementById("share-link").value.includes("#")`)
	st, err := share.Parse(eval[string](t, ctx, `document.getElementById("share-link").value.replace(/^[^#]*/, "")`))
	if err != nil {
		t.Fatal(err)
	}
	if in := string(st.Input); strings.Contains(in, "alice") || strings.Contains(in, "111111111111:user") && !strings.Contains(in, "securecart-user-") {
		t.Errorf("the link holds real names: %.400s", in)
	}
}

// Fix it: for an implicit deny the page says where an allow must come from
// and applies the smallest fix, which the page's own engine then allows;
// before/after shows the change with both traces.
func TestInteropFixAndDiff(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:ListBucket"), "s3:GetObject")}))
	waitFor(t, ctx, `window.iamplayPlay.report() && window.iamplayPlay.report().decision === "implicitDeny"`)
	before := eval[string](t, ctx, `JSON.stringify(window.iamplayPlay.model())`)
	interopTab(t, ctx, "fix")
	start := time.Now()
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-fix-run")))
	waitInterop(t, ctx, `!!document.querySelector("#interop-fixes li")`)
	// A figure for the report, not a check: the first suggestion in a fresh
	// tab, the interop module's download and compilation included.
	t.Logf("first suggestion shown %v after the click (module loaded in this tab)", time.Since(start).Round(time.Millisecond))
	eval[bool](t, ctx, `(document.querySelector("#interop-fix-out").replaceChildren(), true)`)
	start = time.Now()
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-fix-run")))
	waitInterop(t, ctx, `!!document.querySelector("#interop-fixes li")`)
	t.Logf("again, module loaded: %v", time.Since(start).Round(time.Millisecond))
	if w := text(t, ctx, "#interop-whynot"); !strings.Contains(w, "identity-based policy") {
		t.Errorf("why not:\n%s", w)
	}
	if d := text(t, ctx, "#interop-fixes .fix-diff"); !strings.Contains(d, `+      "Action": "s3:GetObject"`) {
		t.Errorf("first fix's diff:\n%s", d)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-fixes li button")))
	waitFor(t, ctx, `!document.querySelector("#interop-dialog[open]") && window.iamplayPlay.report().decision === "allowed"`)
	// Before/after: the state before the fix against the page now.
	var m struct{ Policies []struct{ Name, Text string } }
	json.Unmarshal([]byte(before), &m)
	interopTab(t, ctx, "diff")
	setValue(t, ctx, "#interop-diff-old", string(flatInput("Dev", m.Policies[0].Text, "s3:GetObject")))
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-diff .row button"))) // After = this page
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-diff-run")))
	waitFor(t, ctx, `!!document.querySelector("#interop-diff-summary")`)
	if s := text(t, ctx, "#interop-diff-summary"); !strings.Contains(s, "1 changed") {
		t.Errorf("diff: %s", s)
	}
	if got := eval[string](t, ctx, `[...document.querySelectorAll("#interop-diff-out .diff-change .row > span")].map((e) => e.className).join(" ")`); got != " implicitDeny allowed" {
		t.Errorf("change shown as %q, want the old and new decisions", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-diff-out .diff-change button")))
	if n := eval[int](t, ctx, `document.querySelectorAll("#interop-diff-out .side > div").length`); n != 2 {
		t.Errorf("%d traces side by side, want 2", n)
	}
}

// The AWS dialog fits a phone: no tab of it scrolls sideways at 390 px.
func TestInteropOnAPhone(t *testing.T) {
	ctx := tab(t)
	viewport(t, ctx, 390, 844)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:ListBucket"), "s3:GetObject")}))
	interopTab(t, ctx, "simulator")
	for _, tab := range []string{"simulator", "account", "diff", "fix"} {
		do(t, ctx, chromedp.Click(chromedp.CSS("#interop-tab-"+tab)))
		if tab == "fix" {
			do(t, ctx, chromedp.Click(chromedp.CSS("#interop-fix-run")))
			waitInterop(t, ctx, `!!document.querySelector("#interop-fixes li")`)
		}
		got := eval[[]float64](t, ctx, `(() => { const d = document.getElementById("interop-dialog"); const p = document.getElementById("interop-`+tab+`"); return [d.scrollWidth, d.clientWidth, p.scrollWidth, p.clientWidth, d.getBoundingClientRect().right, window.innerWidth]; })()`)
		if got[0] > got[1]+1 || got[2] > got[3]+1 || got[4] > got[5]+1 {
			t.Errorf("%s tab at 390 px: dialog %v/%v, panel %v/%v, right edge %v of %v", tab, got[0], got[1], got[2], got[3], got[4], got[5])
		}
	}
}
