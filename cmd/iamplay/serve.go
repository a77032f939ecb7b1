package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/iamplayground/iamplay/internal/web"
	"github.com/iamplayground/iamplay/internal/web/compress"
	"github.com/iamplayground/iamplay/internal/web/dirstore"
)

const serveUsage = `usage: iamplay serve [--addr 127.0.0.1:8080] [--dir dist] [--links DIR]
  serve the built site (tutorials and the playground at /play/) and the
  evaluation API (/api/…) on the address, until interrupted; the address
  is printed once listening. With --links, short share links (/s/…) are
  kept as files in DIR.
`

// cmdServe serves the built site from a directory, with the API.
func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, serveUsage) }
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	dir := fs.String("dir", "dist", "directory holding the built site")
	links := fs.String("links", "", "directory keeping short share links (none: short links are off)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "iamplay serve: %s is not a directory: build the site first (make run)\n", *dir)
		return 2
	}
	h, closeFn, err := siteHandler(*dir, *links)
	if err != nil {
		fmt.Fprintf(stderr, "iamplay serve: %v\n", err)
		return 2
	}
	defer closeFn()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "iamplay serve: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "iamplay: serving %s at %s/ (playground: %s/play/, API: %s/api/health); Ctrl-C stops\n", *dir, base, base, base)
	if err := serve(ctx, ln, h); err != nil {
		fmt.Fprintf(stderr, "iamplay serve: %v\n", err)
		return 1
	}
	return 0
}

// siteHandler is the handler of internal/web over the site in dir, with
// short links kept in linksDir (none when empty), compressed.
func siteHandler(dir, linksDir string) (http.Handler, func() error, error) {
	files, err := web.NewFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	cfg := web.Config{Site: files}
	if linksDir != "" {
		st, err := dirstore.Open(linksDir)
		if err != nil {
			files.Close()
			return nil, nil, fmt.Errorf("--links: %w", err)
		}
		cfg.Links = st
	}
	return compress.Handler(web.New(cfg)), files.Close, nil
}

// serve answers on ln until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := srv.Shutdown(sctx)
		if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
			err = e
		}
		return err
	}
}
