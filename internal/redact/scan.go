package redact

import (
	"encoding/json"
	"errors"
	"strconv"
)

// value is one string value of a JSON text: its byte range (quotes
// included), its decoded text and the keys of the objects around it,
// outermost first.
type value struct {
	start, end int
	text       string
	path       []string
}

// strings lists every string value of a JSON text (object keys excepted),
// in order.
func stringValues(src []byte) ([]value, error) {
	type frame struct {
		object bool
		key    string
	}
	var stack []frame
	var out []value
	path := func() []string {
		p := make([]string, 0, len(stack))
		for _, f := range stack {
			if f.object {
				p = append(p, f.key)
			}
		}
		return p
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '{', '[':
			stack = append(stack, frame{object: c == '{'})
		case '}', ']':
			if len(stack) == 0 {
				return nil, errors.New("unbalanced " + string(c) + " at byte " + strconv.Itoa(i))
			}
			stack = stack[:len(stack)-1]
		case '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				return nil, errors.New("unterminated string at byte " + strconv.Itoa(i))
			}
			var s string
			if err := json.Unmarshal(src[i:j+1], &s); err != nil {
				return nil, errors.New("bad string at byte " + strconv.Itoa(i) + ": " + err.Error())
			}
			k := j + 1
			for k < len(src) && (src[k] == ' ' || src[k] == '\n' || src[k] == '\r' || src[k] == '\t') {
				k++
			}
			if k < len(src) && src[k] == ':' && len(stack) > 0 && stack[len(stack)-1].object {
				stack[len(stack)-1].key = s
			} else {
				out = append(out, value{start: i, end: j + 1, text: s, path: path()})
			}
			i = j
		}
	}
	if len(stack) != 0 {
		return nil, errors.New("unterminated JSON text")
	}
	return out, nil
}
