package web

import (
	"net/http"
	"path"
	"strings"
)

// CSP is the Content-Security-Policy of every answer: scripts only from
// the site itself plus the engine's WebAssembly, no plugins, no <base>, no
// framing. Styles may be inline: CodeMirror sets element styles.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// securityHeaders are set on every answer, by both hosts: natively by
// SecurityHeaders, in the Worker by the _headers file (HeadersFile) for
// static assets and SecurityHeaders for the API.
var securityHeaders = [][2]string{
	{"Content-Security-Policy", CSP},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

// SecurityHeaders sets the security headers on h.
func SecurityHeaders(h http.Header) {
	for _, kv := range securityHeaders {
		h.Set(kv[0], kv[1])
	}
}

// Cache-Control values: content-hashed files never change; everything
// else is revalidated on every use (the ETag makes that cheap).
const (
	CacheImmutable  = "public, max-age=31536000, immutable"
	CacheRevalidate = "no-cache"
)

// hashedName reports whether a file is named by its content: the
// playground's CodeMirror chunk, cm-<HASH>.js (site/build.mjs).
func hashedName(name string) bool {
	h, pre := strings.CutPrefix(name, "cm-")
	h, suf := strings.CutSuffix(h, ".js")
	if !pre || !suf || h == "" {
		return false
	}
	for i := 0; i < len(h); i++ {
		if c := h[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// hashedGlob is hashedName as a _headers path pattern.
const hashedGlob = "/play/cm-*"

// CacheControl is the Cache-Control of a site file: immutable for a file
// named by its content, or asked for with its content hash (?v=, which
// site/build.mjs puts on every asset it links); revalidated otherwise.
func CacheControl(urlPath, query string) string {
	if strings.HasPrefix(urlPath, "/play/") && hashedName(path.Base(urlPath)) {
		return CacheImmutable
	}
	if strings.HasPrefix(query, "v=") || strings.Contains(query, "&v=") {
		return CacheImmutable
	}
	return CacheRevalidate
}

// HeadersFile is the _headers file of the Worker's static assets: the
// same security headers, and long-lived caching for content-named files.
// (Workers assets revalidate everything else by default; an asset asked
// for with ?v= is revalidated there too, as _headers cannot match a query.)
func HeadersFile() string {
	var b strings.Builder
	b.WriteString("# Written by `go run ./wasm/worker/assets`; see internal/web/headers.go.\n/*\n")
	for _, kv := range securityHeaders {
		b.WriteString("  " + kv[0] + ": " + kv[1] + "\n")
	}
	b.WriteString(hashedGlob + "\n  Cache-Control: " + CacheImmutable + "\n")
	return b.String()
}
