package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewerSchemaRefused: a database a newer dcconsole migrated (a schema
// version above the last embedded migration) is refused at open with a
// message naming both versions, and the refused open leaves the file as it
// was.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "newer.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	files, err := migrationFiles("migrations")
	if err != nil {
		t.Fatal(err)
	}
	known := files[len(files)-1].version
	if _, err := s.sqlExec(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, 'from-a-newer-console.sql')`, known+1); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	_, err = Open(ctx, path)
	want := fmt.Sprintf("schema version %d, this dcconsole knows up to %d", known+1, known)
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), want) {
		t.Fatalf("open of a newer schema: %v, want %q", err, want)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("the refused open changed the database file")
	}
}
