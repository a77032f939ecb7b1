package share

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// policyDoc is a policy text with n statements.
func policyDoc(n int) string {
	st := make([]string, n)
	for i := range st {
		st[i] = `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(st, ",") + `]}`
}

// inputWith builds a flat input: identity policies of the given statement
// counts, SCP levels of one policy each, and context keys.
func inputWith(identity []int, scpLevels, contextKeys int) json.RawMessage {
	var ids []map[string]string
	for i, n := range identity {
		ids = append(ids, map[string]string{"name": "P" + strconv.Itoa(i), "document": policyDoc(n)})
	}
	pols := map[string]any{"identity": ids}
	if scpLevels > 0 {
		levels := make([][]map[string]string, scpLevels)
		for i := range levels {
			levels[i] = []map[string]string{{"name": "L" + strconv.Itoa(i), "document": policyDoc(1)}}
		}
		pols["scp"] = levels
	}
	ctx := map[string]string{}
	for i := range contextKeys {
		ctx["k:"+strconv.Itoa(i)] = "v"
	}
	b, _ := json.Marshal(map[string]any{"policies": pols, "request": map[string]any{"principal": "p", "action": "s3:GetObject", "resource": "*", "context": ctx}})
	return b
}

func repeat(n, v int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func TestParseLimits(t *testing.T) {
	tests := []struct {
		name  string
		input json.RawMessage
		want  string // "" for no error, else a part of the message
	}{
		{"levels at the limit", inputWith(nil, MaxLevels, 0), ""},
		{"levels over the limit", inputWith(nil, MaxLevels+1, 0), "8 SCP levels"},
		{"policies at the limit", inputWith(repeat(MaxPolicies, 1), 0, 0), ""},
		{"policies over the limit", inputWith(repeat(MaxPolicies+1, 1), 0, 0), "101 policies"},
		{"policies over the limit with levels", inputWith(repeat(MaxPolicies, 1), 1, 0), "101 policies"},
		{"statements at the limit", inputWith(repeat(10, MaxStatements/10), 0, 0), ""},
		{"statements over the limit", inputWith(append(repeat(10, MaxStatements/10), 1), 0, 0), "5001 statements"},
		{"context keys at the limit", inputWith(nil, 0, MaxContextKeys), ""},
		{"context keys over the limit", inputWith(nil, 0, MaxContextKeys+1), "201 context keys"},
		{"odd shapes are the engine's to report", json.RawMessage(`{"policies":{"identity":"x","scp":[1,[2]]},"request":[]}`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Fragment(State{Engine: "0.1.0", Input: tt.input})
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(f)
			if tt.want == "" {
				if err != nil {
					t.Errorf("Parse: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse: %v; want ErrLimit saying %q", err, tt.want)
			}
		})
	}
}

// bomb is a link whose state inflates to size bytes of spaces.
func bomb(t testing.TB, size int) string {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	w.Write([]byte(`{"input":{"name":"`))
	for size > 0 {
		n := min(size, len(chunk))
		w.Write(chunk[:n])
		size -= n
	}
	w.Close()
	return Prefix + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// A link that inflates to 100 MB is refused having inflated at most the
// limit: what Parse allocates stays near MaxState.
func TestParseRefusesDecompressionBomb(t *testing.T) {
	link := bomb(t, 100<<20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Parse(link)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "larger than 4 MiB") {
		t.Fatalf("Parse of a %d-character bomb: %v", len(link), err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 4*MaxState {
		t.Errorf("refusing the bomb allocated %d bytes, more than 4× the %d-byte limit", n, MaxState)
	}
}

func TestParseRefusesOverlongLink(t *testing.T) {
	link := Prefix + strings.Repeat("A", maxLink)
	if _, err := Parse(link); !errors.Is(err, ErrLimit) {
		t.Errorf("Parse of a %d-character link: %v", len(link), err)
	}
}

// The page checks the same limits (site/src/limits.js).
func TestLimitsMatchThePage(t *testing.T) {
	src, err := os.ReadFile("../../site/src/limits.js")
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{}
	for _, m := range regexp.MustCompile(`export const (MAX_[A-Z_]+) = ([^;]+);`).FindAllStringSubmatch(string(src), -1) {
		consts[m[1]] = m[2]
	}
	for name, want := range map[string]int{
		"MAX_STATE_BYTES": MaxState, "MAX_LEVELS": MaxLevels, "MAX_POLICIES": MaxPolicies,
		"MAX_STATEMENTS": MaxStatements, "MAX_CONTEXT_KEYS": MaxContextKeys,
	} {
		got, ok := consts[name]
		if !ok {
			t.Errorf("site/src/limits.js has no %s", name)
			continue
		}
		if got != strconv.Itoa(want) && got != fmt.Sprintf("%d << 20", want>>20) {
			t.Errorf("site/src/limits.js: %s = %s; Go has %d", name, got, want)
		}
	}
}
