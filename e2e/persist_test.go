package e2e

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

// Each way the playground could lose what a person typed, ending with the
// earlier work back on the page through the page's own buttons.

const storeKey = "iamplay.play.v1"

// mine is a state to edit; theirs is what replaces it.
func mine() []byte   { return flatInput("Mine", policyText("Allow", "s3:GetObject"), "s3:GetObject") }
func theirs() []byte { return flatInput("Theirs", policyText("Deny", "s3:PutObject"), "s3:PutObject") }

const edited = `window.iamplayPlay.model().policies.some((p) => p.text.includes('"MainX"'))`

// editMine opens mine, types into it and waits until the edit is saved.
func editMine(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	f, err := share.Fragment(share.State{Engine: engine.Version, Input: mine()})
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, base+"/play/"+f)
	typeAt(t, ctx, "Mine", `"Main"`, 5, 0, "X")
	waitFor(t, ctx, `(localStorage.getItem("`+storeKey+`") || "").includes('MainX')`)
}

// click clicks the button whose text is label inside the element matched
// by scope (a CSS selector).
func click(t *testing.T, ctx context.Context, scope, label string) {
	t.Helper()
	js := fmt.Sprintf(`(() => {
		const b = [...document.querySelectorAll(%q + " button")].find((b) => b.textContent === %q);
		if (b) b.click();
		return !!b;
	})()`, scope, label)
	if !eval[bool](t, ctx, js) {
		t.Fatalf("no button %q in %s; notices: %s", label, scope, eval[string](t, ctx, `document.getElementById("notices").innerText`))
	}
}

func notice(t *testing.T, ctx context.Context, id string) string {
	return eval[string](t, ctx, fmt.Sprintf(`(document.querySelector('#notices [data-id=%q]') || {}).innerText || ""`, id))
}

// restoreFromHistory opens History and restores the entry whose text has want.
func restoreFromHistory(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if !eval[bool](t, ctx, `document.getElementById("history-dialog").open`) {
		do(t, ctx, chromedp.Click(chromedp.ID("history")))
	}
	waitFor(t, ctx, `document.getElementById("history-dialog").open`)
	js := fmt.Sprintf(`(() => {
		const li = [...document.querySelectorAll("#history-list li")].find((li) => li.innerText.includes(%q));
		const b = li && li.querySelector('button[data-action="restore"]');
		if (b) b.click();
		return !!b;
	})()`, want)
	if !eval[bool](t, ctx, js) {
		t.Fatalf("History has no entry with %q: %s", want, eval[string](t, ctx, `document.getElementById("history-list").innerText`))
	}
}

// downloads makes the tab's downloads go to a temporary directory and
// returns a function that waits for the next one and returns its bytes.
func downloads(t *testing.T, ctx context.Context) func() []byte {
	t.Helper()
	dir := t.TempDir()
	done := make(chan string, 8)
	if err := chromedp.ListenBrowser(ctx, func(ev any) {
		if e, ok := ev.(*browser.EventDownloadProgress); ok && e.State == browser.DownloadProgressStateCompleted {
			select {
			case done <- e.GUID:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	on := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:         browser.SetDownloadBehaviorBehaviorAllowAndName,
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
		DownloadPath:     dir,
		EventsEnabled:    &on,
	}); err != nil {
		t.Fatal(err)
	}
	return func() []byte {
		t.Helper()
		select {
		case guid := <-done:
			b, err := os.ReadFile(filepath.Join(dir, guid))
			if err != nil {
				t.Fatal(err)
			}
			return b
		case <-time.After(10 * time.Second):
			t.Fatal("no download finished")
			return nil
		}
	}
}

// A lesson's "Try it" opened over edited work: the work is kept and a
// notice offers it back; it stays while the reader works on.
func TestTryItOverEditsKeepsThem(t *testing.T) {
	_ = tab(t)
	srv := lessonSite(t)
	ctx := tab(t)
	editMine(t, ctx, srv.URL)
	do(t, ctx, chromedp.Navigate(srv.URL+"/lessons/what-is-iam/"), chromedp.WaitVisible(chromedp.CSS("#example-1 a.button")),
		chromedp.Click(chromedp.CSS("#example-1 a.button")), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if eval[bool](t, ctx, edited) {
		t.Fatal("the lesson's example did not open")
	}
	if msg := notice(t, ctx, "load"); !strings.Contains(msg, "previous work") {
		t.Fatalf("no offer of the previous work: %q", msg)
	}
	// Working on the lesson's example leaves the offer up.
	do(t, ctx, chromedp.Click(chromedp.ID("add-key")), chromedp.KeyEvent("aws:username"))
	waitFor(t, ctx, `(localStorage.getItem("`+storeKey+`") || "").includes("aws:username")`)
	click(t, ctx, `#notices [data-id="load"]`, "Restore your previous work")
	waitFor(t, ctx, edited)
	// The lesson's example, with its edit, is kept in turn.
	restoreFromHistory(t, ctx, "Before: Restored your previous work")
	waitFor(t, ctx, `JSON.stringify(window.iamplayPlay.model().req.context).includes("aws:username")`)
}

// A share link over edited work: on a fresh page load, and pasted into
// the address of the open page.
func TestShareLinkOverEditsKeepsThem(t *testing.T) {
	other := link(t, share.State{Engine: engine.Version, Input: theirs()})
	isTheirs := `window.iamplayPlay.model().policies.some((p) => p.name === "Theirs")`
	t.Run("page load", func(t *testing.T) {
		ctx := tab(t)
		editMine(t, ctx, site.URL)
		do(t, ctx, chromedp.Navigate("about:blank"))
		open(t, ctx, other)
		waitFor(t, ctx, isTheirs)
		if msg := notice(t, ctx, "load"); !strings.Contains(msg, "previous work") {
			t.Fatalf("no offer of the previous work: %q", msg)
		}
		// A reload shows the link's state (saved), and History still has the work.
		do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
		waitFor(t, ctx, isTheirs)
		restoreFromHistory(t, ctx, "Before you opened a link")
		waitFor(t, ctx, edited)
	})
	t.Run("not edited", func(t *testing.T) {
		// A link's state nobody edited is not kept: the link has it.
		ctx := tab(t)
		open(t, ctx, other)
		waitFor(t, ctx, `(localStorage.getItem("`+storeKey+`") || "").includes('Theirs')`)
		do(t, ctx, chromedp.Navigate("about:blank"))
		open(t, ctx, link(t, share.State{Engine: engine.Version, Input: mine()}))
		if msg := notice(t, ctx, "load"); strings.Contains(msg, "previous work") {
			t.Errorf("an unedited link's state is offered back: %q", msg)
		}
		if n := eval[int](t, ctx, `(JSON.parse(localStorage.getItem("iamplay.play.history.v1") || '{"entries":[]}').entries || []).length`); n != 0 {
			t.Errorf("History has %d entries, want none", n)
		}
	})
	t.Run("same page", func(t *testing.T) {
		ctx := tab(t)
		editMine(t, ctx, site.URL)
		eval[bool](t, ctx, fmt.Sprintf(`(location.hash = %q, true)`, other[strings.Index(other, "#"):]))
		waitFor(t, ctx, isTheirs)
		// Undo, whenever it comes, keeps the edits made since.
		typeAt(t, ctx, "Theirs", `"Main"`, 5, 0, "T")
		waitFor(t, ctx, `(localStorage.getItem("`+storeKey+`") || "").includes('MainT')`)
		click(t, ctx, `#notices [data-id="load"]`, "Undo")
		waitFor(t, ctx, edited)
		click(t, ctx, `#notices [data-id="load"]`, "History")
		restoreFromHistory(t, ctx, "Before: Went back")
		waitFor(t, ctx, `window.iamplayPlay.model().policies.some((p) => p.text.includes('"MainT"'))`)
		// The same work is one entry, under its latest label.
		do(t, ctx, chromedp.Click(chromedp.ID("history")))
		waitFor(t, ctx, `document.getElementById("history-dialog").open`)
		if n := eval[int](t, ctx, `[...document.querySelectorAll("#history-list li")].filter((li) => li.innerText.includes("Before: Opened a shared link")).length`); n != 0 {
			t.Errorf("History lists the work twice")
		}
		restoreFromHistory(t, ctx, "Before: Restored the work from")
		waitFor(t, ctx, edited)
	})
}

// Two tabs of the same browser: the second saves over the first's
// autosave; the first is told, and the second's work is in its History.
func TestTwoTabsKeepBoth(t *testing.T) {
	ctx1 := tab(t)
	editMine(t, ctx1, site.URL)
	ctx2, cancel := chromedp.NewContext(ctx1) // a tab in the same browser context
	defer cancel()
	open(t, ctx2, site.URL+"/play/")
	waitFor(t, ctx2, edited) // the second tab starts from the autosave
	typeAt(t, ctx2, "Mine", `"MainX"`, 6, 0, "Y")
	waitFor(t, ctx2, `(localStorage.getItem("`+storeKey+`") || "").includes('MainXY')`)
	// The first tab is told, and goes on with its own work.
	waitFor(t, ctx1, `(document.querySelector('#notices [data-id="other-tab"]') || {}).innerText?.includes("another tab") || false`)
	typeAt(t, ctx1, "Mine", `"MainX"`, 6, 0, "Z")
	waitFor(t, ctx1, `(localStorage.getItem("`+storeKey+`") || "").includes('MainXZ')`)
	// The second tab's work is in History, as is (after restoring) the first's.
	restoreFromHistory(t, ctx1, "Saved in another tab")
	waitFor(t, ctx1, `window.iamplayPlay.model().policies[0].text.includes('"MainXY"')`)
	restoreFromHistory(t, ctx1, "Before: Restored the work from")
	waitFor(t, ctx1, `window.iamplayPlay.model().policies[0].text.includes('"MainXZ"')`)
}

// fillStorage fills the origin's localStorage until not one more
// character fits: new keys while they fit, then the last one grown.
const fillStorage = `(() => {
	let n = 0;
	for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
		for (;;) {
			try { localStorage.setItem("filler" + n, "x".repeat(size)); n++; } catch { break; }
		}
	}
	const last = "filler" + (n - 1);
	for (let size = 64; size >= 1; size = Math.floor(size / 2)) {
		for (;;) {
			try { localStorage.setItem(last, localStorage.getItem(last) + "x".repeat(size)); } catch { break; }
		}
	}
	return n;
})()`

// A full quota: the page says so at once and offers the work as a file,
// which a fresh page imports.
func TestFullStorageOffersDownload(t *testing.T) {
	ctx := tab(t)
	editMine(t, ctx, site.URL)
	next := downloads(t, ctx)
	if n := eval[int](t, ctx, fillStorage); n == 0 {
		t.Fatal("could not fill localStorage")
	}
	typeAt(t, ctx, "Mine", `"MainX"`, 6, 0, "Q")
	waitFor(t, ctx, `(document.querySelector('#notices [data-id="save-failed"]') || {}).innerText?.includes("could not be saved") || false`)
	click(t, ctx, `#notices [data-id="save-failed"]`, "Download your work")
	file := next()
	if !strings.Contains(string(file), `\"MainXQ\"`) {
		t.Fatalf("the download lacks the latest edit:\n%s", file)
	}
	path := filepath.Join(t.TempDir(), "work.json")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx2 := tab(t)
	open(t, ctx2, site.URL+"/play/")
	do(t, ctx2, chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{path}))
	waitFor(t, ctx2, `window.iamplayPlay.model().policies.some((p) => p.text.includes('"MainXQ"'))`)
}

// An autosave this version cannot read is kept as it was, and can be
// downloaded from History.
func TestUnreadableAutosaveIsKept(t *testing.T) {
	ctx := tab(t)
	// Another page of the site (not the playground, which would save on
	// leaving) stores what a newer playground would.
	do(t, ctx, chromedp.Navigate(site.URL+"/"))
	newer := `{"v":2,"workspaces":[{"name":"from a newer playground","policies":["…"]}]}`
	eval[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem(%q, %q), true)`, storeKey, newer))
	open(t, ctx, site.URL+"/play/")
	if msg := notice(t, ctx, "unreadable"); !strings.Contains(msg, "could not be read") {
		t.Fatalf("no notice of the unreadable autosave: %q", msg)
	}
	// Editing saves over the autosave key, but not over the kept copy.
	do(t, ctx, chromedp.Click(chromedp.ID("add-key")), chromedp.KeyEvent("aws:username"))
	waitFor(t, ctx, `(localStorage.getItem("`+storeKey+`") || "").includes("aws:username")`)
	next := downloads(t, ctx)
	do(t, ctx, chromedp.Click(chromedp.ID("history")), chromedp.Click(chromedp.CSS(`#history-list li[data-entry="unreadable"] button`)))
	if got := string(next()); got != newer {
		t.Errorf("downloaded %q, want the autosave as it was, %q", got, newer)
	}
}

// Export writes an iamplay eval input; import reads it back into a fresh
// page. A bad file changes nothing and says where it is wrong.
func TestImportExportRoundTrip(t *testing.T) {
	ctx := tab(t)
	editMine(t, ctx, site.URL)
	next := downloads(t, ctx)
	do(t, ctx, chromedp.Click(chromedp.ID("export")))
	file := next()
	in, errs := engine.ParseInput("export.json", file)
	if errs.HasErrors() || in == nil {
		t.Fatalf("the export is not an iamplay eval input: %v\n%s", errs, file)
	}
	state := `JSON.stringify(window.iamplayPlay.model().policies.map(p => [p.name, p.attach, p.text]).concat([window.iamplayPlay.model().req]))`
	want := eval[string](t, ctx, state)

	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ctx2 := tab(t)
	open(t, ctx2, site.URL+"/play/")
	do(t, ctx2, chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{write("state.json", string(file))}))
	waitFor(t, ctx2, edited)
	if got := eval[string](t, ctx2, state); got != want {
		t.Errorf("imported state differs\n got: %s\nwant: %s", got, want)
	}
	levels := make([][]map[string]string, 8)
	for i := range levels {
		levels[i] = []map[string]string{{"name": fmt.Sprint("L", i), "document": policyText("Allow", "*")}}
	}
	tooDeep, _ := json.Marshal(map[string]any{"policies": map[string]any{"scp": levels}, "request": map[string]string{}})
	for _, bad := range []struct{ name, text, want string }{
		{"bad.json", "{\n  \"policies\": {,\n}", "bad.json:2:"},
		{"deep.json", string(tooDeep), "deep.json: it has 8 SCP levels"},
	} {
		do(t, ctx2, chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{write(bad.name, bad.text)}))
		waitFor(t, ctx2, fmt.Sprintf(`(document.querySelector('#notices [data-id="import-error"]') || {}).innerText?.includes(%q) || false`, bad.want))
		if msg := notice(t, ctx2, "import-error"); !strings.Contains(msg, "Nothing was changed") {
			t.Errorf("%s: %q", bad.name, msg)
		}
		if !eval[bool](t, ctx2, edited) {
			t.Fatalf("%s: the imported work is gone", bad.name)
		}
	}
}

// bombLink is a share link whose JSON inflates to size bytes.
func bombLink(t *testing.T, size int) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`{"input":{"name":"`))
	w.Write(bytes.Repeat([]byte(" "), size))
	w.Close()
	return share.Prefix + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// A link that inflates to 10 MB or 100 MB is refused with a message, and
// the work on the page stays. The time from the link to the message is
// logged (go test -v), not asserted.
func TestHostileLinkIsRefused(t *testing.T) {
	ctx := tab(t)
	editMine(t, ctx, site.URL)
	for _, size := range []int{10 << 20, 100 << 20} {
		bomb := bombLink(t, size)
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`new Promise((resolve) => {
			const box = document.getElementById("notices");
			const t0 = performance.now();
			const seen = new MutationObserver(() => {
				if (box.querySelector('[data-id="share-error"]')) { seen.disconnect(); resolve(performance.now() - t0); }
			});
			seen.observe(box, { childList: true });
			location.hash = %q;
		})`, bomb), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("opening a %d-character link: %v", len(bomb), err)
		}
		msg := notice(t, ctx, "share-error")
		if !strings.Contains(msg, "more than 4 MiB") || !strings.Contains(msg, "Nothing was changed") {
			t.Errorf("%d-character link: message %q", len(bomb), msg)
		}
		if !eval[bool](t, ctx, edited) {
			t.Fatalf("%d-character link: the work is gone", len(bomb))
		}
		t.Logf("a %d-character link inflating to %d MB: refused in %.0f ms", len(bomb), size>>20, ms)
		eval[bool](t, ctx, `(document.querySelector('#notices [data-id="share-error"]').remove(), history.replaceState(null, "", location.pathname), true)`)
	}
}
