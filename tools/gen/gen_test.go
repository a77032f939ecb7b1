package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iamplayground/iamplay/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// shopInput is a flat evaluation input with named string DOCs, the way the
// scenario library hands requests over.
func shopInput(action string) json.RawMessage {
	pol := func(v any) string {
		b, _ := json.MarshalIndent(v, "", "  ")
		return string(b)
	}
	in := map[string]any{
		"policies": map[string]any{
			"identity": []any{map[string]any{"name": "ImagesAdmin", "document": pol(map[string]any{
				"Version": "2012-10-17",
				"Statement": []any{
					map[string]any{"Effect": "Allow", "Action": []string{"s3:GetObject", "s3:DeleteObject"}, "Resource": "arn:aws:s3:::shop-images/*"},
					map[string]any{"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
				},
			})}},
		},
		"request": map[string]any{
			"principal": "arn:aws:sts::111122223333:assumed-role/ShopWeb/i-0abc",
			"action":    action,
			"resource":  "arn:aws:s3:::shop-images/hat.png",
		},
	}
	b, _ := json.Marshal(in)
	return b
}

// fakeLibrary is a one-scenario library for the tests.
func fakeLibrary() ([]Scenario, error) {
	return []Scenario{{
		ID:          "01-shop",
		Title:       "The shop's web role",
		Summary:     "A role that reads images and may never delete them.",
		Explanation: "The role's policy allows reads and deletes, and a **Deny** removes deletes again.\n\n## Why\n\nDeny wins.",
		Tags:        []string{"roles", "s3"},
		Requests: []ScenarioRequest{
			{Name: "read an image", Description: "The web server reads a product image.", Expect: "allowed", Input: shopInput("s3:GetObject"), Steps: []string{"The identity policy allows s3:GetObject."}},
			{Name: "delete an image", Expect: "explicitDeny", Input: shopInput("s3:DeleteObject")},
			{Name: "write an image", Expect: "implicitDeny", Input: shopInput("s3:PutObject")},
		},
	}}, nil
}

func testConfig(t *testing.T, content string) Config {
	t.Helper()
	return Config{Content: content, Scenarios: fakeLibrary, Out: filepath.Join(t.TempDir(), "dist"), Keep: []string{"play"}, Base: "https://example.test"}
}

// readTree reads every file under dir, keyed by slash-separated path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden builds the test site and compares every output file with
// testdata/golden. Refresh with: go test ./tools/gen -run TestGolden -update
func TestGolden(t *testing.T) {
	cfg := testConfig(t, "testdata/site/content")
	if err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, cfg.Out)
	// Assets copied verbatim are checked against their embedded source
	// rather than kept a second time under testdata.
	for name, b := range got {
		src, err := fs.ReadFile(assetFS, name)
		if err != nil {
			continue // generated, such as assets/code.css
		}
		if !bytes.Equal(b, src) {
			t.Errorf("%s differs from the embedded asset it copies", name)
		}
		delete(got, name)
	}
	const golden = "testdata/golden"
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		for name, b := range got {
			p := filepath.Join(golden, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := readTree(t, golden)
	for name := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("%s: in testdata/golden but not built", name)
		}
	}
	for _, name := range sortedKeys(got) {
		w, ok := want[name]
		if !ok {
			t.Errorf("%s: built but not in testdata/golden (run with -update)", name)
			continue
		}
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s differs from testdata/golden (run with -update and review the diff)", name)
		}
	}
}

// TestSite builds the real lessons with the real scenario library twice:
// both builds must succeed, be byte-identical, and every internal link and
// anchor of the built site must resolve.
func TestSite(t *testing.T) {
	build := func() (map[string][]byte, time.Duration) {
		cfg := Config{Content: "../../content", Scenarios: catalog("../../scenarios"), Out: filepath.Join(t.TempDir(), "dist"), Keep: []string{"play"}, Base: "https://example.test"}
		start := time.Now()
		if err := Build(cfg); err != nil {
			t.Fatal(err)
		}
		return readTree(t, cfg.Out), time.Since(start)
	}
	a, took := build()
	t.Logf("built %d files in %v", len(a), took)
	b, _ := build()
	if len(a) != len(b) {
		t.Errorf("two builds made %d and %d files", len(a), len(b))
	}
	for name, x := range a {
		if !bytes.Equal(x, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	if probs := checkSite(a, []string{"play"}, "dist"); len(probs) > 0 {
		t.Errorf("link check:\n%v", probs)
	}
	lessons := 0
	for name := range a {
		if strings.HasPrefix(name, "lessons/") && name != "lessons/index.html" {
			lessons++
		}
	}
	if lessons < 15 {
		t.Errorf("%d lessons, want at least 15", lessons)
	}
}

// TestRebuild checks that a second build rewrites nothing, removes files it
// no longer makes, and leaves the kept play/ directory alone.
func TestRebuild(t *testing.T) {
	cfg := testConfig(t, "testdata/site/content")
	if err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(cfg.Out, "lessons", "first", "index.html")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(page, old, old); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(cfg.Out, "lessons", "gone", "index.html")
	play := filepath.Join(cfg.Out, "play", "index.html")
	for _, p := range []string{stale, play} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(page); err != nil || !st.ModTime().Equal(old) {
		t.Errorf("unchanged page was rewritten (%v)", err)
	}
	if _, err := os.Stat(filepath.Dir(stale)); !os.IsNotExist(err) {
		t.Errorf("stale page directory still there: %v", err)
	}
	if _, err := os.Stat(play); err != nil {
		t.Errorf("kept play/ was touched: %v", err)
	}
}

// TestProblems builds one-lesson sites that are wrong in one way each, and
// checks that the build fails naming the file and line.
func TestProblems(t *testing.T) {
	const head = "---\ntitle: Wrong\norder: 1\npart: Basics\nsummary: A lesson with a mistake.\n---\n"
	const ok = "```iam-example\nscenario: 01-shop\nrequest: read an image\nexpect: allowed\n```\n"
	tests := []struct {
		name string
		body string // after the 6 lines of front matter
		want string
	}{
		{"wrong decision, scenario", "Text.\n\n```iam-example\nscenario: 01-shop\nrequest: read an image\nexpect: explicitDeny\n```\n",
			"wrong.md:12: the example states explicitDeny, but the engine decides allowed"},
		{"wrong decision, own world", "```iam-example\n{\n  \"policies\": {\"identity\": [{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}]},\n  \"request\": {\"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"s3:PutObject\", \"resource\": \"arn:aws:s3:::b/k\"},\n  \"expect\": \"allowed\"\n}\n```\n",
			"wrong.md:11: the example states allowed, but the engine decides implicitDeny"},
		{"unknown scenario", "```iam-example\nscenario: 99-nope\nrequest: read an image\nexpect: allowed\n```\n",
			"wrong.md:8: no scenario \"99-nope\""},
		{"unknown request", "```iam-example\nscenario: 01-shop\nrequest: fly\nexpect: allowed\n```\n",
			"wrong.md:9: scenario 01-shop has no request \"fly\""},
		{"bad decision word", "```iam-example\nscenario: 01-shop\nrequest: read an image\nexpect: maybe\n```\n",
			"wrong.md:10: expect \"maybe\""},
		{"missing expect", "```iam-example\nscenario: 01-shop\nrequest: read an image\n```\n",
			"wrong.md:7: the example has no \"expect\" line"},
		{"json syntax", "```iam-example\n{\n  \"request\": ,\n}\n```\n",
			"wrong.md:9:"},
		{"json unknown field", "```iam-example\n{\n  \"policies\": {},\n  \"requets\": {}\n}\n```\n",
			"wrong.md:10: unknown field \"requets\""},
		{"no example", "Just text.\n", "wrong.md: the lesson has no runnable example"},
		{"broken lesson link", ok + "\nSee [nowhere](07-nowhere.md).\n", "wrong.md:13: link to 07-nowhere.md: there is no such lesson"},
		{"broken anchor", ok + "\nSee\n[this](#no-such-heading).\n", "wrong.md:14: broken link #no-such-heading"},
		{"broken page link", ok + "\nSee [that](/scenarios/99-nope/).\n", "wrong.md:13: broken link /scenarios/99-nope/"},
		{"front matter", "", "wrong.md:1: front matter has no \"title\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := head + tt.body
			if tt.name == "front matter" {
				src = "---\norder: 1\npart: Basics\nsummary: s\n---\n" + ok
			}
			if err := os.WriteFile(filepath.Join(dir, "wrong.md"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg := testConfig(t, dir)
			err := Build(cfg)
			if err == nil {
				t.Fatalf("build succeeded, want %q", tt.want)
			}
			want := filepath.ToSlash(filepath.Join(dir, tt.want))
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, want)
			}
			if _, statErr := os.Stat(cfg.Out); !os.IsNotExist(statErr) {
				t.Errorf("a failed build wrote %s", cfg.Out)
			}
		})
	}
}

func TestShareLink(t *testing.T) {
	w, err := canonicalWorld(shopInput("s3:GetObject"))
	if err != nil {
		t.Fatal(err)
	}
	link, err := shareLink("01-shop", "read an image", w)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := shareLink("01-shop", "read an image", w)
	if link != again {
		t.Errorf("two links for the same state differ")
	}
	st, err := decodeShareLink(link)
	if err != nil {
		t.Fatal(err)
	}
	raw := st.Input
	if st.Engine != engine.Version || st.Scenario != "01-shop" || st.Request != "read an image" {
		t.Errorf("state = %+v", st)
	}
	// The input the link carries is one the engine reads and decides the same.
	in, errs := engine.ParseInput("link", st.Input)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	req, err := in.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	if d := engine.Evaluate(&in.Policies, req, engine.Options{}).Decision.String(); d != "allowed" {
		t.Errorf("decision from the link's input = %s", d)
	}
	if !strings.Contains(string(raw), `"identity":[{"name":"ImagesAdmin","document":"{`) {
		t.Errorf("policies are not named string DOCs: %s", raw)
	}
}

func TestCanonicalWorld(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"object doc gets default name and indent",
			`{"policies":{"identity":[{"Version":"2012-10-17","Statement":[]}]},"request":{"principal":"p","action":"a","resource":"r"}}`,
			`{"policies":{"identity":[{"name":"identity policy 1","document":"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}"}]},"request":{"principal":"p","action":"a","resource":"r"}}`},
		{"string doc kept, named doc keeps name",
			`{"policies":{"resource":{"name":"BucketPolicy","document":"{ \"Statement\": [] }"}},"request":{"principal":"p","action":"a","resource":"r"},"expect":"allowed"}`,
			`{"policies":{"resource":{"name":"BucketPolicy","document":"{ \"Statement\": [] }"}},"request":{"principal":"p","action":"a","resource":"r"},"expect":"allowed"}`},
		{"scp levels and null org",
			`{"policies":{"scp":[["{}"],[{"name":"Deny","document":{}}]],"rcp":null},"request":{"principal":"p","action":"a","resource":"r","context":{"k": [ "a", "b" ]}}}`,
			`{"policies":{"scp":[[{"name":"SCP level 1 policy 1","document":"{}"}],[{"name":"Deny","document":"{}"}]]},"request":{"principal":"p","action":"a","resource":"r","context":{"k":["a","b"]}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := canonicalWorld([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := encodeJSON(w)
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		name, src string
		want      Meta
		line      int
		probs     string
	}{
		{"all keys", "---\ntitle: T\norder: 3\npart: P\nsummary: S: with colon\n---\nbody", Meta{Title: "T", Order: 3, Part: "P", Summary: "S: with colon"}, 6, ""},
		{"quoted", "---\ntitle: \"Conditions: MFA\"\nsummary: S\n---\n", Meta{Title: "Conditions: MFA", Summary: "S"}, 4, ""},
		{"missing", "# no front matter", Meta{}, 0, "f.md:1: missing front matter"},
		{"unclosed", "---\ntitle: T\n", Meta{Title: "T"}, 3, "f.md:3: front matter is not closed"},
		{"bad order", "---\ntitle: T\nsummary: S\norder: x\n---\n", Meta{Title: "T", Summary: "S"}, 5, "f.md:4: order \"x\""},
		{"unknown key", "---\ntitle: T\nsummary: S\nauthor: me\n---\n", Meta{Title: "T", Summary: "S"}, 5, "f.md:4: unknown front matter key \"author\""},
		{"CRLF line endings", "---\r\ntitle: T\r\nsummary: S\r\n---\r\nbody", Meta{Title: "T", Summary: "S"}, 4, ""},
		{"byte order mark", "\ufeff---\ntitle: T\nsummary: S\n---\nbody", Meta{Title: "T", Summary: "S"}, 4, ""},
		{"lone CR line endings, problems at the right line", "---\rtitle: T\rsummary: S\rorder: x\r---\r", Meta{Title: "T", Summary: "S"}, 5, "f.md:4: order \"x\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var probs Problems
			m, _, line := parseFrontMatter("f.md", []byte(tt.src), &probs)
			if m != tt.want || line != tt.line {
				t.Errorf("got %+v line %d, want %+v line %d", m, line, tt.want, tt.line)
			}
			if got := probs.Error(); tt.probs == "" && len(probs) > 0 || !strings.Contains(got, tt.probs) {
				t.Errorf("problems %q, want %q", got, tt.probs)
			}
		})
	}
}

func TestCheckSite(t *testing.T) {
	page := func(body string) []byte { return []byte("<html><body>\n" + body + "\n</body></html>") }
	tests := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"all good", map[string][]byte{
			"index.html":         page(`<a href="/a/">a</a> <a href="a/#x">x</a> <a href="/play/#v1.abc">try</a> <a href="https://aws.amazon.com/">aws</a>`),
			"a/index.html":       page(`<h2 id="x">X</h2><a href="../">up</a><img src="pic.png"><a href="#x">self</a>`),
			"a/pic.png":          nil,
			"assets/search.json": nil,
		}, ""},
		{"missing page", map[string][]byte{"index.html": page(`<a href="/b/">b</a>`)}, "dist/index.html:2: broken link /b/: the site has no /b/"},
		{"missing anchor", map[string][]byte{"index.html": page(`<a href="#y">y</a>`)}, "dist/index.html:2: broken link #y: / has no anchor #y"},
		{"relative missing", map[string][]byte{"a/index.html": page(`<img src="pic.png">`)}, "dist/a/index.html:2: broken link pic.png: the site has no /a/pic.png"},
		{"duplicate id", map[string][]byte{"index.html": page(`<p id="d"></p><p id="d"></p>`)}, "id \"d\" is used twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkSite(tt.files, []string{"play"}, "dist").Error()
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
