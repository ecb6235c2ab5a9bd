package web

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/a-h/templ"
	"golang.org/x/sync/singleflight"
)

// FragmentCache keeps rendered list tables, so a list page whose rows did
// not change since it was last rendered costs the layout around it and
// one small query, not the rows' query and their HTML (about 0.9 of the
// page's cost at 50 rows; see BenchmarkConnectionListPage).
//
// An entry is valid for one version of its project's data: the version is
// read from the database (store.ListState, kept by triggers) before the rows
// on every request, so whatever writes rows (this process, the provisioning
// worker, another process on the same file) makes the next request render
// afresh. Nothing user-specific is in a fragment: the CSRF token and the
// user's name are in the layout, rendered per request; the language is part
// of the key.
//
// The cache holds at most maxBytes (each entry counted with its key and a
// fixed overhead, so many tiny entries — an empty list for every distinct
// query a script sends — are bounded too) and forgets the oldest entries
// first. When many requests miss the same fragment at once (every open
// list right after a change), one renders it and the others wait for it.
type FragmentCache struct {
	renders singleflight.Group
	// joined, when set (by tests only), is called by every request that
	// missed once it has joined the rendering of its fragment and before it
	// waits for the result.
	joined func()

	mu       sync.Mutex
	maxBytes int
	bytes    int
	entries  map[FragmentKey]*fragment
	order    []FragmentKey // insertion order, oldest first
}

// FragmentKey names one rendered fragment: what it lists, for which
// project, in which language, for which query and page.
type FragmentKey struct {
	Kind, Project, Lang, Query string
	Page, Size                 int
}

type fragment struct {
	version int64
	html    []byte
	total   int
}

// NewFragmentCache returns an empty cache that keeps at most maxBytes.
func NewFragmentCache(maxBytes int) *FragmentCache {
	return &FragmentCache{maxBytes: maxBytes, entries: map[FragmentKey]*fragment{}}
}

// get returns the fragment of key rendered at exactly version.
func (fc *FragmentCache) get(key FragmentKey, version int64) (html []byte, total int, ok bool) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	f := fc.entries[key]
	if f == nil || f.version != version {
		return nil, 0, false
	}
	return f.html, f.total, true
}

// GetOrRender returns key's fragment at version, rendering it with render
// (once, however many requests ask at the same time) when it is not kept.
// render gets a context without the caller's cancellation: other requests
// may be waiting for its result.
func (fc *FragmentCache) GetOrRender(ctx context.Context, key FragmentKey, version int64,
	render func(context.Context) ([]byte, int, error)) ([]byte, int, error) {
	if html, total, ok := fc.get(key, version); ok {
		return html, total, nil
	}
	type result struct {
		html  []byte
		total int
	}
	flight := fmt.Sprintf("%q %q %q %q %d %d %d", key.Kind, key.Project, key.Lang, key.Query, key.Page, key.Size, version)
	// DoChan, not Do: a request has joined the flight when DoChan returns.
	// The rendering runs in a goroutine of its own, so a panic in it is
	// turned into an error here (the caller's Recover could not catch it).
	ch := fc.renders.DoChan(flight, func() (v any, err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("render %s fragment: panic: %v", key.Kind, p)
			}
		}()
		html, total, err := render(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		fc.put(key, version, html, total)
		return result{html, total}, nil
	})
	if fc.joined != nil {
		fc.joined()
	}
	res := <-ch
	if res.Err != nil {
		return nil, 0, res.Err
	}
	r := res.Val.(result)
	return r.html, r.total, nil
}

// entryOverhead is what an entry costs besides its HTML and its key's
// strings: the map slot, the fragment, the key in order (measured roughly).
const entryOverhead = 256

// cost is what keeping html under key counts against maxBytes.
func (k FragmentKey) cost(html []byte) int {
	return len(html) + len(k.Kind) + len(k.Project) + len(k.Lang) + len(k.Query) + entryOverhead
}

// put keeps html as key's fragment at version, unless a newer version is
// already kept (a slower request that read older data must not win). html
// must not be modified afterwards.
func (fc *FragmentCache) put(key FragmentKey, version int64, html []byte, total int) {
	if key.cost(html) > fc.maxBytes {
		return
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if f := fc.entries[key]; f != nil {
		if f.version > version {
			return
		}
		fc.bytes += key.cost(html) - key.cost(f.html)
		f.version, f.html, f.total = version, html, total
	} else {
		fc.entries[key] = &fragment{version: version, html: html, total: total}
		fc.order = append(fc.order, key)
		fc.bytes += key.cost(html)
	}
	for fc.bytes > fc.maxBytes && len(fc.order) > 0 {
		old := fc.order[0]
		fc.order = fc.order[1:]
		if f := fc.entries[old]; f != nil {
			fc.bytes -= old.cost(f.html)
			delete(fc.entries, old)
		}
	}
}

// RawHTML writes a cached fragment as it is (it was escaped when rendered).
func RawHTML(html []byte) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := w.Write(html)
		return err
	})
}
