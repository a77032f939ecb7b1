package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
)

// document reads a policy document as AWS outputs it: a JSON object (the
// AWS CLI decodes documents), or a string holding one, URL-encoded as the
// IAM API returns it (RFC 3986: a "+" stays a "+").
func document(raw json.RawMessage) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, errors.New("no policy document")
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		t := strings.TrimSpace(s)
		if !strings.HasPrefix(t, "{") {
			u, err := url.PathUnescape(t)
			if err != nil {
				return nil, errors.New("the document is neither JSON nor URL-encoded JSON: " + err.Error())
			}
			t = u
		}
		raw = json.RawMessage(t)
	}
	if len(raw) == 0 || raw[0] != '{' || !json.Valid(raw) {
		return nil, errors.New("the document is not a JSON object")
	}
	var b bytes.Buffer
	json.Compact(&b, raw)
	return b.Bytes(), nil
}
