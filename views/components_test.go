package views

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"dcconsole/store"
)

func renderDoc(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestTextFieldShowsErrorUnderIt(t *testing.T) {
	doc := renderDoc(t, TextField(Field{ID: "name", Name: "name", Label: "Name", Value: `a"<b>`, Error: "Bad name.", Help: "help text", Required: true}))
	in := doc.Find("input#name")
	if v, _ := in.Attr("value"); v != `a"<b>` {
		t.Fatalf("value %q", v)
	}
	if doc.Find(`label[for="name"]`).Text() != "Name" {
		t.Fatal("label not tied to the input")
	}
	if inv, _ := in.Attr("aria-invalid"); inv != "true" {
		t.Fatal("not marked invalid")
	}
	if d, _ := in.Attr("aria-describedby"); !strings.Contains(d, "name-error") {
		t.Fatalf("aria-describedby %q", d)
	}
	if doc.Find("#name-error").Text() != "Bad name." {
		t.Fatal("error text missing")
	}
	if doc.Find("#name-help").Length() != 0 {
		t.Fatal("help shown beside the error")
	}
}

func TestTextAreaCounter(t *testing.T) {
	doc := renderDoc(t, TextArea(Field{ID: "description", Name: "description", Label: "Description", Value: "äbc", MaxLength: 128}))
	if got := doc.Find("#description-counter").Text(); got != "3/128" {
		t.Fatalf("counter %q", got)
	}
	if doc.Find("textarea#description").Text() != "äbc" {
		t.Fatal("value lost")
	}
}

func TestButtonGroupChecksValue(t *testing.T) {
	doc := renderDoc(t, ButtonGroup(Field{ID: "location", Name: "location", Label: "Location", Value: "Magdeburg", Required: true},
		[]Option{{"Biere", "Biere"}, {"Magdeburg", "Magdeburg"}}))
	if doc.Find("fieldset legend").Text() != "Location" {
		t.Fatal("no legend")
	}
	if doc.Find(`input[type=radio][value=Magdeburg][checked]`).Length() != 1 || doc.Find(`input[type=radio][value=Biere][checked]`).Length() != 0 {
		t.Fatal("wrong radio checked")
	}
}

func TestBandwidthFieldSliderPosition(t *testing.T) {
	doc := renderDoc(t, BandwidthField(Field{ID: "bandwidth", Name: "bandwidth", Label: "Bandwidth (Mbit/s)", Value: "150"}, store.BandwidthSteps))
	r := doc.Find(`input[type=range]`)
	if v, _ := r.Attr("value"); v != "3" {
		t.Fatalf("slider index %q for 150", v)
	}
	if l, _ := r.Attr("aria-label"); l != "Bandwidth slider" {
		t.Fatal("slider has no name")
	}
	if _, ok := r.Attr("name"); ok {
		t.Fatal("slider must not be submitted; the box is the value")
	}
	if doc.Find(`input#bandwidth[name=bandwidth]`).AttrOr("value", "") != "150" {
		t.Fatal("box value")
	}
}

func TestStatusLabels(t *testing.T) {
	for status, want := range map[string]string{"ACTIVE": "Normal", "BUILD": "Creating", "PENDING_CREATE": "Creating",
		"PENDING_UPDATE": "Updating", "DOWN": "Down", "ERROR": "Error"} {
		doc := renderDoc(t, Status(status))
		if got := doc.Find("span").Text(); got != want {
			t.Errorf("%s shows %q, want %q", status, got, want)
		}
	}
}

func TestConnectionsPageEscapesAndMarksRows(t *testing.T) {
	c := store.Connection{ID: "id-1", Name: "dc-1", Location: "Biere", Bandwidth: 100, Status: "BUILD", Description: `<script>alert(1)</script>`, InterfaceCount: 2}
	doc := renderDoc(t, ConnectionsPage(Page{Title: "Connections", User: "admin"}, ConnectionList{Items: []store.Connection{c}, Used: 1, Quota: 10,
		Pager: Pager{Path: "/dcaas/connections", Page: 1, Size: 10, Total: 1}}))
	if doc.Find("script:contains('alert')").Length() != 0 {
		t.Fatal("description rendered as a script")
	}
	row := doc.Find(`tr[aria-label="dc-1"]`)
	if row.Length() != 1 {
		t.Fatal("row has no accessible name")
	}
	del := row.Find(`.ops [aria-disabled="true"]`)
	if del.Text() != "Delete" || !strings.Contains(del.AttrOr("title", ""), "2 virtual interfaces") {
		t.Fatalf("delete not disabled with a reason: %q %q", del.Text(), del.AttrOr("title", ""))
	}
	if doc.Find("[data-auto-refresh]").Length() != 1 {
		t.Fatal("a Creating row does not make the list refresh itself")
	}
	if !strings.Contains(doc.Find("#quota-hint").Text(), "You can create 9 more connections.") {
		t.Fatalf("quota hint %q", doc.Find("#quota-hint").Text())
	}
}
