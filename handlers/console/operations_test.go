package console_test

import (
	"github.com/PuerkitoBio/goquery"

	"net/http"
	"net/url"
	"strings"
	"testing"

	"dcconsole/handlers/handlertest"
)

func TestOperationsLogRecordsConnectionChanges(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	form := url.Values{"name": {"dc-log"}, "location": {"Biere"}, "bandwidth": {"100"}, "token": {"ABCDEFGHIJKLMNOPQRSTUVWXY2"}}
	resp, _ := ts.Post("/dcaas/connections", form)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	id := strings.TrimSuffix(strings.TrimPrefix(resp.Header.Get("Location"), "/dcaas/connections/"), "/created")
	resp, _ = ts.Post("/dcaas/connections/"+id+"/modify", url.Values{"name": {"dc-log2"}, "bandwidth": {"200"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	resp, _ = ts.Post("/dcaas/connections/"+id+"/delete", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)

	resp, doc := ts.Get("/operations")
	handlertest.WantStatus(t, resp, http.StatusOK)
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

	_, doc = ts.Get("/operations?action=create")
	if n := doc.Find("table.grid tbody tr").Length(); n != 1 {
		t.Fatalf("filter action=create: %d rows", n)
	}
	_, doc = ts.Get("/operations?resource=virtual_gateway")
	if !strings.Contains(doc.Find("table.grid tbody").Text(), "No operations recorded.") {
		t.Fatal("filter by resource type does not filter")
	}
	// The log belongs to the project: eu-nl's log is empty.
	ts.UseProject("eu-nl")
	_, doc = ts.Get("/operations")
	if !strings.Contains(doc.Find("table.grid tbody").Text(), "No operations recorded.") {
		t.Fatal("another project's log shows eu-de's operations")
	}
}
