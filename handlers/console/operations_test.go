package console_test

import (
	"github.com/PuerkitoBio/goquery"

	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestOperationsLogRecordsConnectionChanges(t *testing.T) {
	ts := newTestServer(t)
	ts.loginAdmin()
	form := url.Values{"name": {"dc-log"}, "location": {"Biere"}, "bandwidth": {"100"}, "token": {"ABCDEFGHIJKLMNOPQRSTUVWXY2"}}
	resp, _ := ts.post("/dcaas/connections", form)
	wantStatus(t, resp, http.StatusSeeOther)
	id := strings.TrimSuffix(strings.TrimPrefix(resp.Header.Get("Location"), "/dcaas/connections/"), "/created")
	resp, _ = ts.post("/dcaas/connections/"+id+"/modify", url.Values{"name": {"dc-log2"}, "bandwidth": {"200"}})
	wantStatus(t, resp, http.StatusSeeOther)
	resp, _ = ts.post("/dcaas/connections/"+id+"/delete", nil)
	wantStatus(t, resp, http.StatusSeeOther)

	resp, doc := ts.get("/operations")
	wantStatus(t, resp, http.StatusOK)
	rows := doc.Find("table.grid tbody tr")
	if rows.Length() != 3 {
		t.Fatalf("%d log rows, want 3", rows.Length())
	}
	want := []string{"Delete", "Modify", "Create"} // newest first
	rows.Each(func(i int, r *goquery.Selection) {
		txt := r.Text()
		if !strings.Contains(txt, want[i]) || !strings.Contains(txt, "admin") || !strings.Contains(txt, "Connection") || !strings.Contains(txt, "Success") {
			t.Errorf("row %d: %q", i, txt)
		}
	})

	_, doc = ts.get("/operations?action=create")
	if n := doc.Find("table.grid tbody tr").Length(); n != 1 {
		t.Fatalf("filter action=create: %d rows", n)
	}
	_, doc = ts.get("/operations?resource=virtual_gateway")
	if !strings.Contains(doc.Find("table.grid tbody").Text(), "No operations recorded.") {
		t.Fatal("filter by resource type does not filter")
	}
	// The log belongs to the project: eu-nl's log is empty.
	ts.useProject("eu-nl")
	_, doc = ts.get("/operations")
	if !strings.Contains(doc.Find("table.grid tbody").Text(), "No operations recorded.") {
		t.Fatal("another project's log shows eu-de's operations")
	}
}
