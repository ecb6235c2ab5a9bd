package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenRefusesWhatIsNotADatabase: a URL, a folder and a file that is not
// SQLite are refused with a message that says so, and nothing is created or
// changed (a postgres:// URL used to become a folder "postgres:" holding a
// new database).
func TestOpenRefusesWhatIsNotADatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Chdir(dir)
	garbage := filepath.Join(dir, "notes.db")
	text := []byte("these are notes, not a database\n")
	if err := os.WriteFile(garbage, text, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{"mysql://user@db.example/dcconsole", "is a URL the console does not know"},
		{"sqlite:///data/x.db", "is a URL the console does not know"},
		{dir, "is a folder"},
		{garbage, "is not a SQLite database"},
	} {
		s, err := Open(ctx, tc.path)
		if err == nil {
			s.Close()
			t.Errorf("%s opened", tc.path)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.path, err, tc.want)
		}
		if _, err := LockServe(tc.path); err == nil && tc.want != "is not a SQLite database" {
			t.Errorf("%s: the serve lock was taken", tc.path)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "notes.db" && !strings.HasPrefix(e.Name(), "notes.db-") && e.Name() != "notes.db.serve.lock" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if got, _ := os.ReadFile(garbage); !bytes.Equal(got, text) {
		t.Errorf("the file that is not a database was changed: %q", got)
	}
}
