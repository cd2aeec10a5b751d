// Command ferretdb runs an embedded FerretDB (MongoDB wire protocol) for the local
// development/test stack, on PostgreSQL (the default of scripts/stack.sh) or SQLite.
//
// A tiny main is needed because `go install .../cmd/ferretdb` panics on the
// missing generated build/version/version.txt; the embeddable package does not.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	handler := flag.String("handler", "sqlite", "backend: postgresql or sqlite")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL URL for -handler postgresql")
	dir := flag.String("sqlite-dir", "data/ferretdb", "directory holding the SQLite databases")
	debug := flag.Bool("debug", false, "log at debug level (with PostgreSQL: every SQL statement sent)")
	flag.Parse()

	level := slog.LevelInfo
	if *debug {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	config, where, err := backendConfig(*handler, *pgURL, *dir)
	if err == nil {
		config.Listener = ferretdb.ListenerConfig{TCP: *listen}
		config.Logger = logger
		err = run(config, where, logger)
	}
	if err != nil {
		logger.Error("ferretdb failed", "error", err)
		os.Exit(1)
	}
}

// backendConfig returns the handler part of the configuration and a password-free
// description of where the data lives, for the log.
func backendConfig(handler, pgURL, dir string) (*ferretdb.Config, string, error) {
	switch handler {
	case "postgresql":
		if pgURL == "" {
			return nil, "", errors.New("-handler postgresql needs -postgresql-url")
		}
		u, err := url.Parse(pgURL)
		if err != nil {
			return nil, "", fmt.Errorf("-postgresql-url: %w", err)
		}
		return &ferretdb.Config{Handler: handler, PostgreSQLURL: pgURL}, u.Redacted(), nil
	case "sqlite":
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, "", err
		}
		if err = os.MkdirAll(abs, 0o755); err != nil {
			return nil, "", err
		}
		// The SQLite handler requires a "file:" URI naming a directory with a trailing slash.
		return &ferretdb.Config{Handler: handler, SQLiteURL: "file:" + abs + "/"}, abs, nil
	default:
		return nil, "", fmt.Errorf("-handler must be postgresql or sqlite, not %q", handler)
	}
}

func run(config *ferretdb.Config, where string, logger *slog.Logger) error {
	f, err := ferretdb.New(config)
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}

	// Cancelling the context makes Run close the listener, connections and
	// the backend's pools or databases, so a TERM from the stack script is a clean stop.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	logger.Info("ferretdb starting", "listen", config.Listener.TCP, "handler", config.Handler,
		"backend", where, "pid", os.Getpid())
	if err = f.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	logger.Info("ferretdb stopped")
	return nil
}
