// Command gen builds IAM Playground's static site: the lessons of content/,
// a page per scenario of the scenario library, the index with the learning
// path, a search index and a sitemap, all in dist/.
//
//	go run ./tools/gen [-content content] [-scenarios scenarios] [-static site/static] [-out dist] [-base /] [-origin https://…]
//
// Lessons are Markdown with front matter. A fenced block whose info string
// is "iam-example" is a runnable example: the build evaluates it with the
// engine, fails with the file and line when the decision it states is
// wrong, and renders its policies with a "Try it" link into the
// playground. Broken internal links and anchors fail the build too.
//
// An "iam-exercise" block (exercise.go) is a starting state and a goal the
// engine checks: the build fails unless the start misses the goal and the
// solution meets it, and links the playground with both. An "iam-quiz"
// block (quiz.go) is a short quiz with answers. Progress (lessons read,
// exercises solved) is kept in the reader's browser by assets/progress.js.
//
// The build is one pass (read, check, render, write) and deterministic:
// the same inputs give byte-identical output, and files whose bytes did not
// change are not rewritten. The entries named by -keep (default "play",
// which the playground's own step builds) are never touched.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	content := fs.String("content", "content", "directory of lesson Markdown files")
	scen := fs.String("scenarios", "scenarios", "scenario library directory (used for messages; the library is compiled in)")
	static := fs.String("static", "site/static", "directory copied verbatim into the output, if it exists")
	out := fs.String("out", "dist", "output directory")
	keep := fs.String("keep", "play", "comma-separated top-level entries of the output directory that other build steps own")
	base := fs.String("base", "/", "URL path the site is served under (/iam/), or its absolute URL (https://example.org/iam/)")
	origin := fs.String("origin", "", "scheme and host the site is served at (https://example.org), for sitemap.xml; without it (or an absolute -base) there is no sitemap")
	verbose := fs.Bool("v", false, "print what was built and how long it took")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "gen: unexpected arguments %q\n", fs.Args())
		return 2
	}
	start := time.Now()
	cfg := Config{
		Content:   *content,
		Scenarios: catalog(*scen),
		Static:    *static,
		Out:       *out,
		Base:      *base,
		Origin:    *origin,
	}
	for _, k := range strings.Split(*keep, ",") {
		if k = strings.TrimSpace(k); k != "" {
			cfg.Keep = append(cfg.Keep, k)
		}
	}
	if err := Build(cfg); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *verbose {
		fmt.Fprintf(stderr, "gen: built %s in %v\n", *out, time.Since(start).Round(time.Millisecond))
	}
	return 0
}
