package lint

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// locations maps the dotted path of JSON values in a document
// ("world.accounts.0.users.2") to where they are: an object member's key,
// an array element's whole value. World findings are about users, keys and
// accounts, which the world model holds without positions; the path finds
// them in the file.
type locations map[string][2]int

func locate(src []byte) locations {
	l := &locator{src: src, dec: json.NewDecoder(bytes.NewReader(src)), loc: locations{}}
	l.value("")
	return l.loc
}

type locator struct {
	src []byte
	dec *json.Decoder
	loc locations
}

// next is the offset of the next token: past white space and separators.
func (l *locator) next() int {
	off := int(l.dec.InputOffset())
	for off < len(l.src) && (l.src[off] == ' ' || l.src[off] == '\n' || l.src[off] == '\t' || l.src[off] == '\r' || l.src[off] == ':' || l.src[off] == ',') {
		off++
	}
	return off
}

// value walks one value; it reports whether the document is still
// readable.
func (l *locator) value(path string) bool {
	tok, err := l.dec.Token()
	if err != nil {
		return false
	}
	switch tok {
	case json.Delim('{'):
		for l.dec.More() {
			start := l.next()
			k, err := l.dec.Token()
			if err != nil {
				return false
			}
			key, _ := k.(string)
			p := join(path, key)
			l.loc[p] = [2]int{start, int(l.dec.InputOffset())}
			if !l.value(p) {
				return false
			}
		}
		_, err = l.dec.Token()
	case json.Delim('['):
		for i := 0; l.dec.More(); i++ {
			p := join(path, strconv.Itoa(i))
			start := l.next()
			if !l.value(p) {
				return false
			}
			l.loc[p] = [2]int{start, int(l.dec.InputOffset())}
		}
		_, err = l.dec.Token()
	}
	return err == nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// at returns where the first of the paths the document has is.
func (l locations) at(paths ...string) ([2]int, bool) {
	for _, p := range paths {
		if sp, ok := l[p]; ok {
			return sp, true
		}
	}
	return [2]int{}, false
}
