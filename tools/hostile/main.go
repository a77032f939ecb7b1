// Command hostile measures what hostile and heavy inputs cost: each case
// builds its input, then runs it in a process of its own (the iamplay CLI,
// or this program with -case for the share-link reader), and the table
// reports the wall time and the peak memory (max RSS) of that process, and
// whether it answered or refused within the budget (1 s and 256 MB).
//
//	go run ./tools/hostile            (make bench-hostile)
//	go run ./tools/hostile -only link
package main

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/iamplayground/iamplay/wasm/share"
)

// A hostCase is one hostile input and how to run it.
type hostCase struct {
	name, what string
	// args is the command line: args[0] "iamplay" is the CLI, "self" this
	// program; "@" stands for the input file.
	args []string
	// stdin feeds the input file on standard input instead.
	stdin bool
	text  func() string
}

const (
	budgetTime = time.Second
	budgetRSS  = 256 << 20
)

func main() {
	only := flag.String("only", "", "run only the cases whose name contains this")
	one := flag.String("case", "", "internal: run one in-process case on the file given as the argument")
	build := flag.String("build", "", "internal: write every input into this directory")
	flag.Parse()
	if *one != "" {
		os.Exit(runInProcess(*one, flag.Arg(0)))
	}
	if *build != "" {
		for _, c := range cases {
			write(*build, c.name+".json", c.text())
		}
		return
	}
	dir, err := os.MkdirTemp("", "iamplay-hostile-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	cli := filepath.Join(dir, "iamplay")
	if out, err := exec.Command("go", "build", "-o", cli, "./cmd/iamplay").CombinedOutput(); err != nil {
		fail(fmt.Errorf("building iamplay: %v\n%s", err, out))
	}
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	// The inputs are written by another process: on Linux a child's peak
	// RSS starts from this process's own peak, which must stay small.
	if out, err := exec.Command(self, "-build", dir).CombinedOutput(); err != nil {
		fail(fmt.Errorf("writing the inputs: %v\n%s", err, out))
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tinput\toutcome\ttime\tpeak RSS\twithin 1 s, 256 MB")
	over := 0
	for _, c := range cases {
		if !strings.Contains(c.name, *only) {
			continue
		}
		file := filepath.Join(dir, c.name+".json")
		args, stdin := append([]string(nil), c.args...), ""
		for i, a := range args {
			if a == "@" {
				args[i] = file
			}
		}
		if c.stdin {
			stdin = file
		}
		switch args[0] {
		case "iamplay":
			args[0] = cli
		case "self":
			args[0] = self
		}
		outcome, took, rss := run(args, stdin, dir)
		ok := took <= budgetTime && rss <= budgetRSS
		mark := "yes"
		if !ok {
			mark, over = "NO", over+1
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d MB\t%s\n", c.name, c.what, outcome, took.Round(time.Millisecond), rss>>20, mark)
	}
	tw.Flush()
	if over > 0 {
		fmt.Printf("%d case(s) over the budget\n", over)
		os.Exit(1)
	}
}

// run runs one process and returns what it said, its wall time and peak RSS.
func run(args []string, stdin, dir string) (string, time.Duration, int64) {
	cmd := exec.Command(args[0], args[1:]...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &limitedWriter{w: &out, n: 1 << 16}, &limitedWriter{w: &out, n: 1 << 16}
	if stdin != "" {
		f, err := os.Open(stdin)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		cmd.Stdin = f
	}
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10 // kilobytes on Linux
	}
	// The first file:line:col message if there is one, else the first line.
	text := strings.ReplaceAll(out.String(), dir+"/", "")
	first, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, ".json:") {
			first = line
			break
		}
	}
	if len(first) > 100 {
		first = first[:100] + "…"
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		first = err.Error()
	}
	return fmt.Sprintf("exit %d: %s", code, first), took, rss
}

// limitedWriter keeps the first n bytes written and discards the rest, so a
// case with a huge output does not cost this program the memory.
type limitedWriter struct {
	w *bytes.Buffer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if room := l.n - l.w.Len(); room > 0 {
		l.w.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// runInProcess runs a case that has no CLI: reading a share link.
func runInProcess(name, file string) int {
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Println(err)
		return 2
	}
	switch name {
	case "link":
		_, err := share.Parse(string(src))
		if err != nil {
			fmt.Println("refused: " + err.Error())
			return 2
		}
		fmt.Println("decoded")
		return 0
	}
	fmt.Println("unknown case " + name)
	return 2
}

// link returns a share-link fragment whose JSON state inflates to n bytes.
func link(n int) string {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write([]byte(`{"engine":"x","input":{"policies":{},"request":{"principal":"`))
	chunk := bytes.Repeat([]byte("a"), 1<<16)
	for written := 0; written < n; written += len(chunk) {
		w.Write(chunk)
	}
	w.Write([]byte(`"}}}`))
	w.Close()
	return share.Prefix + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

func write(dir, name, text string) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		fail(err)
	}
	return p
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "hostile:", err)
	os.Exit(2)
}
