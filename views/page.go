// Package views renders the console's pages with templ. Components receive
// plain values; they never query the store.
package views

import (
	"fmt"
	"net/url"
	"strings"

	"dcconsole/store"
)

// Page is the chrome every console page shares: who is logged in, which
// region and project they work in, the CSRF token for forms, and messages.
type Page struct {
	Title    string
	Nav      string // key of the active navigation entry, e.g. "connections"
	User     string
	IsAdmin  bool
	CSRF     string
	Project  store.Project
	Projects []store.Project
	Path     string // current request path, for the project switcher
	Flashes  []Flash
	// AutoRefresh asks the page to reload its content while resources are
	// in a transitional state (Creating, Updating).
	AutoRefresh bool
	// ReadOnly is set while a trainer views a trainee's project from a
	// class board (the server refuses every change meanwhile).
	ReadOnly *ReadOnlyView
}

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind string // success, error, info
	Text string
}

// RegionLabel is the display name of the page's region, e.g. "eu-de".
func (p Page) RegionLabel() string { return p.Project.Region }

// ProjectsIn lists the page user's projects in region.
func (p Page) ProjectsIn(region string) []store.Project {
	var out []store.Project
	for _, pr := range p.Projects {
		if pr.Region == region {
			out = append(out, pr)
		}
	}
	return out
}

// StatusLabel is the console's word for an API status.
func StatusLabel(status string) string {
	switch status {
	case store.StatusActive:
		return "Normal"
	case store.StatusBuild, store.StatusPendingCreate:
		return "Creating"
	case store.StatusPendingUpdate:
		return "Updating"
	case store.StatusDown:
		return "Down"
	case store.StatusError:
		return "Error"
	}
	return status
}

// StatusClass is the CSS class that colours a status.
func StatusClass(status string) string {
	switch status {
	case store.StatusActive:
		return "status status-ok"
	case store.StatusBuild, store.StatusPendingCreate, store.StatusPendingUpdate:
		return "status status-busy"
	case store.StatusDown:
		return "status status-down"
	}
	return "status status-error"
}

// Transitional reports whether a status is expected to change by itself.
func Transitional(status string) bool {
	switch status {
	case store.StatusBuild, store.StatusPendingCreate, store.StatusPendingUpdate:
		return true
	}
	return false
}

// Mbps shows a bandwidth.
func Mbps(n int) string { return fmt.Sprintf("%d", n) }

// OrDash shows "--" for an empty value, as consoles do.
func OrDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "--"
	}
	return s
}

// Pager describes the page of a list being shown.
type Pager struct {
	Path  string // list path without query
	Query string // search text
	Extra string // further encoded query parameters to keep (filters)
	Page  int    // 1-based
	Size  int
	Total int
}

// Pages is the number of pages.
func (p Pager) Pages() int {
	if p.Size <= 0 {
		return 1
	}
	return max(1, (p.Total+p.Size-1)/p.Size)
}

// URL links to page n with the same search and size.
func (p Pager) URL(n int) string {
	q := fmt.Sprintf("?page=%d&size=%d", n, p.Size)
	if p.Query != "" {
		q += "&name=" + url.QueryEscape(p.Query)
	}
	if p.Extra != "" {
		q += "&" + p.Extra
	}
	return p.Path + q
}

// PageSizes are the page sizes a list offers.
var PageSizes = []int{10, 20, 50}
