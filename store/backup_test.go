package store

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
)

// TestBackupWhileWriting takes backups (through the store and from a
// read-only connection of its own) while creates run, and restores one: each
// copy passes integrity_check and holds a consistent state (the connection
// count the triggers keep matches the rows).
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	s, p := sqliteBootstrapped(t)
	if err := s.SetQuotas(ctx, p.ID, Quotas{Connections: 100_000, Gateways: 5, Interfaces: 50}); err != nil {
		t.Fatal(err)
	}
	dbPath := s.dbFile(t)
	const copiesN, between = 4, 20         // copies taken; creates that land before each
	landed := make(chan struct{}, copiesN) // one per `between` creates, for the first copiesN*between
	stop := make(chan struct{})
	writerDone := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(writerDone)
		created := 0
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
			if created++; created%between == 0 && created <= copiesN*between {
				landed <- struct{}{}
			}
		}
	}()
	dir := t.TempDir()
	var copies []string
	for i := range copiesN {
		select {
		case <-landed: // at least (i+1)*between creates have landed
		case <-writerDone:
			t.Fatal("the writer stopped")
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
	if err := s.r.QueryRowContext(context.Background(), `PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	return file
}
