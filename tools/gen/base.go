package main

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
)

// sitePrefix is the URL path the site is served under, "/" or "/sub/":
// the path of Config.Base.
func (c Config) sitePrefix() string {
	p := c.Base
	if u, err := url.Parse(c.Base); err == nil && u.Scheme != "" {
		p = u.Path
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// siteOrigin is the scheme and host of the site, for the sitemap:
// Config.Origin, or that of Config.Base when it is an absolute URL. It is
// "" when neither says: a sitemap is only written with the real origin.
func (c Config) siteOrigin() string {
	o := c.Origin
	if u, err := url.Parse(c.Base); o == "" && err == nil && u.Scheme != "" {
		o = u.Scheme + "://" + u.Host
	}
	return strings.TrimSuffix(o, "/")
}

// checkBase checks -base and -origin.
func (c Config) checkBase() error {
	if u, err := url.Parse(c.Base); err != nil || (u.Scheme == "" && u.Host != "") || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("-base %q: give a path such as /iam/, or an absolute URL such as https://example.org/iam/", c.Base)
	}
	if c.Origin != "" {
		u, err := url.Parse(c.Origin)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
			return fmt.Errorf("-origin %q: give the scheme and host the site is served at, such as https://example.org", c.Origin)
		}
	}
	return nil
}

// rebase moves the root-relative links of the HTML pages (href="/…",
// src="/…") under the site's prefix, once every link has been checked
// against the site as built at the root.
func (s *siteEnv) rebase() {
	prefix := s.cfg.sitePrefix()
	if prefix == "/" {
		return
	}
	for name, b := range s.out {
		if strings.HasSuffix(name, ".html") {
			s.out[name] = rebaseHTML(b, prefix)
		}
	}
}

// rebaseHTML returns page with each href="/x" and src="/x" (but not
// "//host") written as prefix+"x".
func rebaseHTML(page []byte, prefix string) []byte {
	var out bytes.Buffer
	last := 0
	for _, a := range attrs(page, "href", "src") {
		val := a.Off + bytes.IndexByte(page[a.Off:], '"') + 1 // the value's first byte
		if val >= len(page) || page[val] != '/' || (val+1 < len(page) && page[val+1] == '/') {
			continue
		}
		out.Write(page[last:val])
		out.WriteString(prefix)
		last = val + 1
	}
	out.Write(page[last:])
	return out.Bytes()
}
