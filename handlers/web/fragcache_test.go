package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

func TestFragmentCacheVersionsAndBudget(t *testing.T) {
	k := func(p string) FragmentKey {
		return FragmentKey{Kind: "connections", Project: p, Lang: "en", Page: 1, Size: 10}
	}
	// Room for three 40-byte fragments, not four.
	entry := k("b").cost(bytes.Repeat([]byte("b"), 40))
	fc := NewFragmentCache(3*entry + entry/2)

	fc.put(k("a"), 5, []byte("v5"), 1)
	if _, _, ok := fc.get(k("a"), 6); ok {
		t.Fatal("a fragment of version 5 was served for version 6")
	}
	if html, total, ok := fc.get(k("a"), 5); !ok || string(html) != "v5" || total != 1 {
		t.Fatalf("get = %q %d %v", html, total, ok)
	}
	// A slow request that read older rows must not replace newer ones.
	fc.put(k("a"), 4, []byte("v4"), 1)
	if html, _, _ := fc.get(k("a"), 5); string(html) != "v5" {
		t.Fatalf("version 5 was replaced by version 4: %q", html)
	}
	fc.put(k("a"), 7, []byte("v7"), 2)
	if _, _, ok := fc.get(k("a"), 5); ok {
		t.Fatal("version 5 still served after version 7 was kept")
	}

	// The byte budget: the oldest entries go first; nothing bigger than the
	// budget is kept.
	fc.put(k("b"), 1, bytes.Repeat([]byte("b"), 40), 0)
	fc.put(k("c"), 1, bytes.Repeat([]byte("c"), 40), 0)
	fc.put(k("d"), 1, bytes.Repeat([]byte("d"), 40), 0)
	if _, _, ok := fc.get(k("a"), 7); ok {
		t.Fatal("the oldest entry survived going over the budget")
	}
	if fc.bytes > fc.maxBytes {
		t.Fatalf("cache holds %d bytes, budget %d", fc.bytes, fc.maxBytes)
	}
	if _, _, ok := fc.get(k("d"), 1); !ok {
		t.Fatal("the newest entry was evicted")
	}
	fc.put(k("huge"), 1, bytes.Repeat([]byte("x"), fc.maxBytes), 0)
	if _, _, ok := fc.get(k("huge"), 1); ok {
		t.Fatal("a fragment larger than the whole budget was kept")
	}

	// Tiny entries are bounded too: a script sending 100,000 distinct
	// queries that all give an empty list.
	small := NewFragmentCache(1 << 20)
	for i := range 100_000 {
		small.put(FragmentKey{Kind: "api", Project: "p", Query: fmt.Sprintf("name=x%d", i)}, 1, []byte(`{"direct_connects":[]}`), 0)
	}
	if n := len(small.entries); n > (1<<20)/entryOverhead || small.bytes > small.maxBytes {
		t.Fatalf("%d tiny entries counted as %d bytes kept under a 1 MiB budget", n, small.bytes)
	}
}

// TestFragmentCacheRendersOncePerVersion: requests that miss the same
// fragment at the same time share one rendering; a new version renders
// again.
func TestFragmentCacheRendersOncePerVersion(t *testing.T) {
	fc := NewFragmentCache(1 << 20)
	key := FragmentKey{Kind: "connections", Project: "p", Lang: "en", Page: 1, Size: 50}
	var renders, joined atomic.Int32
	// The first rendering holds on until all 32 requests have joined a
	// rendering (fc.joined is called once a request waits for one), so
	// they all miss while it runs; shared, they get one rendering.
	all := make(chan struct{})
	fc.joined = func() {
		if joined.Add(1) == 32 {
			close(all)
		}
	}
	render := func(ctx context.Context) ([]byte, int, error) {
		renders.Add(1)
		<-all
		return []byte("table"), 3, nil
	}
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			html, total, err := fc.GetOrRender(context.Background(), key, 1, render)
			if err != nil || string(html) != "table" || total != 3 {
				t.Errorf("GetOrRender = %q %d %v", html, total, err)
			}
		}()
	}
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Errorf("32 simultaneous misses rendered %d times, want 1", n)
	}
	if _, _, err := fc.GetOrRender(context.Background(), key, 2, render); err != nil || renders.Load() != 2 {
		t.Errorf("a new version did not render again (%d renders, %v)", renders.Load(), err)
	}
	// A failed rendering is not kept, nor is one that panics.
	boom := func(context.Context) ([]byte, int, error) { return nil, 0, errors.New("boom") }
	if _, _, err := fc.GetOrRender(context.Background(), key, 3, boom); err == nil {
		t.Error("a failed rendering gave no error")
	}
	if _, _, ok := fc.get(key, 3); ok {
		t.Error("a failed rendering was kept")
	}
	panics := func(context.Context) ([]byte, int, error) { panic("boom") }
	if _, _, err := fc.GetOrRender(context.Background(), key, 4, panics); err == nil {
		t.Error("a rendering that panicked gave no error")
	}
	if _, _, ok := fc.get(key, 4); ok {
		t.Error("a rendering that panicked was kept")
	}
}
