package dirstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/iamplayground/iamplay/internal/web"
	"github.com/iamplayground/iamplay/internal/web/dirstore"
)

func TestStore(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "links")
	s, err := dirstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	frag := "#v1.q1YqSs3NSVGyUlBKSs0"
	id := web.LinkID(frag)
	if _, err := s.Get(ctx, id); !errors.Is(err, web.ErrNoLink) {
		t.Fatalf("Get before Put: %v", err)
	}
	// Writers racing on one link leave one whole copy.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Put(ctx, id, frag); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := s.Get(ctx, id)
	if err != nil || got != frag {
		t.Fatalf("Get: %q, %v", got, err)
	}
	// A second store on the directory (a restarted server) reads it.
	s2, err := dirstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s2.Get(ctx, id); err != nil || got != frag {
		t.Fatalf("after reopening: %q, %v", got, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the store, want 1 (no temporary files left)", len(entries))
	}
}

func TestIDsArePlainNames(t *testing.T) {
	ctx := context.Background()
	s, err := dirstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"", "../x", "a/b", ".hidden", "-flag", string(make([]byte, 100))} {
		if err := s.Put(ctx, id, "#v1.x"); err == nil {
			t.Errorf("Put(%q) stored", id)
		}
		if _, err := s.Get(ctx, id); !errors.Is(err, web.ErrNoLink) {
			t.Errorf("Get(%q): %v", id, err)
		}
	}
}
