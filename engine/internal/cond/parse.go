package cond

import "strings"

// This file parses the typed values of conditions without allocating, so
// that request values can be parsed on every evaluation.

// decimal is an exact decimal number: "Numeric condition operators let you
// construct Condition elements that restrict access based on comparing a key
// to an integer or decimal value". Comparing digit strings keeps integers of
// any size and decimals exact, where float64 would round.
type decimal struct {
	neg  bool
	intd string // integer digits without leading zeros
	frac string // fraction digits without trailing zeros
}

// parseDecimal accepts an optional sign, digits, and an optional fraction:
// "10", "-3", "+2.50", ".5", "5.". Exponents, "Inf" and "NaN" are rejected.
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	if s == "" {
		return d, false
	}
	switch s[0] {
	case '-':
		d.neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intd := s[:i]
	frac := ""
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		frac = s[i+1 : j]
		i = j
	}
	if i != len(s) || intd == "" && frac == "" {
		return d, false
	}
	d.intd = strings.TrimLeft(intd, "0")
	d.frac = strings.TrimRight(frac, "0")
	if d.intd == "" && d.frac == "" {
		d.neg = false // -0 is 0
	}
	return d, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// cmpDecimal returns -1, 0 or +1 as a is less than, equal to or greater
// than b.
func cmpDecimal(a, b decimal) int {
	if a.neg != b.neg {
		if a.neg {
			return -1
		}
		return 1
	}
	c := cmpMagnitude(a, b)
	if a.neg {
		return -c
	}
	return c
}

func cmpMagnitude(a, b decimal) int {
	if len(a.intd) != len(b.intd) {
		if len(a.intd) < len(b.intd) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.intd, b.intd); c != 0 {
		return c
	}
	// Without trailing zeros, fraction digit strings compare as numbers do.
	return strings.Compare(a.frac, b.frac)
}

// instant is a point in time as Unix seconds and nanoseconds; it covers
// years 0000 to 9999 of ISO 8601 and any epoch value that fits int64.
type instant struct {
	sec  int64
	nsec int32
}

func cmpInstant(a, b instant) int {
	switch {
	case a.sec < b.sec:
		return -1
	case a.sec > b.sec:
		return 1
	case a.nsec < b.nsec:
		return -1
	case a.nsec > b.nsec:
		return 1
	}
	return 0
}

// parseDate reads a date condition value: "You must specify date/time values
// with one of the W3C implementations of the ISO 8601 date formats or in
// epoch (UNIX) time." Accepted:
//
//	2026-01-01T00:00:00Z, 2026-01-01T00:00:00.123+02:00, 2026-01-01T00:00Z,
//	2026-01-01 (midnight UTC), 2026-01 (the first of the month),
//	1767225600 and 1767225600.5 (epoch seconds).
//
// A string of digits alone is read as epoch seconds, so the W3C year-only
// form "2026" is epoch second 2026, not the year. A time without a zone
// designator is taken as UTC. Lower-case 't' and 'z' and a space instead of
// 'T' are accepted, as RFC 3339 allows.
func parseDate(s string) (instant, bool) {
	if s == "" {
		return instant{}, false
	}
	if isEpoch(s) {
		return parseEpoch(s)
	}
	if len(s) < 7 || s[4] != '-' {
		return instant{}, false
	}
	year, ok := digits(s[0:4])
	if !ok {
		return instant{}, false
	}
	month, ok := digits(s[5:7])
	if !ok || month < 1 || month > 12 {
		return instant{}, false
	}
	day := 1
	rest := s[7:]
	if rest != "" {
		if len(rest) < 3 || rest[0] != '-' {
			return instant{}, false
		}
		if day, ok = digits(rest[1:3]); !ok || day < 1 || day > daysIn(year, month) {
			return instant{}, false
		}
		rest = rest[3:]
	}
	sec := daysFromCivil(year, month, day) * 86400
	var nsec int32
	if rest != "" {
		if len(s) != 10+len(rest) { // a time needs a full date
			return instant{}, false
		}
		switch rest[0] {
		case 'T', 't', ' ':
		default:
			return instant{}, false
		}
		rest = rest[1:]
		if len(rest) < 5 || rest[2] != ':' {
			return instant{}, false
		}
		h, ok1 := digits(rest[0:2])
		m, ok2 := digits(rest[3:5])
		if !ok1 || !ok2 || h > 23 || m > 59 {
			return instant{}, false
		}
		sec += int64(h*3600 + m*60)
		rest = rest[5:]
		if len(rest) >= 3 && rest[0] == ':' {
			sc, ok := digits(rest[1:3])
			if !ok || sc > 59 {
				return instant{}, false
			}
			sec += int64(sc)
			rest = rest[3:]
			if len(rest) >= 2 && (rest[0] == '.' || rest[0] == ',') {
				j := 1
				for j < len(rest) && isDigit(rest[j]) {
					j++
				}
				if j == 1 {
					return instant{}, false
				}
				nsec = fracNanos(rest[1:j])
				rest = rest[j:]
			}
		}
		off, ok := parseZone(rest)
		if !ok {
			return instant{}, false
		}
		sec -= int64(off)
	}
	return instant{sec: sec, nsec: nsec}, true
}

// isEpoch reports whether s looks like epoch seconds: digits with an
// optional sign and fraction.
func isEpoch(s string) bool {
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	if s == "" || !isDigit(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

func parseEpoch(s string) (instant, bool) {
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = s[1:]
	}
	intp, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intp, frac = s[:i], s[i+1:]
		if strings.IndexByte(frac, '.') >= 0 {
			return instant{}, false
		}
	}
	if intp == "" {
		return instant{}, false
	}
	var sec int64
	for i := 0; i < len(intp); i++ {
		if sec > (1<<63-1-9)/10 {
			return instant{}, false
		}
		sec = sec*10 + int64(intp[i]-'0')
	}
	nsec := fracNanos(frac)
	if neg {
		sec = -sec
		if nsec > 0 {
			sec--
			nsec = 1e9 - nsec
		}
	}
	return instant{sec: sec, nsec: nsec}, true
}

// fracNanos turns fraction digits into nanoseconds, dropping digits past the
// ninth.
func fracNanos(f string) int32 {
	var n int32
	for i := 0; i < 9; i++ {
		n *= 10
		if i < len(f) {
			n += int32(f[i] - '0')
		}
	}
	return n
}

// parseZone reads a zone designator ("", "Z", "+02:00", "+0200", "-05")
// and returns its offset east of UTC in seconds.
func parseZone(s string) (int, bool) {
	switch {
	case s == "":
		return 0, true
	case s == "Z" || s == "z":
		return 0, true
	case s[0] != '+' && s[0] != '-':
		return 0, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	s = s[1:]
	var hh, mm string
	switch len(s) {
	case 2:
		hh = s
	case 4:
		hh, mm = s[:2], s[2:]
	case 5:
		if s[2] != ':' {
			return 0, false
		}
		hh, mm = s[:2], s[3:]
	default:
		return 0, false
	}
	h, ok := digits(hh)
	if !ok || h > 23 {
		return 0, false
	}
	m := 0
	if mm != "" {
		if m, ok = digits(mm); !ok || m > 59 {
			return 0, false
		}
	}
	return sign * (h*3600 + m*60), true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 to the given proleptic
// Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// parseBool reads "true" or "false" in any case: Bool conditions compare "a
// key to "true" or "false"".
func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// Base64 for BinaryEquals: "It compares the value of the specified key byte
// for byte against a base-64 encoded representation of the binary value in
// the policy." The standard alphabet is used, with or without '=' padding.

var b64dec = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(alpha); i++ {
		t[alpha[i]] = byte(i)
	}
	return t
}()

// b64Trim drops the padding of s and reports whether what remains can be
// base64: padding only to a multiple of four, and no lone trailing sextet.
func b64Trim(s string) (string, bool) {
	n := len(s)
	t := strings.TrimRight(s, "=")
	if pad := n - len(t); pad > 0 && (pad > 2 || n%4 != 0) {
		return "", false
	}
	if len(t)%4 == 1 {
		return "", false
	}
	return t, true
}

// b64Group decodes the group of up to four characters of t at i.
func b64Group(t string, i int) (out [3]byte, n int, ok bool) {
	var v uint32
	k := 0
	for ; k < 4 && i+k < len(t); k++ {
		c := b64dec[t[i+k]]
		if c == 0xff {
			return out, 0, false
		}
		v = v<<6 | uint32(c)
	}
	switch k {
	case 4:
		out[0], out[1], out[2] = byte(v>>16), byte(v>>8), byte(v)
		return out, 3, true
	case 3:
		v <<= 6
		out[0], out[1] = byte(v>>16), byte(v>>8)
		return out, 2, true
	case 2:
		v <<= 12
		out[0] = byte(v >> 16)
		return out, 1, true
	}
	return out, 0, false
}

func b64Decode(s string) ([]byte, bool) {
	t, ok := b64Trim(s)
	if !ok {
		return nil, false
	}
	out := make([]byte, 0, len(t)*3/4)
	for i := 0; i < len(t); i += 4 {
		g, n, ok := b64Group(t, i)
		if !ok {
			return nil, false
		}
		out = append(out, g[:n]...)
	}
	return out, true
}

// b64Equal reports whether base64 text s decodes to want, without
// allocating. ok is false when s is not base64.
func b64Equal(s string, want []byte) (eq, ok bool) {
	t, ok := b64Trim(s)
	if !ok {
		return false, false
	}
	eq = (len(t)/4)*3+max(len(t)%4-1, 0) == len(want)
	o := 0
	for i := 0; i < len(t); i += 4 {
		g, n, ok := b64Group(t, i)
		if !ok {
			return false, false
		}
		if eq {
			for j := 0; j < n; j++ {
				if g[j] != want[o+j] {
					eq = false
					break
				}
			}
		}
		o += n
	}
	return eq, true
}
