// Package api serves the OTC-compatible API: a Keystone v3 subset (tokens,
// projects), Direct Connect v2 and a VPC subset, with token authentication
// (X-Auth-Token), strict JSON bodies and the real services' error bodies
// (api.go). It has no session and no CSRF check; its routes are listed in
// handlers/routes.go.
package api

import "dcconsole/handlers/web"

// Handler holds what the API's handlers need: the dependencies it shares
// with the console.
type Handler struct {
	*web.Deps
}

// New returns the API's handlers on the shared dependencies.
func New(d *web.Deps) *Handler {
	return &Handler{Deps: d}
}
