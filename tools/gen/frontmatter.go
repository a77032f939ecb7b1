package main

import (
	"bytes"
	"strconv"
	"strings"
)

// Meta is a page's front matter: a block of "key: value" lines between two
// "---" lines at the very top of a Markdown file.
//
//	---
//	title: Groups
//	order: 4
//	part: Foundations
//	summary: One place to give a team its permissions.
//	---
//
// A value may be double-quoted, as a Go string literal.
type Meta struct {
	Title   string
	Order   int
	Part    string // the stage of the learning path the lesson belongs to
	Summary string
}

// parseFrontMatter splits src into its front matter and Markdown body. It
// returns the body's byte offset and the number of lines before it, so that
// positions in the body map back to lines of the file.
func parseFrontMatter(file string, src []byte, probs *Problems) (m Meta, body []byte, lineBase int) {
	src = normalizeText(src)
	if !bytes.HasPrefix(src, []byte("---\n")) {
		probs.Addf(file, 1, "missing front matter: start the file with a line \"---\", then title, order, part and summary lines, then \"---\"")
		return m, src, 0
	}
	seen := map[string]int{}
	rest := src[4:]
	line := 1
	for {
		line++
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			probs.Addf(file, line, "front matter is not closed by a \"---\" line")
			return m, nil, line
		}
		text := strings.TrimRight(string(rest[:nl]), " \r")
		rest = rest[nl+1:]
		if text == "---" {
			break
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		key, val, ok := strings.Cut(text, ":")
		if !ok {
			probs.Addf(file, line, "front matter line %q is not \"key: value\"", text)
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
			uq, err := strconv.Unquote(val)
			if err != nil {
				probs.Addf(file, line, "front matter value %s: %v", val, err)
				continue
			}
			val = uq
		}
		if prev, dup := seen[key]; dup {
			probs.Addf(file, line, "front matter key %q is already set on line %d", key, prev)
			continue
		}
		seen[key] = line
		switch key {
		case "title":
			m.Title = val
		case "summary":
			m.Summary = val
		case "part":
			m.Part = val
		case "order":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				probs.Addf(file, line, "order %q must be a whole number", val)
			}
			m.Order = n
		default:
			probs.Addf(file, line, "unknown front matter key %q (use title, order, part, summary)", key)
		}
	}
	for _, k := range []string{"title", "summary"} {
		if _, ok := seen[k]; !ok {
			probs.Addf(file, 1, "front matter has no %q", k)
		}
	}
	return m, rest, line
}

// normalizeText drops a UTF-8 byte order mark and turns "\r\n" and lone
// "\r" line endings into "\n", so a lesson saved by a Windows editor reads
// the same, with the same line numbers.
func normalizeText(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}
