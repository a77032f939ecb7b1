//go:build js && wasm

package main

import (
	"context"
	"errors"
	"syscall/js"

	"github.com/syumai/workers/cloudflare"

	"github.com/iamplayground/iamplay/internal/web"
)

// linksBinding is the name of the KV namespace binding in wrangler.jsonc.
const linksBinding = "LINKS"

// kvStore keeps short links in a Workers KV namespace, as "link:{id}" →
// fragment. syumai/workers' kv.Namespace turns a missing key into the
// string "<null>"; this store asks KV directly to tell the two apart.
type kvStore struct {
	ns js.Value
}

// openKV returns the namespace bound as name, if the Worker has one.
func openKV(name string) (*kvStore, bool) {
	ns := cloudflare.GetBinding(name)
	if ns.IsUndefined() || ns.IsNull() {
		return nil, false
	}
	return &kvStore{ns: ns}, true
}

func (s *kvStore) Get(ctx context.Context, id string) (string, error) {
	v, err := await(ctx, s.ns.Call("get", "link:"+id, "text"))
	if err != nil {
		return "", err
	}
	if v.IsNull() || v.IsUndefined() {
		return "", web.ErrNoLink
	}
	return v.String(), nil
}

func (s *kvStore) Put(ctx context.Context, id, fragment string) error {
	_, err := await(ctx, s.ns.Call("put", "link:"+id, fragment))
	return err
}

// await waits for a JavaScript promise.
func await(ctx context.Context, p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	defer then.Release()
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "KV failed"
		if len(args) > 0 {
			msg = args[0].Call("toString").String()
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	defer catch.Release()
	p.Call("then", then, catch)
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return js.Value{}, ctx.Err()
	}
}
