package api

// The identity subset real clients need before they call the API: Keystone
// v3 password tokens and the project list, with the console's own users,
// passwords and project grants.
//
// The console has one domain. Its ID is apiDomainID; its name is
// apiDomainName, but a token request may name the domain as it likes (a
// configuration written for the real cloud says OS_DOMAIN_NAME=OTC000...),
// because console users do not belong to domains. A domain given by ID must
// be this one.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"dcconsole/handlers/web"
	"dcconsole/store"
)

const (
	apiDomainID   = "9d6e5f2a8c3b4d1e0f7a6b5c4d3e2f10"
	apiDomainName = "dcconsole"
	// apiTokenTTL is how long a token lives, as on the real cloud.
	apiTokenTTL = 24 * time.Hour
	// keystoneTime is Keystone's time format.
	keystoneTime = "2006-01-02T15:04:05.000000Z"
)

type keystoneRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type keystoneAuth struct {
	Identity *struct {
		Methods  []string `json:"methods"`
		Password *struct {
			User *struct {
				ID       string       `json:"id"`
				Name     string       `json:"name"`
				Password string       `json:"password"`
				Domain   *keystoneRef `json:"domain"`
			} `json:"user"`
		} `json:"password"`
	} `json:"identity"`
	Scope json.RawMessage `json:"scope"`
}

type keystoneScope struct {
	Project *struct {
		ID     string       `json:"id"`
		Name   string       `json:"name"`
		Domain *keystoneRef `json:"domain"`
	} `json:"project"`
	Domain *keystoneRef `json:"domain"`
}

func keystoneBadRequest(format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, codeBadParameter, format, args...)
}

// domainOK reports whether a domain reference names the console's domain.
func domainOK(d *keystoneRef) bool {
	return d == nil || d.ID == "" || d.ID == apiDomainID
}

// userIDString is the Keystone-style ID of a console user.
func userIDString(id int64) string { return fmt.Sprintf("%032x", id) }

// APITokenCreate handles "POST /v3/auth/tokens": the password method, scoped
// to a project (by ID, or by name in the domain), to the domain, or unscoped.
// It answers 201 with the token in X-Subject-Token. A wrong user name or
// password, or a scope the user may not use, answers 401.
func (h *Handler) APITokenCreate(c echo.Context) error {
	obj, err := readJSON(c)
	if err != nil {
		return err
	}
	var auth keystoneAuth
	if raw, ok := obj["auth"]; !ok || json.Unmarshal(raw, &auth) != nil {
		return keystoneBadRequest("Expecting to find auth in request body. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.")
	}
	id := auth.Identity
	if id == nil || len(id.Methods) == 0 {
		return keystoneBadRequest("Expecting to find identity in auth. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.")
	}
	hasPassword := false
	for _, m := range id.Methods {
		hasPassword = hasPassword || m == "password"
	}
	if !hasPassword || id.Password == nil || id.Password.User == nil {
		return echo.ErrUnauthorized // only the password method is offered
	}
	pu := id.Password.User
	ctx := c.Request().Context()
	name := pu.Name
	if name == "" && pu.ID != "" {
		n, err := strconv.ParseInt(pu.ID, 16, 64)
		if err != nil {
			return echo.ErrUnauthorized
		}
		u, err := h.Store.User(ctx, n)
		if err != nil {
			return echo.ErrUnauthorized
		}
		name = u.Name
	}
	if name == "" || !domainOK(pu.Domain) {
		return echo.ErrUnauthorized
	}
	keys := store.ThrottleKeys(name, c.RealIP()) // the console login's throttle (handlers/web/throttle.go)
	release, ok := h.Admit(c)
	if !ok {
		return newAPIError(http.StatusServiceUnavailable, codeThrottled, "%s", web.BusyMessage)
	}
	defer release()
	if err := h.apiThrottled(c, keys); err != nil {
		return err
	}
	u, authErr := h.Store.Authenticate(ctx, name, pu.Password)
	busy, err := h.AttemptDone(c, keys, name, authErr)
	switch {
	case busy:
		return newAPIError(http.StatusServiceUnavailable, codeThrottled, "%s", web.BusyMessage)
	case err != nil:
		return err
	case errors.Is(authErr, store.ErrBadCredentials):
		return echo.ErrUnauthorized
	}

	scope, project, err := h.tokenScope(c, u, auth.Scope)
	if err != nil {
		return err
	}
	tok, t, err := h.Store.CreateAPIToken(ctx, u, scope, project, apiTokenTTL)
	if err != nil {
		return err
	}
	h.Log.Info("api token issued", "user", u.Name, "scope", scope, "project", project.Name)
	c.Response().Header().Set("X-Subject-Token", tok)
	c.Response().Header().Set("Cache-Control", "no-store") // the answer carries a credential
	c.Response().Header().Set("Pragma", "no-cache")
	return c.JSON(http.StatusCreated, map[string]any{"token": keystoneToken(c, t)})
}

// tokenScope resolves the scope of a token request to one of the user's
// projects, the domain, or none.
func (h *Handler) tokenScope(c echo.Context, u store.User, raw json.RawMessage) (string, store.Project, error) {
	var s string
	if len(raw) == 0 || string(raw) == "null" || (json.Unmarshal(raw, &s) == nil && s == "unscoped") {
		return store.ScopeUnscoped, store.Project{}, nil
	}
	var sc keystoneScope
	if err := json.Unmarshal(raw, &sc); err != nil {
		return "", store.Project{}, keystoneBadRequest("Invalid input for field 'scope'.")
	}
	ctx := c.Request().Context()
	switch {
	case sc.Project != nil && sc.Project.ID != "":
		p, err := h.Store.ProjectForUser(ctx, u.ID, sc.Project.ID)
		if errors.Is(err, store.ErrNotFound) {
			return "", store.Project{}, echo.ErrUnauthorized
		}
		return store.ScopeProject, p, err
	case sc.Project != nil && sc.Project.Name != "":
		if !domainOK(sc.Project.Domain) {
			return "", store.Project{}, echo.ErrUnauthorized
		}
		p, err := h.Store.ProjectForUserByName(ctx, u.ID, sc.Project.Name)
		if errors.Is(err, store.ErrNotFound) {
			return "", store.Project{}, echo.ErrUnauthorized
		}
		return store.ScopeProject, p, err
	case sc.Domain != nil && (sc.Domain.ID != "" || sc.Domain.Name != ""):
		if !domainOK(sc.Domain) {
			return "", store.Project{}, echo.ErrUnauthorized
		}
		return store.ScopeDomain, store.Project{}, nil
	}
	return "", store.Project{}, keystoneBadRequest("Invalid input for field 'scope': name or id is required.")
}

// keystoneToken is the body of a token, as Keystone v3 shows it.
func keystoneToken(c echo.Context, t store.APIToken) map[string]any {
	domain := map[string]string{"id": apiDomainID, "name": apiDomainName}
	tok := map[string]any{
		"expires_at": t.ExpiresAt.UTC().Format(keystoneTime),
		"issued_at":  t.IssuedAt.UTC().Format(keystoneTime),
		"methods":    []string{"password"},
		"user": map[string]any{
			"id":                  userIDString(t.User.ID),
			"name":                t.User.Name,
			"domain":              domain,
			"password_expires_at": nil,
		},
	}
	var regions []string
	switch t.Scope {
	case store.ScopeProject:
		tok["project"] = map[string]any{"id": t.Project.ID, "name": t.Project.Name, "domain": domain}
		regions = []string{t.Project.Region}
	case store.ScopeDomain:
		tok["domain"] = domain
		for _, r := range store.Regions {
			regions = append(regions, r.ID)
		}
	default:
		return tok // unscoped: no roles, no catalog
	}
	role := "te_user"
	if t.User.IsAdmin {
		role = "te_admin"
	}
	tok["roles"] = []map[string]string{{"id": catalogID("role", role), "name": role}}
	tok["catalog"] = catalog(c, t, regions)
	return tok
}

// catalog lists this console's services for the token's regions: identity,
// Direct Connect (dcaas) and, for a project, the VPC API (type "vpc" with
// the project in the URL, and "network", from which the SDK derives VPC v1
// URLs itself).
func catalog(c echo.Context, t store.APIToken, regions []string) []map[string]any {
	base := baseURL(c)
	entry := func(typ, name string, url func(region string) string) map[string]any {
		var eps []map[string]string
		for _, r := range regions {
			eps = append(eps, map[string]string{
				"id": catalogID(typ, r), "interface": "public", "region": r, "region_id": r, "url": url(r),
			})
		}
		return map[string]any{"id": catalogID(typ, ""), "type": typ, "name": name, "endpoints": eps}
	}
	out := []map[string]any{
		entry("identity", "iam", func(string) string { return base + "/v3" }),
		entry("dcaas", "dcaas", func(string) string { return base + "/v2.0/" }),
	}
	if t.Scope == store.ScopeProject {
		out = append(out,
			entry("vpc", "vpc", func(string) string { return base + "/v1/" + t.Project.ID + "/" }),
			entry("network", "neutron", func(string) string { return base + "/" }),
		)
	}
	return out
}

// catalogID makes a stable 32-hex ID for a catalog entry or role.
func catalogID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// APITokenShow handles "GET /v3/auth/tokens": the token in X-Subject-Token,
// for a caller with a valid X-Auth-Token who is an administrator or the
// token's own user. Anyone else gets 403, as Keystone's policy
// identity:validate_token ("admin_required or token_subject") answers: a
// token is a credential, and its body names the user, the project and the
// catalog.
func (h *Handler) APITokenShow(c echo.Context) error {
	caller, err := h.tokenOf(c)
	if err != nil {
		return err
	}
	t, err := h.Store.APITokenFor(c.Request().Context(), c.Request().Header.Get("X-Subject-Token"))
	if errors.Is(err, store.ErrNotFound) {
		return newAPIError(http.StatusNotFound, codeNotFound, "Could not find token.")
	}
	if err != nil {
		return err
	}
	if !caller.User.IsAdmin && caller.User.ID != t.User.ID {
		return newAPIError(http.StatusForbidden, codeForbidden, "You are not authorized to perform the requested action: identity:validate_token.")
	}
	c.Response().Header().Set("X-Subject-Token", c.Request().Header.Get("X-Subject-Token"))
	return c.JSON(http.StatusOK, map[string]any{"token": keystoneToken(c, t)})
}

// APITokenRevoke handles "DELETE /v3/auth/tokens": revokes the token in
// X-Subject-Token, for a caller with a valid X-Auth-Token of the same user.
func (h *Handler) APITokenRevoke(c echo.Context) error {
	caller, err := h.tokenOf(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	subject := c.Request().Header.Get("X-Subject-Token")
	t, err := h.Store.APITokenFor(ctx, subject)
	if errors.Is(err, store.ErrNotFound) || (err == nil && t.User.ID != caller.User.ID) {
		return newAPIError(http.StatusNotFound, codeNotFound, "Could not find token.")
	}
	if err != nil {
		return err
	}
	if err := h.Store.RevokeAPIToken(ctx, subject); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// keystoneProject is a project as Keystone lists it; the domain is its parent.
func keystoneProject(c echo.Context, p store.Project) map[string]any {
	return map[string]any{
		"id": p.ID, "name": p.Name, "domain_id": apiDomainID, "parent_id": apiDomainID,
		"description": "", "enabled": true, "is_domain": false,
		"links": map[string]any{"self": baseURL(c) + "/v3/projects/" + p.ID},
	}
}

// APIProjectList handles "GET /v3/projects": the caller's projects, filtered
// by domain_id, name, enabled and parent_id as Keystone does.
func (h *Handler) APIProjectList(c echo.Context) error {
	t, err := h.tokenOf(c)
	if err != nil {
		return err
	}
	ps, err := h.Store.ProjectsForUser(c.Request().Context(), t.User.ID)
	if err != nil {
		return err
	}
	q := c.QueryParams()
	out := []map[string]any{}
	for _, p := range ps {
		if d := q.Get("domain_id"); d != "" && d != apiDomainID {
			continue
		}
		if d := q.Get("parent_id"); d != "" && d != apiDomainID {
			continue
		}
		if n := q.Get("name"); n != "" && n != p.Name {
			continue
		}
		if e := q.Get("enabled"); e == "false" || e == "0" {
			continue
		}
		out = append(out, keystoneProject(c, p))
	}
	return c.JSON(http.StatusOK, map[string]any{
		"projects": out,
		"links":    map[string]any{"self": baseURL(c) + c.Request().URL.RequestURI(), "previous": nil, "next": nil},
	})
}

// APIProjectShow handles "GET /v3/projects/:id" for one of the caller's projects.
func (h *Handler) APIProjectShow(c echo.Context) error {
	t, err := h.tokenOf(c)
	if err != nil {
		return err
	}
	p, err := h.Store.ProjectForUser(c.Request().Context(), t.User.ID, c.Param("id"))
	if errors.Is(err, store.ErrNotFound) {
		return newAPIError(http.StatusNotFound, codeNotFound, "Could not find project: %s.", c.Param("id"))
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"project": keystoneProject(c, p)})
}
