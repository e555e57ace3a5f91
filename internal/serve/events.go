package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// broker fans the latest build status out to every SSE client. Each client
// gets a channel of capacity 1 that always holds the newest status it has not
// read: a slow client skips stale statuses instead of blocking builds.
type broker struct {
	mu   sync.Mutex
	cur  *Status
	subs map[chan Status]struct{}
}

func newBroker() *broker { return &broker{subs: map[chan Status]struct{}{}} }

func (b *broker) publish(st Status) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cur = &st
	for ch := range b.subs {
		select { // drop the unread older status; only publish sends, under mu
		case <-ch:
		default:
		}
		ch <- st
	}
}

func (b *broker) subscribe() (<-chan Status, func()) {
	ch := make(chan Status, 1)
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	if b.cur != nil {
		ch <- *b.cur
	}
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}
}

// heartbeat keeps idle SSE connections alive through proxies and lets the
// server notice clients that went away.
const heartbeat = 15 * time.Second

// serveEvents is GET /_docproof/events: a text/event-stream of "status"
// events, the current one first, then one per build.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	ch, stop := s.Subscribe()
	defer stop()
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil || rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case st := <-ch:
			var data []byte
			if data, err = json.Marshal(st); err == nil {
				_, err = fmt.Fprintf(w, "event: status\ndata: %s\n\n", data)
			}
		case <-tick.C:
			_, err = fmt.Fprint(w, ": ping\n\n")
		}
		if err != nil || rc.Flush() != nil {
			return
		}
	}
}
