// Package e2e tests the playground in headless Chromium: it builds the site
// (or uses $IAMPLAY_DIST), serves it on 127.0.0.1 and drives the page with
// chromedp. Without Chromium the tests skip, unless IAMPLAY_REQUIRE_BROWSER
// is set, as in CI.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/iamplayground/iamplay/e2e/browser"
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

var (
	site    *httptest.Server
	chrome  *browser.Browser
	skipMsg string
	setup   error
	catalog struct {
		Scenarios []struct {
			ID       string `json:"id"`
			Title    string `json:"title"`
			Requests []struct {
				Name    string `json:"name"`
				Expect  string `json:"expect"`
				Refused bool   `json:"refused"`
			} `json:"requests"`
		} `json:"scenarios"`
	}
)

// xss is markup that would run if any text reached innerHTML.
const xss = `<img src=x onerror="window.__pwned=1">`

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	exec := browser.ExecPath()
	if exec == "" {
		skipMsg = "Chromium not found (install the chromium package or set IAMPLAY_CHROMIUM); set " + browser.RequireEnv + " to make this a failure"
		if browser.Required() {
			setup = fmt.Errorf("%s is set but Chromium was not found", browser.RequireEnv)
		}
		return m.Run()
	}
	root, cleanup, err := browser.Site()
	if err != nil {
		if err == browser.ErrNoNodeModules && !browser.Required() {
			skipMsg = err.Error()
		} else {
			setup = err
		}
		return m.Run()
	}
	defer cleanup()
	// An extra scenario whose title and request carry markup: the page must
	// show it as text.
	if err := addXSSScenario(filepath.Join(root, "play", "scenarios.json")); err != nil {
		setup = err
		return m.Run()
	}
	site = browser.Serve(root)
	defer site.Close()
	chrome, err = browser.Start(exec, 1280, 900)
	if err != nil {
		setup = err
		return m.Run()
	}
	defer chrome.Close()
	return m.Run()
}

// addXSSScenario appends a hostile scenario to the served catalog (in the
// temporary build, or a copy of $IAMPLAY_DIST's), and reads the catalog.
func addXSSScenario(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &catalog); err != nil {
		return err
	}
	if os.Getenv(browser.DistEnv) != "" {
		return nil // never write into a directory the caller owns
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		return err
	}
	input := flatInput("XSS"+xss, policyText("Allow", "s3:GetObject"), "s3:GetObject")
	c["scenarios"] = append(c["scenarios"].([]any), map[string]any{
		"id": "zz-xss", "title": "Hostile " + xss, "summary": "summary " + xss,
		"explanation": "Explanation " + xss + " and [a link](javascript:alert(1)) and `" + xss + "`",
		"tags":        []string{"zz " + xss},
		"requests": []map[string]any{{
			"name": "request " + xss, "description": xss, "expect": "allowed", "input": json.RawMessage(input),
		}},
	})
	out, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o644)
}

// tab opens the playground in a fresh browser context, or skips.
func tab(t *testing.T) context.Context {
	t.Helper()
	if setup != nil {
		t.Fatal(setup)
	}
	if chrome == nil {
		t.Skip(skipMsg)
	}
	ctx, cancel := chrome.Tab()
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(ctx, 40*time.Second)
	t.Cleanup(cancel2)
	return ctx
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// open loads a page address and waits until the engine has answered.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
}

// waitFor polls a JavaScript condition.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		state := eval[string](t, ctx, `document.getElementById("banner").innerText + " | " + document.getElementById("notices").innerText`)
		t.Fatalf("waiting for %s: %v (page: %s)", cond, err, state)
	}
}

func decision(t *testing.T, ctx context.Context) string {
	return eval[string](t, ctx, `(window.iamplayPlay.report() || {}).decision || ""`)
}

func banner(t *testing.T, ctx context.Context) string {
	return eval[string](t, ctx, `document.getElementById("banner").className`)
}

func policyText(effect, action string) string {
	return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Main",
      "Effect": "` + effect + `",
      "Action": "` + action + `",
      "Resource": "*"
    }
  ]
}`
}

// flatInput is a one-policy input, as the browser sends it.
func flatInput(name, text, action string) []byte {
	b, _ := json.Marshal(map[string]any{
		"policies": map[string]any{"identity": []map[string]string{{"name": name, "document": text}}},
		"request": map[string]any{
			"principal": "arn:aws:iam::111111111111:user/alice",
			"action":    action,
			"resource":  "arn:aws:s3:::bucket/key",
			"context":   map[string]any{"aws:SourceIp": "203.0.113.7", "aws:MultiFactorAuthPresent": true, "aws:TagKeys": []string{"a", "b"}},
		},
	})
	return b
}

func link(t *testing.T, st share.State) string {
	t.Helper()
	f, err := share.Fragment(st)
	if err != nil {
		t.Fatal(err)
	}
	return site.URL + "/play/" + f
}

// typeAt puts the cursor at a place in a policy's editor (the first
// occurrence of find, plus skip characters, selecting sel characters) and
// types keys there as a person would.
func typeAt(t *testing.T, ctx context.Context, policy, find string, skip, sel int, keys string) {
	t.Helper()
	ok := eval[bool](t, ctx, fmt.Sprintf(`(() => {
		const p = window.iamplayPlay.model().policies.find((x) => x.name === %q);
		if (!p) return false;
		const i = p.text.indexOf(%q);
		if (i < 0) return false;
		return window.iamplayPlay.focusPolicy(%q, i + %d, i + %d + %d);
	})()`, policy, find, policy, skip, skip, sel))
	if !ok {
		t.Fatalf("cannot place the cursor at %q in %s", find, policy)
	}
	do(t, ctx, chromedp.KeyEvent(keys))
}

func TestLoadsFirstScenario(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, site.URL+"/play/")
	if len(catalog.Scenarios) == 0 || len(catalog.Scenarios[0].Requests) == 0 {
		t.Fatal("the catalog is empty")
	}
	sc := catalog.Scenarios[0]
	want := sc.Requests[0].Expect
	waitFor(t, ctx, `!!window.iamplayPlay.report()`)
	if got := decision(t, ctx); got != want {
		t.Errorf("first scenario %q, request %q: decision %q, want %q", sc.ID, sc.Requests[0].Name, got, want)
	}
	if cls := banner(t, ctx); !strings.Contains(cls, want) {
		t.Errorf("banner class %q does not show %s", cls, want)
	}
	title := eval[string](t, ctx, `document.getElementById("scenario-title").textContent`)
	if title != sc.Title {
		t.Errorf("scenario title %q, want %q", title, sc.Title)
	}
	// The flow chart lit the decision.
	end := "deny"
	if want == "allowed" {
		end = "allow"
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#flow g[data-end="`+end+`"].on')`) {
		t.Errorf("flow chart does not light %s", end)
	}
	// The trace has the policy and statement levels.
	if n := eval[int](t, ctx, `document.querySelectorAll("#trace li.k-statement").length`); n == 0 {
		t.Error("trace shows no statements")
	}
	// Every request of the scenario is one click away and gives its decision.
	for i, rq := range sc.Requests {
		do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf("#requests li:nth-child(%d) button", i+1))))
		waitFor(t, ctx, fmt.Sprintf(`window.iamplayPlay.model().request === %q && !!window.iamplayPlay.report()`, rq.Name))
		want := rq.Expect
		if rq.Refused {
			want = "allowed" // AWS refuses a step first; the policies allow it
		}
		if got := decision(t, ctx); got != want {
			t.Errorf("request %q: decision %q, want %q", rq.Name, got, want)
		}
	}
}

func TestEditFlipsDecisionAndTrace(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:GetObject"), "s3:GetObject")}))
	waitFor(t, ctx, `window.iamplayPlay.report() && window.iamplayPlay.report().decision === "allowed"`)
	if !eval[bool](t, ctx, `!!document.querySelector("#trace li.k-statement.r-ok")`) {
		t.Fatal("no matched statement in the trace")
	}
	if !eval[bool](t, ctx, `!!document.querySelector('article[data-policy="Dev"] .cm-deciding')`) {
		t.Error("the deciding statement is not highlighted in its editor")
	}
	// Change the action the policy allows: the statement no longer matches.
	typeAt(t, ctx, "Dev", "GetObject", 0, 3, "Put")
	waitFor(t, ctx, `window.iamplayPlay.report().decision === "implicitDeny"`)
	if !eval[bool](t, ctx, `!!document.querySelector("#trace li.k-statement.r-no")`) {
		t.Error("the trace does not show the statement as unmatched")
	}
	if eval[bool](t, ctx, `!!document.querySelector('article[data-policy="Dev"] .cm-deciding')`) {
		t.Error("a deciding statement is still highlighted after an implicit deny")
	}
	// Back to GetObject, and make the statement a Deny.
	typeAt(t, ctx, "Dev", "PutObject", 0, 3, "Get")
	typeAt(t, ctx, "Dev", `"Allow"`, 1, 5, "Deny")
	waitFor(t, ctx, `window.iamplayPlay.report().decision === "explicitDeny"`)
	if !strings.Contains(banner(t, ctx), "explicitDeny") {
		t.Error("banner does not show the explicit deny")
	}
	if !eval[bool](t, ctx, `!!document.querySelector("#trace li.k-policy.r-deny")`) {
		t.Error("the trace does not show the policy denying")
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#flow g[data-stage="deny"][data-outcome="fail"]')`) {
		t.Error("the flow chart does not show the deny stage failing")
	}
	// Clicking the deciding statement in the trace selects it in the editor.
	do(t, ctx, chromedp.Click(chromedp.CSS("#trace li.tn-deciding > .tn-row .tn-label")))
	sel := eval[string](t, ctx, `window.getSelection().toString() || document.activeElement.className`)
	if !strings.Contains(sel, `"Effect": "Deny"`) {
		t.Errorf("clicking the trace selected %q, want the statement", sel)
	}
}

func TestInvalidJSONShowsDiagnostic(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:GetObject"), "s3:GetObject")}))
	waitFor(t, ctx, `window.iamplayPlay.report() && window.iamplayPlay.report().decision === "allowed"`)
	// Remove the comma after "Sid": "Main" (line 5): a syntax error on line 6.
	typeAt(t, ctx, "Dev", `"Main",`, 6, 1, kb.Backspace)
	waitFor(t, ctx, `document.getElementById("banner").classList.contains("invalid")`)
	// The diagnostic is at line 6 of the editor.
	line := eval[int](t, ctx, `(() => {
		const mark = document.querySelector('article[data-policy="Dev"] .cm-lintRange-error');
		if (!mark) return -1;
		const lineEl = mark.closest(".cm-line");
		return [...lineEl.parentElement.children].indexOf(lineEl) + 1;
	})()`)
	if line != 6 {
		t.Errorf("diagnostic on line %d, want 6", line)
	}
	problems := eval[string](t, ctx, `document.getElementById("problems").innerText`)
	if !strings.Contains(problems, "Dev 6:") {
		t.Errorf("problem list %q does not point at Dev 6:…", problems)
	}
	// The text is kept as typed, and survives a reload.
	text := eval[string](t, ctx, `window.iamplayPlay.model().policies[0].text`)
	if !strings.Contains(text, `"Sid": "Main"`+"\n") || strings.Contains(text, `"Main",`) {
		t.Fatalf("editor text changed: %q", text)
	}
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if got := eval[string](t, ctx, `window.iamplayPlay.model().policies[0].text`); got != text {
		t.Errorf("after reload the text is %q, want %q", got, text)
	}
	if !strings.Contains(banner(t, ctx), "invalid") {
		t.Error("after reload the banner no longer shows the problem")
	}
}

func TestShareLinkRestoresState(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Scenario: "", Input: flatInput("Dev", policyText("Allow", "s3:Get*"), "s3:GetObject")}))
	waitFor(t, ctx, `window.iamplayPlay.report() && window.iamplayPlay.report().decision === "allowed"`)
	// Edit the request in the form, then share.
	eval[bool](t, ctx, `(() => { const el = document.querySelector('#request-form input[name="action"]'); el.focus(); el.select(); return true; })()`)
	do(t, ctx, chromedp.KeyEvent("s3:GetBucketPolicy"))
	waitFor(t, ctx, `window.iamplayPlay.model().req.action === "s3:GetBucketPolicy"`)
	typeAt(t, ctx, "Dev", `"Allow"`, 1, 5, "Deny")
	waitFor(t, ctx, `window.iamplayPlay.report().decision === "explicitDeny"`)
	do(t, ctx, chromedp.Click(chromedp.ID("share")))
	waitFor(t, ctx, `document.getElementById("share-link").value.includes("#v1.")`)
	url := eval[string](t, ctx, `document.getElementById("share-link").value`)
	model := eval[string](t, ctx, `JSON.stringify(window.iamplayPlay.model().policies.map(p => [p.name, p.attach, p.text]).concat([window.iamplayPlay.model().req]))`)

	// The Go reader agrees with the browser's writer.
	st, err := share.Parse(url)
	if err != nil {
		t.Fatalf("Go cannot read the browser's link %s: %v", url, err)
	}
	if st.Engine != engine.Version || !strings.Contains(string(st.Input), "s3:GetBucketPolicy") {
		t.Errorf("link state %+v", st)
	}

	// A fresh browser context (no storage) restores the same state.
	ctx2 := tab(t)
	open(t, ctx2, url)
	waitFor(t, ctx2, `!!window.iamplayPlay.report()`)
	if got := decision(t, ctx2); got != "explicitDeny" {
		t.Errorf("shared decision %q, want explicitDeny", got)
	}
	got := eval[string](t, ctx2, `JSON.stringify(window.iamplayPlay.model().policies.map(p => [p.name, p.attach, p.text]).concat([window.iamplayPlay.model().req]))`)
	if got != model {
		t.Errorf("shared state differs\n got: %s\nwant: %s", got, model)
	}
	if v := eval[string](t, ctx2, `document.querySelector('#request-form input[name="action"]').value`); v != "s3:GetBucketPolicy" {
		t.Errorf("request form shows action %q", v)
	}
	// The fragment is dropped so a reload shows later edits.
	if h := eval[string](t, ctx2, `location.hash`); h != "" {
		t.Errorf("hash %q left in the address", h)
	}
}

func TestBadShareLinkKeepsWork(t *testing.T) {
	ctx := tab(t)
	good := link(t, share.State{Engine: engine.Version, Input: flatInput("Mine", policyText("Allow", "s3:GetObject"), "s3:GetObject")})
	open(t, ctx, good)
	typeAt(t, ctx, "Mine", `"Main"`, 5, 0, "X")
	waitFor(t, ctx, `window.iamplayPlay.model().policies[0].text.includes('"MainX"')`)
	for _, bad := range []string{
		good[:len(good)-len(good)/3],         // truncated
		site.URL + "/play/#v1.!!not-base64!", // malformed
		site.URL + "/play/#v1." + xss,        // hostile
		site.URL + "/play/#v2.AAAA",          // another version
	} {
		open(t, ctx, bad)
		waitFor(t, ctx, `!!document.querySelector("#notices .notice.error")`)
		msg := eval[string](t, ctx, `document.querySelector("#notices .notice.error").innerText`)
		if !strings.Contains(msg, "cannot be opened") {
			t.Errorf("%s: message %q", bad, msg)
		}
		if !eval[bool](t, ctx, `window.iamplayPlay.model().policies[0].text.includes('"MainX"')`) {
			t.Fatalf("%s: the previous work is gone", bad)
		}
		if eval[bool](t, ctx, `window.__pwned === 1 || document.querySelectorAll("img").length > 0`) {
			t.Fatalf("%s: markup from the link ran", bad)
		}
	}
}

func TestReloadKeepsEdits(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:GetObject"), "s3:GetObject")}))
	waitFor(t, ctx, `window.iamplayPlay.report() && window.iamplayPlay.report().decision === "allowed"`)
	typeAt(t, ctx, "Dev", "GetObject", 0, 3, "Put")
	do(t, ctx, chromedp.Click(chromedp.ID("add-key")), chromedp.KeyEvent("aws:username"))
	waitFor(t, ctx, `window.iamplayPlay.report().decision === "implicitDeny"`)
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	waitFor(t, ctx, `!!window.iamplayPlay.report()`)
	if got := decision(t, ctx); got != "implicitDeny" {
		t.Errorf("after reload: decision %q, want implicitDeny", got)
	}
	m := eval[string](t, ctx, `JSON.stringify(window.iamplayPlay.model())`)
	if !strings.Contains(m, `s3:PutObject`) || !strings.Contains(m, `"aws:username"`) {
		t.Errorf("after reload the edits are gone: %s", m)
	}
}

func TestMarkupIsText(t *testing.T) {
	ctx := tab(t)
	hostile := strings.Replace(policyText("Allow", "s3:GetObject"), `"Resource": "*"`,
		`"Resource": "*", "Condition": {"StringNotEquals": {"aws:username": "`+strings.ReplaceAll(xss, `"`, `\"`)+`"}}`, 1)
	in := flatInput(xss, hostile, "s3:GetObject")
	open(t, ctx, link(t, share.State{Engine: xss, Scenario: xss, Request: xss, Input: in}))
	waitFor(t, ctx, `!!window.iamplayPlay.report()`)
	body := eval[string](t, ctx, `document.body.innerText`)
	for _, where := range []string{"scenario", "engine version notice"} {
		if !strings.Contains(body, xss) {
			t.Errorf("%s: the markup is not shown as text", where)
		}
	}
	if v := eval[string](t, ctx, `document.querySelector(".policy-card .pname").value`); v != xss {
		t.Errorf("policy name field %q", v)
	}
	if !eval[bool](t, ctx, `document.querySelector(".policy-card .cm-content").textContent.includes('onerror=\\"window.__pwned=1\\"')`) {
		t.Error("the policy text is not shown as typed")
	}
	// The hostile scenario in the catalog: title, summary, tags, explanation
	// and request name are text; its javascript: link is not a link.
	if os.Getenv(browser.DistEnv) == "" {
		do(t, ctx, chromedp.Click(chromedp.ID("open-scenarios")), chromedp.SendKeys(chromedp.ID("scenario-search"), "hostile"))
		if !strings.Contains(eval[string](t, ctx, `document.getElementById("scenario-list").innerText`), "Hostile "+xss) {
			t.Error("scenario list does not show the title as text")
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`#scenario-list button[data-scenario="zz-xss"]`)))
		waitFor(t, ctx, `window.iamplayPlay.model().scenario === "zz-xss" && !!window.iamplayPlay.report()`)
		do(t, ctx, chromedp.Click(chromedp.CSS("#scenario-details summary")))
		text := eval[string](t, ctx, `document.querySelector(".col-left").innerText`)
		for _, want := range []string{"Hostile " + xss, "summary " + xss, "request " + xss, "Explanation " + xss} {
			if !strings.Contains(text, want) {
				t.Errorf("left column does not show %q as text:\n%s", want, text)
			}
		}
		if eval[bool](t, ctx, `[...document.querySelectorAll("a")].some(a => a.href.startsWith("javascript:"))`) {
			t.Error("a javascript: link was made")
		}
	}
	if eval[bool](t, ctx, `window.__pwned === 1 || document.querySelectorAll("img").length > 0`) {
		t.Fatal("markup ran")
	}
}

func TestKeyboardAndTheme(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:GetObject"), "s3:GetObject")}))
	typeAt(t, ctx, "Dev", "GetObject", 0, 0, "")
	if !eval[bool](t, ctx, `document.activeElement.classList.contains("cm-content")`) {
		t.Fatal("the editor does not have the focus")
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if !eval[bool](t, ctx, `document.activeElement.classList.contains("policy-card")`) {
		t.Errorf("Escape left the focus on %s", eval[string](t, ctx, `document.activeElement.className`))
	}
	// Tab moves on from the card to its controls, not into a trap.
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if !eval[bool](t, ctx, `document.activeElement.classList.contains("pname")`) {
		t.Errorf("Tab after Escape went to %s", eval[string](t, ctx, `document.activeElement.className`))
	}
	before := eval[string](t, ctx, `document.documentElement.dataset.theme`)
	do(t, ctx, chromedp.Click(chromedp.ID("theme")))
	after := eval[string](t, ctx, `document.documentElement.dataset.theme`)
	if before == after || (after != "dark" && after != "light") {
		t.Errorf("theme toggle: %q → %q", before, after)
	}
}

// The editors' code (CodeMirror, most of the page's script) loads only
// after the first decision is drawn, and the page still works without it.
func TestEditorCodeComesAfterFirstDecision(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, site.URL+"/play/")
	order := eval[[]float64](t, ctx, `(() => {
		const cm = performance.getEntriesByType("resource").find((r) => /\/cm-[^/]*\.js/.test(r.name));
		const first = performance.getEntriesByName("iamplay:first-decision")[0];
		return cm && first ? [first.startTime, cm.fetchStart] : [];
	})()`)
	if len(order) != 2 {
		t.Fatal("no first-decision mark or no request for the editor chunk")
	}
	if order[1] < order[0] {
		t.Errorf("the editor code was requested at %.0f ms, before the first decision at %.0f ms", order[1], order[0])
	}
	if !eval[bool](t, ctx, `!!document.querySelector(".policy-card .cm-content")`) {
		t.Error("no editor was built once its code loaded")
	}

	// Without the chunk: the decision, the policy text and a notice.
	ctx2 := tab(t)
	do(t, ctx2, chromedp.Func(func(c context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(c, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(c, tg, network.SetBlockedURLs, network.SetBlockedURLsParams{
			URLPatterns: []*network.BlockPattern{{URLPattern: site.URL + "/play/cm-*", Block: true}},
		})
		return err
	}), chromedp.Navigate(site.URL+"/play/"))
	waitFor(t, ctx2, `!!window.iamplayPlay.report() && document.getElementById("notices").innerText.includes("editors could not be loaded")`)
	if got, want := decision(t, ctx2), catalog.Scenarios[0].Requests[0].Expect; got != want {
		t.Errorf("without the editor code: decision %q, want %q", got, want)
	}
	if !eval[bool](t, ctx2, `[...document.querySelectorAll(".policy-card pre.cm-placeholder")].some((p) => p.textContent.includes("Statement"))`) {
		t.Error("without the editor code the policies are not shown as text")
	}
}
