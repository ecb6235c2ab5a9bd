package main

import (
	"context"
	"encoding/csv"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"dcconsole/store"
)

// TestClassCreateCommand: "class create" prints the class's credentials as
// CSV on standard output, and they log in; the summary on standard error
// carries no password; bad input and a database without an administrator
// are refused with nothing made.
func TestClassCreateCommand(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "class.db")
	noEnv := func(string) string { return "" }
	if err := run(ctx, []string{"class", "create", "-db", db, "-name", "room", "-count", "3"}, noEnv, io.Discard, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "no administrator") {
		t.Fatalf("fresh database without admin: %v", err)
	}
	env := func(k string) string {
		if k == "DCCONSOLE_ADMIN_PASSWORD" {
			return "admin-password"
		}
		return ""
	}
	var out, errOut strings.Builder
	if err := run(ctx, []string{"class", "create", "-db", db, "-name", "room", "-region", "eu-nl", "-count", "3", "-prefix", "r7"}, env, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil || len(recs) != 4 || strings.Join(recs[0], ",") != "user,password,project,region" {
		t.Fatalf("CSV %q (%v)", out.String(), err)
	}
	if strings.Join([]string{recs[3][0], recs[3][2], recs[3][3]}, ",") != "r7-03,eu-nl_r7-03,eu-nl" {
		t.Fatalf("row %v", recs[3])
	}
	for _, bad := range [][]string{
		{"-name", "room2", "-count", "0"},
		{"-name", "room2", "-count", "3", "-region", "mars"},
		{"-name", "room2", "-count", "3", "-prefix", "r7"}, // r7-01 exists
	} {
		err := run(ctx, append([]string{"class", "create", "-db", db}, bad...), env, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "nothing was created") {
			t.Fatalf("%v: %v", bad, err)
		}
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, r := range recs[1:] {
		if _, err := st.Authenticate(ctx, r[0], r[1]); err != nil {
			t.Fatalf("%s cannot log in with the printed password: %v", r[0], err)
		}
		if strings.Contains(errOut.String(), r[1]) {
			t.Fatal("a password went to standard error")
		}
	}
	if cls, _ := st.Classes(ctx); len(cls) != 1 {
		t.Fatalf("classes %v", cls)
	}
}
