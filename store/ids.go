package store

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"
)

// ids makes the IDs of new resources. In production they are random UUIDs;
// for recorded test runs (dcconsole -testing -testing-seed N) they come from
// a generator seeded with N, so the same script gives the same IDs every run.
type ids struct {
	mu   sync.Mutex
	seed uint64
	rng  *rand.ChaCha8 // nil: random UUIDs
	// clock is the test clock (-testing-clock), restarted with the IDs.
	clock *TestClock
}

// newID returns the ID for a new resource: a version-4 UUID.
func (s *Store) newID() string {
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	if s.ids.rng == nil {
		return uuid.NewString()
	}
	var b [16]byte
	s.ids.rng.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return uuid.UUID(b).String()
}

// SetIDSeed makes new IDs deterministic: the sequence of IDs depends only on
// seed and on the order of creations. For test runs only.
func (s *Store) SetIDSeed(seed uint64) {
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	s.ids.seed = seed
	s.ids.rng = rand.NewChaCha8(seedBytes(seed))
}

// SetTestClock makes c the store's clock; Reset restarts it.
func (s *Store) SetTestClock(c *TestClock) {
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	s.ids.clock = c
	s.now = c.Now
}

// restartTestRun starts the deterministic IDs and the test clock again (Reset
// does, for POST /testing/reset), so each test of a run sees the same IDs and
// times. The IDs after a reset come from a stream of their own, apart from
// the one that made the default projects at the first start, so they never
// repeat a surviving project's ID. Nothing happens in production.
func (s *Store) restartTestRun() {
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	if s.ids.rng != nil {
		s.ids.rng = rand.NewChaCha8(seedBytes(s.ids.seed ^ 0x5eed5eed5eed5eed))
	}
	if s.ids.clock != nil {
		s.ids.clock.Restart()
	}
}

func seedBytes(seed uint64) [32]byte {
	var b [32]byte
	copy(b[:], fmt.Sprintf("dcconsole-ids-%016x", seed))
	return b
}

// TestClock is a deterministic clock for recorded test runs (dcconsole
// -testing -testing-clock T): it starts at T and every reading is one second
// later than the one before, whatever the wall clock does. Restart returns
// it to T (POST /testing/reset does).
type TestClock struct {
	mu    sync.Mutex
	start time.Time
	next  time.Time
}

// NewTestClock returns a TestClock starting at start.
func NewTestClock(start time.Time) *TestClock {
	return &TestClock{start: start.UTC(), next: start.UTC()}
}

// Now returns the clock's next time and advances it by one second.
func (c *TestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.next
	c.next = c.next.Add(time.Second)
	return t
}

// Restart sets the clock back to its start.
func (c *TestClock) Restart() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next = c.start
}
