//go:build js && wasm

// Command wasm is the AWS interop features compiled to WebAssembly for
// the page, a module of its own that the page loads only when they are
// opened (the engine's module stays small). It sets a global object,
// iamplayInterop, with one function:
//
//	iamplayInterop.call(op, json) → JSON {"result": …} or {"error": "…"}
//
// and then calls the global function iamplayInteropReady, if defined. All
// logic lives in package internal/interop, tested natively. It lives outside
// wasm/ because it carries lint and the action catalog, which engine.wasm
// must not (catalog's TestNotInTheEngine).
package main

import (
	"syscall/js"

	"github.com/iamplayground/iamplay/internal/interop"
)

func main() {
	obj := js.Global().Get("Object").New()
	obj.Set("call", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeString {
			return `{"error":"call takes an operation and a JSON string"}`
		}
		return string(interop.Call(args[0].String(), []byte(args[1].String())))
	}))
	js.Global().Set("iamplayInterop", obj)
	if ready := js.Global().Get("iamplayInteropReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
