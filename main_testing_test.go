package main

import (
	"io"
	"testing"
	"time"
)

// TestTestingFlags: -testing-seed and -testing-clock need -testing, and the
// clock takes an RFC 3339 time.
func TestTestingFlags(t *testing.T) {
	env := func(string) string { return "" }
	cfg, err := parseConfig([]string{"-addr", "127.0.0.1:0", "-testing", "-testing-seed", "7", "-testing-clock", "2026-01-01T00:00:00Z"}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.testingSeed != 7 || !cfg.testingClock.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("seed %d, clock %v", cfg.testingSeed, cfg.testingClock)
	}
	for _, args := range [][]string{
		{"-addr", "127.0.0.1:0", "-testing-seed", "7"},
		{"-addr", "127.0.0.1:0", "-testing-clock", "2026-01-01T00:00:00Z"},
		{"-addr", "127.0.0.1:0", "-testing", "-testing-clock", "tomorrow"},
	} {
		if _, err := parseConfig(args, env, io.Discard); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}
