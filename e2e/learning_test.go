package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

// viewport makes the tab a phone (390 px wide, touch, mobile viewport) or a
// desktop window.
func viewport(t *testing.T, ctx context.Context, width, height int64) {
	t.Helper()
	var opts []chromedp.EmulateViewportOption
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	do(t, ctx, chromedp.EmulateViewport(width, height, opts...))
}

// noSideScroll fails when the page is wider than the window.
func noSideScroll(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	got := eval[[]float64](t, ctx, `[document.documentElement.scrollWidth, window.innerWidth]`)
	if got[0] > got[1]+1 {
		t.Errorf("%s: the page is %v px wide in a %v px window (it scrolls sideways)", where, got[0], got[1])
	}
}

// onScreen lists the elements matching sel whose box is not inside the
// window horizontally (cut off or out of reach).
func onScreen(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	return eval[[]string](t, ctx, fmt.Sprintf(`[...document.querySelectorAll(%q)].filter((e) => {
		if (e.hidden || e.offsetParent === null) return false;
		const r = e.getBoundingClientRect();
		return r.left < -1 || r.right > window.innerWidth + 1 || r.width === 0;
	}).map((e) => (e.id || e.className) + " " + JSON.stringify(e.getBoundingClientRect()))`, sel))
}

// TestPlaygroundOnAPhone opens the playground 390 px wide: nothing scrolls
// sideways, every header control is on screen, the panels are stacked, and
// the scenario dialog fits. At 1280 px the three columns stand side by side.
func TestPlaygroundOnAPhone(t *testing.T) {
	for _, w := range []int64{390, 1280} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			ctx := tab(t)
			viewport(t, ctx, w, 844)
			open(t, ctx, site.URL+"/play/")
			noSideScroll(t, ctx, "playground")
			if off := onScreen(t, ctx, ".top button, .top a"); len(off) > 0 {
				t.Errorf("header controls off screen: %v", off)
			}
			lefts := eval[[]float64](t, ctx, `[".col-left", ".col-mid", ".col-right"].map((s) => document.querySelector(s).getBoundingClientRect().left)`)
			stacked := lefts[0] == lefts[1] && lefts[1] == lefts[2]
			if (w == 390) != stacked {
				t.Errorf("columns at x=%v: stacked %v at %d px", lefts, stacked, w)
			}
			do(t, ctx, chromedp.Click(chromedp.ID("open-scenarios")), chromedp.WaitVisible(chromedp.ID("scenario-search")))
			box := eval[[]float64](t, ctx, `(() => { const r = document.getElementById("scenario-dialog").getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom, innerWidth, innerHeight]; })()`)
			if box[0] < 0 || box[1] > box[4] || box[2] < 0 || box[3] > box[5] {
				t.Errorf("scenario dialog %v is not inside the %vx%v window", box[:4], box[4], box[5])
			}
		})
	}
}

// TestScenarioSearchEnter: Enter in the scenario search opens the first
// match and closes the dialog, which stays closed.
func TestScenarioSearchEnter(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, site.URL+"/play/")
	do(t, ctx,
		chromedp.Click(chromedp.ID("open-scenarios")),
		chromedp.WaitVisible(chromedp.ID("scenario-search")),
		chromedp.SendKeys(chromedp.ID("scenario-search"), "break-glass"),
	)
	want := eval[string](t, ctx, `document.querySelector("#scenario-list button").dataset.scenario`)
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `window.iamplayPlay.model().scenario === `+fmt.Sprintf("%q", want))
	if eval[bool](t, ctx, `document.getElementById("scenario-dialog").open`) {
		t.Error("Enter opened the scenario but the dialog is open again")
	}
}

// TestFocusIsVisible: the policy editor and the skip link's target show a
// focus ring, the disabled Reset looks disabled, and the page has an icon.
func TestFocusIsVisible(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:GetObject"), "s3:GetObject")}))
	typeAt(t, ctx, "Dev", "GetObject", 0, 0, "")
	waitFor(t, ctx, `!!document.querySelector(".cm-editor.cm-focused")`)
	ring := eval[string](t, ctx, `(() => { const s = getComputedStyle(document.querySelector(".cm-editor.cm-focused")); return s.outlineStyle + " " + s.outlineWidth; })()`)
	if ring != "solid 3px" {
		t.Errorf("focused editor outline %q, want a 3px solid ring", ring)
	}
	// The skip link comes first in the page; focused, it is on screen, and
	// Enter follows it.
	if got := eval[string](t, ctx, `document.querySelector("a[href], button, input, select, textarea").className`); got != "skip" {
		t.Errorf("the first focusable element is %q, want the skip link", got)
	}
	if left := eval[float64](t, ctx, `document.querySelector(".skip").focus(), document.querySelector(".skip").getBoundingClientRect().left`); left < 0 {
		t.Errorf("the focused skip link is off screen (left %v)", left)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `document.activeElement.id === "editors"`)
	if got := eval[string](t, ctx, `getComputedStyle(document.getElementById("editors")).outlineStyle`); got != "solid" {
		t.Errorf("the skip link's target has outline %q", got)
	}
	if !eval[bool](t, ctx, `document.getElementById("reset").disabled`) {
		t.Fatal("Reset is enabled with no scenario loaded")
	}
	if op := eval[string](t, ctx, `getComputedStyle(document.getElementById("reset")).opacity`); op == "1" {
		t.Error("the disabled Reset looks like an enabled button")
	}
	if !eval[bool](t, ctx, `!!document.querySelector('link[rel="icon"]')`) {
		t.Error("the playground has no icon")
	}
}

// lessonsOnAPhone: on a lesson page at 390 px and 900 px the "On this
// page" box sits above the title, not over it; nothing scrolls sideways;
// a wide table scrolls inside its own box. At 1280 px the box is beside the
// text.
func lessonsOnAPhone(t *testing.T, srv *httptest.Server) {
	for _, w := range []int64{390, 900, 1280} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			ctx := tab(t)
			viewport(t, ctx, w, 844)
			do(t, ctx, chromedp.Navigate(srv.URL+"/lessons/conditions/"), chromedp.WaitVisible(chromedp.CSS("article.lesson h1")))
			noSideScroll(t, ctx, "lesson")
			r := eval[[]float64](t, ctx, `(() => { const a = document.querySelector("nav.toc").getBoundingClientRect(), b = document.querySelector("article.lesson h1").getBoundingClientRect(); return [a.left, a.right, a.top, a.bottom, b.left, b.right, b.top, b.bottom]; })()`)
			overlap := r[0] < r[5] && r[4] < r[1] && r[2] < r[7] && r[6] < r[3]
			if overlap {
				t.Errorf("the On this page box %v covers the title %v", r[:4], r[4:])
			}
			beside := r[0] >= r[5]
			if (w == 1280) != beside {
				t.Errorf("at %d px the box is beside the text: %v", w, beside)
			}
			if !eval[bool](t, ctx, `!!document.querySelector('link[rel="icon"]')`) {
				t.Error("the lesson page has no icon")
			}
			// The scenario with the widest table: the access matrix.
			do(t, ctx, chromedp.Navigate(srv.URL+"/scenarios/06-access-requirements-matrix/"), chromedp.WaitVisible(chromedp.CSS("article table")))
			noSideScroll(t, ctx, "scenario 06")
			if w == 390 {
				tb := eval[[]float64](t, ctx, `(() => { const t = document.querySelector("article table"); return [t.scrollWidth, t.clientWidth, t.getBoundingClientRect().right]; })()`)
				if tb[0] <= tb[1] || tb[2] > 391 {
					t.Errorf("the table (content %v px, box %v px, right edge %v) should scroll inside a box on screen", tb[0], tb[1], tb[2])
				}
			}
		})
	}
}

// Every request a lesson page links as "never sent" is one, in the
// playground too: the steps box says the SDK found no credentials.
func TestNeverSentInPlayground(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, site.URL+"/play/")
	do(t, ctx, chromedp.Click(chromedp.ID("open-scenarios")), chromedp.WaitVisible(chromedp.ID("scenario-search")),
		chromedp.SendKeys(chromedp.ID("scenario-search"), "product images"), chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `window.iamplayPlay.model().scenario === "02-ec2-instance-role-product-images"`)
	eval[bool](t, ctx, `[...document.querySelectorAll("#requests button")].find((b) => b.textContent.includes("worker-without-profile")).click(), true`)
	waitFor(t, ctx, `window.iamplayPlay.model().request === "worker-without-profile"`)
	steps := eval[string](t, ctx, `document.getElementById("request-steps").innerText`)
	if !strings.Contains(steps, "never sent") || !strings.Contains(steps, "Unable to locate credentials") {
		t.Errorf("steps box %q does not say the request is never sent", steps)
	}
	if got := eval[string](t, ctx, `document.getElementById("expect").innerText`); !strings.Contains(got, "never sent") {
		t.Errorf("expectation %q", got)
	}
}

// startExercise opens a lesson, follows its exercise's link and waits for
// the exercise panel.
func startExercise(t *testing.T, ctx context.Context, srv, page, id string) {
	t.Helper()
	sel := `figure.exercise[data-exercise="` + id + `"] a.button`
	do(t, ctx, chromedp.Navigate(srv+page), chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)), chromedp.WaitVisible(chromedp.ID("exercise")))
}

// goalMarks is the ✓/✗ state of each goal in the exercise panel.
func goalMarks(t *testing.T, ctx context.Context) string {
	return eval[string](t, ctx, `[...document.querySelectorAll("#exercise-goals li")].map((li) => li.dataset.ok === "true" ? "✓" : "✗").join("")`)
}

// exerciseCheckedLive: a lesson's exercise opens the playground with
// its starting state; the goals are checked by the engine on every edit;
// fixing the trust policy by typing solves it, and the solved exercise is
// kept and shown on the lessons index. A second visitor uses the hints and
// the solution. At 390 px the panel is on screen.
func exerciseCheckedLive(t *testing.T, srv *httptest.Server) {
	t.Run("typing solves it", func(t *testing.T) {
		ctx := tab(t)
		startExercise(t, ctx, srv.URL, "/lessons/roles-and-sts/", "trust-only-the-pipeline")
		waitFor(t, ctx, `document.querySelectorAll("#exercise-goals li").length === 2`)
		if got := goalMarks(t, ctx); got != "✓✗" {
			t.Errorf("starting goals %q, want ✓✗ (the pipeline gets in, and so does Priya)", got)
		}
		// Replace the account root by the pipeline's role, as a person types.
		typeAt(t, ctx, "DeployRole trust policy", "111111111111:root", 13, 4, "role/CodePipelineRole")
		waitFor(t, ctx, `document.getElementById("exercise").classList.contains("solved")`)
		if got := goalMarks(t, ctx); got != "✓✓" {
			t.Errorf("goals after the fix %q", got)
		}
		solved := eval[bool](t, ctx, `!!JSON.parse(localStorage.getItem("iamplay.progress")).exercises["trust-only-the-pipeline"]`)
		if !solved {
			t.Error("the solved exercise was not kept")
		}
		// Breaking it again is checked live too.
		typeAt(t, ctx, "DeployRole trust policy", "role/CodePipelineRole", 0, 21, "root")
		waitFor(t, ctx, `!document.getElementById("exercise").classList.contains("solved")`)
	})
	t.Run("hints and solution, on a phone", func(t *testing.T) {
		ctx := tab(t)
		viewport(t, ctx, 390, 844)
		startExercise(t, ctx, srv.URL, "/lessons/roles-and-sts/", "trust-only-the-pipeline")
		if off := onScreen(t, ctx, "#exercise, #exercise button"); len(off) > 0 {
			t.Errorf("exercise panel off screen: %v", off)
		}
		noSideScroll(t, ctx, "exercise")
		do(t, ctx, chromedp.Click(chromedp.ID("exercise-hint")))
		if n := eval[int](t, ctx, `document.querySelectorAll("#exercise-hints li").length`); n != 1 {
			t.Errorf("%d hints shown after one click", n)
		}
		do(t, ctx, chromedp.Click(chromedp.ID("exercise-solution")))
		waitFor(t, ctx, `document.getElementById("exercise").classList.contains("solved")`)
		if !eval[bool](t, ctx, `window.iamplayPlay.model().policies.some((p) => p.text.includes("role/CodePipelineRole"))`) {
			t.Error("Show solution did not put the solution's trust policy on the page")
		}
	})
}

// everyExerciseSolves opens every exercise of the lessons in the
// playground: it starts unsolved, and its solution solves it, as the
// engine in the page judges.
func everyExerciseSolves(t *testing.T, srv *httptest.Server) {
	ctx := tab(t)
	var pages []string
	do(t, ctx, chromedp.Navigate(srv.URL+"/lessons/"), chromedp.WaitVisible(chromedp.CSS("ol.lessons")))
	pages = eval[[]string](t, ctx, `[...document.querySelectorAll("ol.lessons a")].map((a) => a.getAttribute("href"))`)
	seen := 0
	for _, page := range pages {
		ctx := tab(t)
		do(t, ctx, chromedp.Navigate(srv.URL+page), chromedp.WaitVisible(chromedp.CSS("article.lesson h1")))
		ids := eval[[]string](t, ctx, `[...document.querySelectorAll("figure.exercise")].map((f) => f.dataset.exercise)`)
		for _, id := range ids {
			seen++
			t.Run(id, func(t *testing.T) {
				ctx := tab(t)
				startExercise(t, ctx, srv.URL, page, id)
				waitFor(t, ctx, `document.querySelectorAll("#exercise-goals li").length > 0`)
				if got := goalMarks(t, ctx); !strings.Contains(got, "✗") {
					t.Errorf("the exercise starts solved: %s", got)
				}
				do(t, ctx, chromedp.Click(chromedp.ID("exercise-solution")))
				waitFor(t, ctx, `document.getElementById("exercise").classList.contains("solved")`)
			})
		}
	}
	if seen < 12 {
		t.Errorf("%d exercises in the lessons, want one per lesson from lesson 5 on", seen)
	}
}

// progressKept: a lesson read to its end and an exercise solved are
// kept in the browser and shown on the lessons index (after a reload too)
// and on the lesson; a quiz checks answers; the glossary is linked.
func progressKept(t *testing.T, srv *httptest.Server) {
	ctx := tab(t)
	const lesson = "/lessons/roles-and-sts/"
	do(t, ctx, chromedp.Navigate(srv.URL+lesson), chromedp.WaitVisible(chromedp.CSS("article.lesson h1")))
	if eval[bool](t, ctx, `!!(JSON.parse(localStorage.getItem("iamplay.progress") || "{}").lessons || {})["`+lesson+`"]`) {
		t.Fatal("the lesson counts as read before its end was on screen")
	}
	eval[bool](t, ctx, `window.scrollTo(0, document.body.scrollHeight), true`)
	waitFor(t, ctx, `!!(JSON.parse(localStorage.getItem("iamplay.progress") || "{}").lessons || {})["`+lesson+`"]`)
	if !eval[bool](t, ctx, `!!document.querySelector('.glossary-link a[href="/lessons/glossary/"]')`) {
		t.Error("the lesson does not link the glossary")
	}

	startExercise(t, ctx, srv.URL, lesson, "trust-only-the-pipeline")
	do(t, ctx, chromedp.Click(chromedp.ID("exercise-solution")))
	waitFor(t, ctx, `document.getElementById("exercise").classList.contains("solved")`)

	for _, reload := range []bool{false, true} {
		do(t, ctx, chromedp.Navigate(srv.URL+"/lessons/"), chromedp.WaitVisible(chromedp.CSS("#progress")))
		if reload {
			do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#progress")))
		}
		box := eval[string](t, ctx, `document.getElementById("progress").textContent`)
		if !strings.Contains(box, "1 of ") || !strings.Contains(box, "lessons read, 1 of ") {
			t.Errorf("progress box %q, want one lesson read and one exercise solved", box)
		}
		mark := eval[string](t, ctx, `document.querySelector('li[data-lesson="`+lesson+`"] .progress-mark').textContent`)
		if !strings.Contains(mark, "✓ read") || !strings.Contains(mark, "1 of 1 exercise solved") {
			t.Errorf("lesson mark %q", mark)
		}
		if other := eval[string](t, ctx, `document.querySelector('li[data-lesson="/lessons/groups/"] .progress-mark').textContent`); other != "" {
			t.Errorf("an unread lesson is marked %q", other)
		}
	}
	do(t, ctx, chromedp.Navigate(srv.URL+lesson), chromedp.WaitVisible(chromedp.CSS("figure.exercise")))
	if got := eval[string](t, ctx, `document.querySelector('[data-exercise-status="trust-only-the-pipeline"]').textContent`); got != "✓ Solved" {
		t.Errorf("the lesson's exercise shows %q", got)
	}

	// A quiz: a wrong answer, then the right one.
	do(t, ctx, chromedp.Navigate(srv.URL+"/lessons/federation/"), chromedp.WaitVisible(chromedp.CSS(".quiz-question button.quiz-check")))
	q := `document.querySelector(".quiz-question")`
	answer := eval[string](t, ctx, q+`.dataset.answer`)
	wrong := "0"
	if answer == "0" {
		wrong = "1"
	}
	for _, pick := range []struct{ value, want string }{{wrong, "✗"}, {answer, "✓"}} {
		eval[bool](t, ctx, q+`.querySelector('input[value="`+pick.value+`"]').click(), true`)
		do(t, ctx, chromedp.Click(chromedp.CSS(".quiz-question button.quiz-check")))
		if got := eval[string](t, ctx, q+`.querySelector(".quiz-result").textContent`); !strings.HasPrefix(got, pick.want) {
			t.Errorf("answer %s: result %q, want %s", pick.value, got, pick.want)
		}
	}
}

// TestWorldRefusalInPlayground: a scenario request whose assume step STS
// refuses (DurationSeconds over the role's maximum: AssumeRole API
// reference) opens as "Refused by AWS" with the reason, not as the green
// decision of the final call's policies; once edited, the page shows what
// the policies decide and still says a step is refused.
func TestWorldRefusalInPlayground(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, site.URL+"/play/")
	do(t, ctx, chromedp.Click(chromedp.ID("open-scenarios")), chromedp.WaitVisible(chromedp.ID("scenario-search")),
		chromedp.SendKeys(chromedp.ID("scenario-search"), "07-single-account"), chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `window.iamplayPlay.model().scenario === "07-single-account-iam-roles"`)
	eval[bool](t, ctx, `[...document.querySelectorAll("#requests button")].find((b) => b.textContent.includes("anna-asks-for-two-hours")).click(), true`)
	waitFor(t, ctx, `window.iamplayPlay.model().request === "anna-asks-for-two-hours" && !!window.iamplayPlay.report()`)
	if cls := banner(t, ctx); !strings.Contains(cls, "refused") {
		t.Errorf("banner %q: the refused request is not shown as a refusal", cls)
	}
	if got := eval[string](t, ctx, `document.getElementById("decision").textContent`); got != "Refused by AWS" {
		t.Errorf("decision text %q", got)
	}
	if reason := eval[string](t, ctx, `document.getElementById("reason").textContent`); !strings.Contains(reason, "maximum session duration") {
		t.Errorf("reason %q does not say why", reason)
	}
	first := eval[string](t, ctx, `window.iamplayPlay.model().policies[0].name`)
	typeAt(t, ctx, first, "Statement", 0, 0, " ")
	waitFor(t, ctx, `!document.getElementById("banner").classList.contains("refused")`)
	if got := eval[string](t, ctx, `document.getElementById("expect").innerText`); !strings.Contains(got, "AWS refuses a step first") {
		t.Errorf("after an edit the expectation line says %q", got)
	}
}

// exerciseShared: Share during an exercise makes a link that opens the
// same exercise, with the policies as they were when shared.
func exerciseShared(t *testing.T, srv *httptest.Server) {
	ctx := tab(t)
	startExercise(t, ctx, srv.URL, "/lessons/roles-and-sts/", "trust-only-the-pipeline")
	typeAt(t, ctx, "DeployRole trust policy", "111111111111:root", 13, 4, "role/CodePipelineRole")
	waitFor(t, ctx, `document.getElementById("exercise").classList.contains("solved")`)
	do(t, ctx, chromedp.Click(chromedp.ID("share")), chromedp.WaitVisible(chromedp.ID("share-link")))
	shared := eval[string](t, ctx, `document.getElementById("share-link").value`)
	ctx2 := tab(t)
	do(t, ctx2, chromedp.Navigate(shared), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)), chromedp.WaitVisible(chromedp.ID("exercise")))
	waitFor(t, ctx2, `document.getElementById("exercise").classList.contains("solved")`)
	if got := goalMarks(t, ctx2); got != "✓✓" {
		t.Errorf("the shared exercise opens with goals %q", got)
	}
}

// TestLearningPages builds the lessons once and runs the learning tests
// that need them: lessons on a phone, exercises checked live (each one's
// solution too, and shared), and progress kept.
func TestLearningPages(t *testing.T) {
	_ = tab(t) // skips, or fails, when there is no browser
	srv := lessonSite(t)
	t.Run("lessons on a phone", func(t *testing.T) { lessonsOnAPhone(t, srv) })
	t.Run("exercise checked live", func(t *testing.T) { exerciseCheckedLive(t, srv) })
	t.Run("every exercise solves", func(t *testing.T) { everyExerciseSolves(t, srv) })
	t.Run("exercise shared", func(t *testing.T) { exerciseShared(t, srv) })
	t.Run("progress kept", func(t *testing.T) { progressKept(t, srv) })
}
