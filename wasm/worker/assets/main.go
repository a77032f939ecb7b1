// Command assets prepares a built site (dist/) as the Worker's static
// assets: it writes the _headers file (internal/web.HeadersFile: the
// security headers of every answer and long-lived caching for
// content-named files) and an .assetsignore that keeps the two out of the
// served files.
//
//	go run ./wasm/worker/assets -dir dist
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/iamplayground/iamplay/internal/web"
)

func main() {
	dir := flag.String("dir", "dist", "the built site")
	flag.Parse()
	if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
		fmt.Fprintf(os.Stderr, "assets: %s is not a directory: build the site first (make site)\n", *dir)
		os.Exit(2)
	}
	files := map[string]string{
		"_headers":      web.HeadersFile(),
		".assetsignore": "_headers\n.assetsignore\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(*dir, name), []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "assets:", err)
			os.Exit(1)
		}
	}
}
