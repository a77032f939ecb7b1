//go:build js && wasm

// Command wasm is the IAM Playground engine compiled to WebAssembly for the
// browser. It sets a global object, iamplay, with these functions:
//
//	iamplay.evaluateBytes(utf8) → {"errors": […], "report": {…} | null}
//	iamplay.evaluatePage(utf8)  → the same, the trace folded, and "gen"
//	iamplay.children(gen, item) → a folded statement's children, or null
//	iamplay.version()           → the engine version, e.g. "0.1.0"
//
// and then calls the global function iamplayReady, if the page defined
// one. evaluateBytes takes the input JSON as UTF-8 in a Uint8Array and
// answers the same way: input and answer cross into and out of the module
// copied once, into buffers the module reuses, where strings would be
// decoded and copied several times over on every keystroke. The answer is
// a view of a Uint8Array the module keeps and writes again on the next
// call: read it before calling again. (A new array of the answer's size,
// about 100 KB on a large policy, on every keystroke kept V8 collecting
// garbage for memory outside its heap.) The page owns
// the DOM and the editors; all logic lives in package api, which is tested
// natively. The scenario catalog is not in the module: it is a JSON file
// written at build time by ./wasm/catalog.
//
// The page starts the module with GOGC=1600 and GOMEMLIMIT=256MiB: a
// keystroke in a 100-statement policy allocates about 200 KB and keeps
// almost nothing, over a heap of about 4 MB that stays (the remembered
// policies). With GOGC=400 the module spends part of most
// keystrokes collecting; with 1600 it collects about once every few hundred
// (none in 200 under node, the heap under 65 MB), and in Chromium a
// keystroke's p50 went from 12 to 8–11 ms. The limit bounds the heap
// should the policies be very large (runtime/debug.SetGCPercent would
// bring fmt and os into the module).
package main

import (
	"syscall/js"

	"github.com/iamplayground/iamplay/wasm/api"
)

func main() {
	var buf []byte // the answer buffer, reused between calls
	obj := js.Global().Get("Object").New()
	var in []byte // the input buffer, reused between calls
	uint8Array := js.Global().Get("Uint8Array")
	out, outLen := js.Null(), 0 // the JS answer buffer, reused between calls
	// answer copies buf into the reused JS buffer and returns a view of it.
	answer := func() any {
		if outLen < len(buf) {
			outLen = max(2*outLen, len(buf))
			out = uint8Array.New(outLen)
		}
		js.CopyBytesToJS(out, buf)
		return out.Call("subarray", 0, len(buf))
	}
	// evaluate reads the input bytes of args[0] and answers with eval.
	evaluate := func(args []js.Value, name string, eval func(dst, in []byte) []byte) any {
		if len(args) < 1 || !args[0].InstanceOf(uint8Array) {
			buf = append(buf[:0], `{"errors":[{"policy":"","code":"internal","message":"`+name+` takes one Uint8Array of UTF-8 JSON","severity":"error"}],"report":null}`...)
		} else {
			n := args[0].Length()
			if cap(in) < n {
				in = make([]byte, n, n+n/4)
			}
			in = in[:n]
			js.CopyBytesToGo(in, args[0])
			buf = eval(buf[:0], in)
		}
		return answer()
	}
	obj.Set("evaluateBytes", js.FuncOf(func(this js.Value, args []js.Value) any {
		return evaluate(args, "evaluateBytes", api.AppendEvaluate)
	}))
	obj.Set("evaluatePage", js.FuncOf(func(this js.Value, args []js.Value) any {
		return evaluate(args, "evaluatePage", api.AppendEvaluatePage)
	}))
	obj.Set("children", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) < 2 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeNumber {
			buf = append(buf[:0], "null"...)
		} else {
			buf = api.AppendChildren(buf[:0], args[0].Int(), args[1].Int())
		}
		return answer()
	}))
	obj.Set("version", js.FuncOf(func(this js.Value, args []js.Value) any {
		return api.Version
	}))
	js.Global().Set("iamplay", obj)
	if ready := js.Global().Get("iamplayReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
