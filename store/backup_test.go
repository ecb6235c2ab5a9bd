package store

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBackupWhileWriting takes backups (through the store and from a
// read-only connection of its own) while creates run, and restores one: each
// copy passes integrity_check and holds a consistent state (the connection
// count the triggers keep matches the rows).
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	if err := s.SetQuotas(ctx, p.ID, Quotas{Connections: 100_000, Gateways: 5, Interfaces: 50}); err != nil {
		t.Fatal(err)
	}
	dbPath := s.dbFile(t)
	var created atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-backup", Location: "Biere", Bandwidth: 10}, ""); err != nil {
				t.Error(err)
				return
			}
			created.Add(1)
		}
	}()
	dir := t.TempDir()
	var copies []string
	for i := range 4 {
		for created.Load() < int64(20*(i+1)) {
			time.Sleep(time.Millisecond) // let some creates land between copies
		}
		path := filepath.Join(dir, "copy-"+string(rune('a'+i))+".db")
		var err error
		if i%2 == 0 {
			err = s.Backup(ctx, path)
		} else {
			err = BackupFile(ctx, dbPath, path)
		}
		if err != nil {
			t.Fatal(err)
		}
		copies = append(copies, path)
	}
	close(stop)
	wg.Wait()
	if err := s.Backup(ctx, copies[0]); err == nil {
		t.Fatal("a backup over an existing file was allowed")
	}

	prev := -1
	for _, c := range copies {
		b, err := Open(ctx, c) // a restore is opening the copy as the database
		if err != nil {
			t.Fatal(err)
		}
		var ok string
		var kept, rows int
		if err := b.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
			t.Fatalf("%s: integrity_check %q, %v", c, ok, err)
		}
		if err := b.r.QueryRowContext(ctx, `SELECT connection_count, (SELECT COUNT(*) FROM connections WHERE project_id = ?) FROM projects WHERE id = ?`,
			p.ID, p.ID).Scan(&kept, &rows); err != nil {
			t.Fatal(err)
		}
		if kept != rows || rows < prev {
			t.Fatalf("%s: count %d, rows %d (previous copy %d)", c, kept, rows, prev)
		}
		prev = rows
		if _, err := b.User(ctx, 1); err != nil {
			t.Fatalf("%s: the restored copy lost the admin: %v", c, err)
		}
		b.Close()
	}
	if prev < 60 {
		t.Fatalf("the last copy has %d connections, want at least 60", prev)
	}
}

// dbFile returns the store's database file.
func (s *Store) dbFile(t *testing.T) string {
	t.Helper()
	var seq int
	var name, file string
	if err := s.r.QueryRow(`PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	return file
}
