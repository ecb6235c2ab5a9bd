package console_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// BenchmarkClassBoard200 renders the board of a 200-trainee class where
// every trainee has done the whole scenario (two connections, a gateway, two
// interfaces, the failover drill with a refusal), through the real router,
// logged in as the admin. It reports the SQL statements of each request
// (the page's chrome, session and project list included) and of the board's
// own data (store.Board).
//
//	go test -run '^$' -bench ClassBoard200 -benchtime 20x ./handlers/console/
func BenchmarkClassBoard200(b *testing.B) {
	ctx := context.Background()
	ts := handlertest.New(b)
	st := ts.Store
	cl, creds, err := st.CreateClass(ctx, store.ClassInput{Name: "room", Region: "eu-de", Count: 200})
	if err != nil {
		b.Fatal(err)
	}
	board, err := st.Board(ctx, cl.ID)
	if err != nil {
		b.Fatal(err)
	}
	for i, tp := range board.Trainees {
		runScenario(b, st, tp.Project, creds[i].User)
	}
	ts.LoginAdmin()
	client := ts.Client
	path := ts.URL + "/admin/classes/" + strconv.FormatInt(cl.ID, 10)

	before := st.ReadStatements()
	if _, err := st.Board(ctx, cl.ID); err != nil {
		b.Fatal(err)
	}
	boardStatements := st.ReadStatements() - before

	b.ResetTimer()
	before = st.ReadStatements()
	var size int64
	for b.Loop() {
		resp, err := client.Get(path)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("board: %v %v", resp, err)
		}
		size, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	b.ReportMetric(float64(st.ReadStatements()-before)/float64(b.N), "stmts/request")
	b.ReportMetric(float64(boardStatements), "board-stmts")
	b.ReportMetric(float64(size), "bytes")
}
