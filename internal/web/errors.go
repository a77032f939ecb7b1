package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine/policy"
)

// MaxBody is the largest request body read, in bytes; a larger one gets 413.
const MaxBody = 1 << 20

// Error is the body of every error answer. Line and Column, from 1, say
// where in the request body the problem is, when it is in the body; Errors
// lists every problem of an evaluation input, in the engine's form.
type Error struct {
	Code    string           `json:"code"`
	Message string           `json:"message"`
	Line    int              `json:"line,omitempty"`
	Column  int              `json:"column,omitempty"`
	Errors  policy.ErrorList `json:"errors,omitempty"`
}

func writeError(w http.ResponseWriter, status int, e *Error) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, e)
}

// writeJSON writes v as the JSON answer. HTML-sensitive characters stay
// escaped (the default), so an answer is never read as markup.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"code":"internal","message":"the answer could not be encoded"}`)
	}
	writeBody(w, status, "application/json; charset=utf-8", append(b, '\n'))
}

func writeBody(w http.ResponseWriter, status int, ctype string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// readBody reads a JSON request body of at most MaxBody bytes. It answers
// the error itself (415, 413, 400) and returns false when it cannot.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if ct := r.Header.Get("Content-Type"); !isJSON(ct) {
		writeError(w, http.StatusUnsupportedMediaType, &Error{Code: "unsupportedMediaType",
			Message: "send the body as application/json (got " + strconv.Quote(ct) + ")"})
		return nil, false
	}
	if r.ContentLength > MaxBody {
		writeError(w, http.StatusRequestEntityTooLarge, tooLarge(r.ContentLength))
		return nil, false
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &mb):
		writeError(w, http.StatusRequestEntityTooLarge, tooLarge(-1))
		return nil, false
	case err != nil:
		writeError(w, http.StatusBadRequest, &Error{Code: "body", Message: "the body could not be read: " + err.Error()})
		return nil, false
	}
	return b, true
}

func tooLarge(n int64) *Error {
	msg := "the body is larger than " + strconv.Itoa(MaxBody) + " bytes"
	if n > 0 {
		msg = "the body is " + strconv.FormatInt(n, 10) + " bytes; the largest accepted is " + strconv.Itoa(MaxBody)
	}
	return &Error{Code: "tooLarge", Message: msg}
}

// isJSON reports whether a Content-Type is application/json, with or
// without parameters.
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// syntaxError converts an encoding/json error in body into an Error with
// the line and column of the offending byte.
func syntaxError(body []byte, err error) *Error {
	e := &Error{Code: "json.syntax", Message: "the body is not valid JSON: " + err.Error()}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	if errors.As(err, &se) {
		off = se.Offset - 1
	} else if errors.As(err, &te) {
		e.Code, e.Message = "json.type", "the body does not have the expected shape: "+err.Error()
		off = te.Offset - 1
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		e.Code, e.Message = "json.unknownField", "unknown field "+field+" in the body"
		off = int64(strings.Index(string(body), field))
	}
	if off >= 0 {
		p := policy.NewSource("", string(body)).Pos(int(off))
		e.Line, e.Column = p.Line, p.Col
	}
	return e
}
