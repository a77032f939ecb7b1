package share

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

const input = `{"policies":{"identity":[{"name":"Dev","document":"{\"Version\":\"2012-10-17\",\"Statement\":[]}"}]},"request":{"principal":"arn:aws:iam::111111111111:user/é","action":"s3:GetObject","resource":"*"}}`

func TestRoundTrip(t *testing.T) {
	s := State{Engine: "0.1.0", Scenario: "dev-s3", Request: "read <img src=x>", Input: json.RawMessage(input)}
	f, err := Fragment(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(f, "#v1.") || strings.ContainsAny(f[4:], "+/=") {
		t.Fatalf("fragment %q is not #v1. + unpadded base64url", f)
	}
	for _, link := range []string{f, "http://127.0.0.1:8080/play/" + f} {
		got, err := Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		if got.Engine != s.Engine || got.Scenario != s.Scenario || got.Request != s.Request || string(got.Input) != input {
			t.Errorf("round trip: got %+v", got)
		}
	}
}

// TestBrowserLink decodes a link made by the playground in Chromium
// (CompressionStream("deflate-raw")), pinning the format both sides share.
func TestBrowserLink(t *testing.T) {
	const link = "#v1.TY7BDcIwDEVXqXxEqLTilgU4MoMbXDBqneAkKlKVgZiDxXA51Tc__f_sFUjuLAQOurZvOzhC8iSoHAyN_M5FyaDSq1DKxpTwZoAlFltXEJy39qhhbvKDmkHDkkgtEsPEnilZqu4MK0Rl8Rxxsh6qOFySY5yd63fjillO34-J0GcOYuF0dhfK1-FJPv-fSqGo384foNb6Aw"
	s, err := Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	if s.Engine != "0.1.0" || s.Scenario != "fixture" || s.Request != "read" {
		t.Errorf("got %+v", s)
	}
	var in map[string]any
	if err := json.Unmarshal(s.Input, &in); err != nil || in["name"] != "from the browser" {
		t.Errorf("input %s: %v", s.Input, err)
	}
}

func TestParseErrors(t *testing.T) {
	good, err := Fragment(State{Engine: "0.1.0", Input: json.RawMessage(input)})
	if err != nil {
		t.Fatal(err)
	}
	notState, _ := Fragment(State{Engine: "x", Input: json.RawMessage(`[1]`)})
	tests := []struct {
		name, link string
		want       error
	}{
		{"other version", "#v2.abc", ErrVersion},
		{"no prefix", "abc", ErrVersion},
		{"not base64url", "#v1.<img src=x onerror=alert(1)>", ErrEncoding},
		{"padding", "#v1.AAAA==", ErrEncoding},
		{"truncated", good[:4+(len(good)-4)/8*4], ErrTruncated},
		{"empty", "#v1.", ErrTruncated},
		{"input not an object", notState, ErrContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.link)
			if !errors.Is(err, tt.want) {
				t.Errorf("Parse(%q) = %v, want %v", tt.link, err, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	good, _ := Fragment(State{Engine: "0.1.0", Input: json.RawMessage(input)})
	f.Add(good)
	f.Add("#v1.")
	f.Add("#v1.q1ZK")
	f.Add(bomb(f, 8<<20))
	f.Fuzz(func(t *testing.T, link string) {
		s, err := Parse(link)
		if err != nil {
			return
		}
		// Whatever parses must survive a round trip.
		again, err := Fragment(s)
		if err != nil {
			t.Fatalf("Fragment of a parsed state: %v", err)
		}
		s2, err := Parse(again)
		if err != nil || s2.Engine != s.Engine || s2.Scenario != s.Scenario || s2.Request != s.Request {
			t.Fatalf("round trip: %+v %v", s2, err)
		}
	})
}
