package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
)

// Sim is the other evaluator: tools/difftest/simulate.mjs running
// @cloud-copilot/iam-simulate in a separate Node process, fed JSON lines.
type Sim struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

// SimAnswer is the simulator's answer for one case.
type SimAnswer struct {
	ID          int      `json:"id"`
	Decision    string   `json:"decision"`
	IgnoredKeys []string `json:"ignoredKeys"`
	Error       string   `json:"error"`
}

// Result is the simulator's decision, or "error: …".
func (a SimAnswer) Result() string {
	if a.Error != "" {
		return "error: " + a.Error
	}
	return a.Decision
}

// StartSim starts the Node process; script is simulate.mjs's path.
func StartSim(node, script string) (*Sim, error) {
	cmd := exec.Command(node, script)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s %s: %w", node, script, err)
	}
	return &Sim{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20)}, nil
}

type simLine struct {
	ID    int             `json:"id"`
	Input json.RawMessage `json:"input"`
}

// Batch evaluates the cases, writing them all while reading the answers,
// in order.
func (s *Sim) Batch(cases []*Case) ([]SimAnswer, error) {
	werr := make(chan error, 1)
	go func() {
		w := bufio.NewWriterSize(s.in, 1<<20)
		for i, c := range cases {
			b, _ := json.Marshal(simLine{ID: i, Input: c.JSON()})
			w.Write(b)
			w.WriteByte('\n')
		}
		werr <- w.Flush()
	}()
	out := make([]SimAnswer, len(cases))
	for i := range cases {
		line, err := s.out.ReadBytes('\n')
		if err != nil {
			return nil, fmt.Errorf("reading the simulator's answer %d: %w", i, err)
		}
		var a SimAnswer
		if err := json.Unmarshal(line, &a); err != nil {
			return nil, fmt.Errorf("simulator answer %q: %w", line, err)
		}
		if a.ID != i {
			return nil, fmt.Errorf("simulator answered case %d when %d was expected", a.ID, i)
		}
		out[i] = a
	}
	return out, <-werr
}

// Eval evaluates one case.
func (s *Sim) Eval(c *Case) (SimAnswer, error) {
	a, err := s.Batch([]*Case{c})
	if err != nil {
		return SimAnswer{}, err
	}
	return a[0], nil
}

// Close ends the Node process.
func (s *Sim) Close() error {
	s.in.Close()
	return s.cmd.Wait()
}
