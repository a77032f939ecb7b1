package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamplayground/iamplay/catalog"
)

// FuzzFile lints arbitrary files: whatever a user gives `iamplay lint`
// must give findings, never a panic or a hang.
func FuzzFile(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.json")
	for _, p := range files {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	cat := catalog.Load()
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, x := range File("fuzz.json", src, cat) {
			if x.Code == "" || x.Message == "" || x.Lesson == "" {
				t.Fatalf("incomplete finding %+v", x)
			}
			if x.Span.Start.Offset > len(src) || x.Span.End.Offset > len(src) {
				t.Fatalf("span outside the file: %+v", x)
			}
		}
	})
}
