package suggest

import "testing"

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "abc", 0}, {"StringEqual", "StringEquals", 1},
		{"stringequals", "StringEquals", 0}, {"kitten", "sitting", 3}, {"", "abc", 3},
	}
	for _, c := range cases {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	long := string(make([]byte, 129))
	if Distance(long, "a") < 100 {
		t.Error("long names should never be close")
	}
}

func TestClosest(t *testing.T) {
	known := []string{"users", "groups", "roles", "resources"}
	cases := []struct {
		s    string
		want string
	}{
		{"Users", "users"}, {"group", "groups"}, {"rolse", "roles"}, {"accounts", ""}, {"resource", "resources"},
	}
	for _, c := range cases {
		if got := Closest(c.s, known, 2); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}
