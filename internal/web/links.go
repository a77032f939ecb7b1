package web

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/wasm/share"
)

// Store keeps short share links: the fragment of a share link
// ("#v1.…", site/SHARE.md) under an ID made from its content. The Worker
// keeps them in Workers KV, `iamplay serve` in a directory (dirstore).
type Store interface {
	// Get returns the fragment stored under id, or ErrNoLink.
	Get(ctx context.Context, id string) (string, error)
	// Put stores a fragment under id. The ID is a hash of the fragment,
	// so storing it again changes nothing.
	Put(ctx context.Context, id, fragment string) error
}

// ErrNoLink is what Store.Get returns for an ID it does not hold.
var ErrNoLink = errors.New("no such link")

// MaxLink is the longest fragment a short link may hold, in bytes: a
// dozen times the largest scenario request's link.
const MaxLink = 256 << 10

// LinkIDLen is the length of a short link's ID: 16 base64url characters,
// 96 bits of the fragment's SHA-256.
const LinkIDLen = 16

// NewLink is the body of POST /api/links.
type NewLink struct {
	// Fragment is a share link's fragment, "#v1.…"; a whole link (…/play/#v1.…) is accepted too.
	Fragment string `json:"fragment"`
}

// Link is the answer to POST /api/links.
type Link struct {
	ID   string `json:"id"`
	Path string `json:"path"` // "/s/{id}"
}

// LinkID is the ID a fragment is stored under.
func LinkID(fragment string) string {
	sum := sha256.Sum256([]byte(fragment))
	return base64.RawURLEncoding.EncodeToString(sum[:])[:LinkIDLen]
}

// createLink is POST /api/links: it checks that the fragment is a share
// link the playground can open, stores it and answers 201 with its path.
func (h *handler) createLink(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	var nl NewLink
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&nl); err != nil {
		writeError(w, http.StatusBadRequest, syntaxError(body, err))
		return
	}
	frag := nl.Fragment
	if i := strings.IndexByte(frag, '#'); i > 0 {
		frag = frag[i:]
	}
	if len(frag) > MaxLink {
		writeError(w, http.StatusRequestEntityTooLarge, &Error{Code: "link.tooLarge",
			Message: "the link is " + strconv.Itoa(len(frag)) + " bytes; short links hold at most " + strconv.Itoa(MaxLink)})
		return
	}
	if _, err := share.Parse(frag); err != nil {
		writeError(w, http.StatusUnprocessableEntity, &Error{Code: "link.invalid", Message: "not a playground share link: " + err.Error()})
		return
	}
	id := LinkID(frag)
	if err := h.cfg.Links.Put(r.Context(), id, frag); err != nil {
		writeError(w, http.StatusServiceUnavailable, &Error{Code: "link.store", Message: "the link could not be stored: " + err.Error()})
		return
	}
	w.Header().Set("Location", "/s/"+id)
	writeJSON(w, http.StatusCreated, Link{ID: id, Path: "/s/" + id})
}

// followLink is GET /s/{id}: a redirect to the playground with the stored
// state in the fragment. The target is relative (../play/), so it works
// wherever the site is mounted.
func (h *handler) followLink(w http.ResponseWriter, r *http.Request, id string) {
	if h.cfg.Links == nil || !validLinkID(id) {
		h.notFoundPage(w, r, "no short link "+quoteShort(id))
		return
	}
	frag, err := h.cfg.Links.Get(r.Context(), id)
	switch {
	case errors.Is(err, ErrNoLink):
		h.notFoundPage(w, r, "no short link "+quoteShort(id))
		return
	case err != nil:
		writeError(w, http.StatusServiceUnavailable, &Error{Code: "link.store", Message: "the link could not be read: " + err.Error()})
		return
	}
	// The ID is a hash of the content: the answer never changes.
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("Location", "../play/"+frag)
	w.WriteHeader(http.StatusFound)
}

func validLinkID(id string) bool {
	if len(id) != LinkIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
