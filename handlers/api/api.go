package api

// The API's shared parts: token authentication, strict JSON decoding of
// wrapped bodies ({"direct_connect": {...}}), list filtering and field
// selection, and the mapping of errors to the JSON bodies of the real
// services. Every API resource (connections, virtual gateways, virtual
// interfaces, endpoint groups, VPCs) uses these; none parses JSON or writes
// an error body by itself.

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
)

const (
	keyAPIToken  = "api_token"
	keyRequestID = "request_id"
)

// apiError is what the API answers for a refused request: the HTTP status,
// the service's error code (DC.xxxx) and a message for people.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func newAPIError(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error codes of the API that are not business rules (those come from the
// store). APIGW codes are what the cloud's API gateway answers before a
// request reaches the service.
const (
	codeBadBody      = "DC.0000" // request body abnormal
	codeBadParameter = "DC.0001" // request parameter error
	codeNotFound     = "DC.0002" // resource does not exist
	codeForbidden    = "DC.0003" // not allowed (Keystone's body carries no code)
	codeInternal     = "DC.0500"
	codeUnauthorized = "APIGW.0301" // incorrect IAM authentication information
	codeNoSuchAPI    = "APIGW.0101" // the API does not exist
)

// apiFamily is one API with its own error body format, recognised by the
// path prefix.
type apiFamily struct {
	prefix string
	write  func(c echo.Context, e *apiError) error
}

// apiFamilies lists the APIs the console serves. A path under one of these
// prefixes never gets an HTML page, a session or a CSRF check.
var apiFamilies = []apiFamily{
	{"/v3", writeKeystoneError},  // identity (Keystone v3 subset)
	{"/v2.0", writeServiceError}, // Direct Connect v2
	{"/v1", writeVPCError},       // VPC v1 subset
}

// vpcFamily is the VPC service's API under the other prefixes: its v2.0
// tags (/v2.0/{project_id}/vpcs/...) and its v3 (/v3/{project_id}/vpc/...).
var vpcFamily = apiFamily{"", writeVPCError}

// isVPCPath reports whether path belongs to the VPC service although its
// prefix is shared with Direct Connect (/v2.0/dcaas) or identity
// (/v3/auth, /v3/projects).
func isVPCPath(path string) bool {
	parts := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 4)
	switch {
	case len(parts) >= 3 && parts[0] == "v2.0" && parts[1] != "dcaas":
		return true
	case len(parts) >= 3 && parts[0] == "v3" && parts[1] != "auth" && parts[1] != "projects" && parts[2] == "vpc":
		return true
	}
	return false
}

// FamilyOf tells which API a path belongs to (the error format it answers
// in); ok is false for the console's pages.
func FamilyOf(path string) (apiFamily, bool) {
	if isVPCPath(path) {
		return vpcFamily, true
	}
	for _, f := range apiFamilies {
		if path == f.prefix || strings.HasPrefix(path, f.prefix+"/") {
			return f, true
		}
	}
	return apiFamily{}, false
}

// ErrorHandler answers an error of an API request in the API's format and
// logs it once, like the console's ErrorPage does for pages.
func (h *Handler) ErrorHandler(err error, c echo.Context, fam apiFamily) {
	ae := toAPIError(err)
	attrs := []any{"status", ae.Status, "code", ae.Code, "method", c.Request().Method, "path", c.Request().URL.Path,
		"request_id", requestID(c), "err", err}
	if ae.Status >= 500 {
		h.Log.Error("api request failed", attrs...)
	} else {
		h.Log.Warn("api request refused", attrs...)
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(ae.Status)
		return
	}
	if werr := fam.write(c, ae); werr != nil {
		h.Log.Error("write api error", "err", werr)
	}
}

// toAPIError maps any error a handler returns to the API's answer. Store
// rule errors keep their codes; internal errors never show their text.
func toAPIError(err error) *apiError {
	var ae *apiError
	var ve *store.ValidationError
	var re *store.RuleError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.Is(err, store.ErrNotFound):
		return newAPIError(http.StatusNotFound, codeNotFound, "The resource does not exist, or it belongs to another project.")
	case errors.As(err, &ve):
		code := ve.Code
		if code == "" {
			code = codeBadParameter
		}
		return &apiError{Status: http.StatusBadRequest, Code: code, Message: apiProblems(ve.Problems)}
	case errors.As(err, &re):
		status := http.StatusBadRequest
		if st, ok := ruleStatus[re.Code]; ok {
			status = st
		}
		return &apiError{Status: status, Code: re.Code, Message: apiProblems([]store.Problem{re.Problem})}
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusUnauthorized:
			return newAPIError(he.Code, codeUnauthorized, "Incorrect IAM authentication information: the X-Auth-Token is missing, invalid or expired.")
		case http.StatusNotFound:
			return newAPIError(he.Code, codeNoSuchAPI, "The API does not exist or has not been published in the environment.")
		case http.StatusMethodNotAllowed:
			return newAPIError(he.Code, codeBadParameter, "The method is not allowed for the requested URL.")
		case http.StatusRequestEntityTooLarge:
			return newAPIError(he.Code, codeBadBody, "The request body is too large.")
		case http.StatusUnsupportedMediaType:
			return newAPIError(he.Code, codeBadBody, "The request body must be JSON (Content-Type: application/json).")
		}
		if he.Code < 500 {
			return newAPIError(he.Code, codeBadParameter, "%s", http.StatusText(he.Code))
		}
	}
	return newAPIError(http.StatusInternalServerError, codeInternal, "Internal error. Try again later.")
}

// ruleStatus is the HTTP status of the rule refusals the real services do
// not answer with 400.
var ruleStatus = map[string]int{
	store.CodeVPCNotFound:   http.StatusNotFound, // VPC.0003
	store.CodeVPCHasSubnets: http.StatusConflict, // VPC.0104
}

// writeServiceError writes the error body of the OTC services:
// {"error_code": "DC.0001", "error_msg": "...", "request_id": "<32 hex>"}.
func writeServiceError(c echo.Context, e *apiError) error {
	if e.Status == http.StatusMethodNotAllowed {
		e = newAPIError(e.Status, e.Code, "The method %s is not allowed for the requested URL.", c.Request().Method)
	}
	return c.JSON(e.Status, map[string]string{
		"error_code": e.Code,
		"error_msg":  e.Message,
		"request_id": requestID(c),
	})
}

// writeVPCError writes the error body of the VPC service, which has the
// shape of writeServiceError's with the VPC service's codes: its "invalid
// parameters" (VPC.0101, for subnets VPC.0201) where Direct Connect says
// DC.0000 or DC.0001, "VPC does not exist" (VPC.0003, for subnets "subnet
// does not exist", VPC.0202) where it says DC.0002.
func writeVPCError(c echo.Context, e *apiError) error {
	subnets := strings.Contains(c.Request().URL.Path, "/subnets")
	code := e.Code
	switch code {
	case codeBadBody, codeBadParameter:
		code = store.CodeVPCParam
		if subnets {
			code = "VPC.0201"
		}
	case codeNotFound:
		code = store.CodeVPCNotFound
		if subnets {
			code = "VPC.0202"
		}
	case codeInternal:
		code = "VPC.0111"
	}
	return writeServiceError(c, &apiError{Status: e.Status, Code: code, Message: e.Message})
}

// writeKeystoneError writes Keystone's error body:
// {"error": {"code": 401, "message": "...", "title": "Unauthorized"}}.
func writeKeystoneError(c echo.Context, e *apiError) error {
	msg := e.Message
	switch e.Status {
	case http.StatusUnauthorized:
		msg = "The request you have made requires authentication."
		c.Response().Header().Set("WWW-Authenticate", fmt.Sprintf("Keystone uri=%q", baseURL(c)+"/v3"))
	case http.StatusNotFound:
		if e.Code == codeNoSuchAPI {
			msg = "The resource could not be found."
		}
	case http.StatusMethodNotAllowed:
		msg = fmt.Sprintf("The method %s is not allowed for the requested URL.", c.Request().Method)
	case http.StatusInternalServerError:
		msg = "An unexpected error prevented the server from fulfilling your request."
	}
	return c.JSON(e.Status, map[string]any{"error": map[string]any{
		"code":    e.Status,
		"message": msg,
		"title":   http.StatusText(e.Status),
	}})
}

// Methods maps the HTTP methods of one API path to their handlers.
type Methods map[string]echo.HandlerFunc

// Routes registers the handlers of one API path and answers every other
// method with 405 and an Allow header (the group's catch-all would say 404).
func Routes(g *echo.Group, path string, m Methods) {
	allow := strings.Join(slices.Sorted(maps.Keys(m)), ", ")
	var others []string
	for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace} {
		if h, ok := m[method]; ok {
			g.Add(method, path, h)
		} else {
			others = append(others, method)
		}
	}
	g.Match(others, path, func(c echo.Context) error {
		c.Response().Header().Set("Allow", allow)
		return echo.ErrMethodNotAllowed
	})
}

// Request gives every API request an ID, sent back as X-Request-Id and in
// error bodies, so a user's report can be found in the log.
func (h *Handler) Request(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		requestID(c)
		return next(c)
	}
}

// requestID returns the request's ID, making one the first time.
func requestID(c echo.Context) string {
	if id, ok := c.Get(keyRequestID).(string); ok {
		return id
	}
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	c.Set(keyRequestID, id)
	c.Response().Header().Set("X-Request-Id", id)
	return id
}

// baseURL is the scheme and host the client used to reach the console; the
// service catalog points back at it.
func baseURL(c echo.Context) string {
	return c.Scheme() + "://" + c.Request().Host
}

// Auth lets a request through only with a live project-scoped token in
// X-Auth-Token. The session cookie counts for nothing here. Store writes of
// the request are logged as done by the token's user.
func (h *Handler) Auth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := h.tokenOf(c)
		if err != nil {
			return err
		}
		if t.Scope != store.ScopeProject {
			return newAPIError(http.StatusForbidden, codeBadParameter, "The token is not scoped to a project. Request a project-scoped token.")
		}
		return next(c)
	}
}

// tokenOf checks the request's X-Auth-Token (any scope) and remembers it.
func (h *Handler) tokenOf(c echo.Context) (store.APIToken, error) {
	if t, ok := c.Get(keyAPIToken).(store.APIToken); ok {
		return t, nil
	}
	t, err := h.Store.APITokenFor(c.Request().Context(), c.Request().Header.Get("X-Auth-Token"))
	if errors.Is(err, store.ErrNotFound) {
		return store.APIToken{}, echo.ErrUnauthorized
	}
	if err != nil {
		return store.APIToken{}, err
	}
	c.Set(keyAPIToken, t)
	c.SetRequest(c.Request().WithContext(store.WithActor(c.Request().Context(), t.User.Name)))
	return t, nil
}

// apiProject is the project of the request's token (after Auth).
func apiProject(c echo.Context) store.Project {
	t, _ := c.Get(keyAPIToken).(store.APIToken)
	return t.Project
}

// readJSON reads a JSON request body: it must be declared as JSON and be
// one well-formed JSON object.
func readJSON(c echo.Context) (map[string]json.RawMessage, error) {
	ct := c.Request().Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return nil, echo.ErrUnsupportedMediaType
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return nil, he // 413 from the body limit
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, echo.ErrStatusRequestEntityTooLarge
		}
		return nil, newAPIError(http.StatusBadRequest, codeBadBody, "The request body could not be read.")
	}
	if !utf8.Valid(body) {
		// encoding/json would store U+FFFD in place of the bad bytes:
		// something other than what the client sent.
		return nil, newAPIError(http.StatusBadRequest, codeBadBody, "The request body is not valid UTF-8.")
	}
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return nil, newAPIError(http.StatusBadRequest, codeBadBody, "The request body is not a JSON object.")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, newAPIError(http.StatusBadRequest, codeBadBody, "The request body has data after the JSON object.")
	}
	return obj, nil
}

// decodeWrapped reads a body of the form {"<key>": {...}} into dst, a struct
// of pointer fields with json tags. It is strict: the wrapper must be the
// only top-level key, fields dst does not know and values of the wrong type
// are refused with DC.0001 naming the field; JSON null counts as absent.
func decodeWrapped(c echo.Context, key string, dst any) error {
	obj, err := readJSON(c)
	if err != nil {
		return err
	}
	raw, ok := obj[key]
	if !ok || string(raw) == "null" {
		return newAPIError(http.StatusBadRequest, codeBadBody, "The request body must be a JSON object with the key %q.", key)
	}
	for k := range obj {
		if k != key {
			return newAPIError(http.StatusBadRequest, codeBadParameter, "Unknown field %q beside %q.", k, key)
		}
	}
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return newAPIError(http.StatusBadRequest, codeBadBody, "%q must be a JSON object.", key)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(key, err)
	}
	return nil
}

// decodeError turns a json decoding error into a message naming the field.
func decodeError(key string, err error) error {
	var te *json.UnmarshalTypeError
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = key
		}
		return newAPIError(http.StatusBadRequest, codeBadParameter, "%s.%s must be of type %s, not %s.", key, field, jsonTypeName(te.Type.String()), te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return newAPIError(http.StatusBadRequest, codeBadParameter, "Unknown field %s in %q.", strings.TrimPrefix(err.Error(), "json: unknown field "), key)
	}
	return newAPIError(http.StatusBadRequest, codeBadBody, "The value of %q is not valid JSON: %v", key, err)
}

func jsonTypeName(goType string) string {
	goType = strings.TrimPrefix(goType, "*")
	switch goType {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "int", "int64", "handlers.apiInt", "*handlers.apiInt":
		return "integer"
	case "[]string":
		return "array of strings"
	}
	return goType
}

// apiInt is an integer field. Like the real service it also takes the
// integer as a string ("vlan": "1234" in the API reference's own example);
// anything else is refused.
type apiInt int

func (n *apiInt) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) >= 2 && s[0] == '"' {
		s = s[1 : len(s)-1]
	}
	v, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[int]()}
	}
	*n = apiInt(v)
	return nil
}

// requireFields refuses a body without one of the required fields; present
// maps each required field to whether the body has it.
func requireFields(key string, present map[string]bool) error {
	var missing []string
	for _, f := range slices.Sorted(maps.Keys(present)) {
		if !present[f] {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return newAPIError(http.StatusBadRequest, codeBadParameter, "%s: missing required field(s): %s.", key, strings.Join(missing, ", "))
	}
	return nil
}

// sortedTrue returns the keys whose value is true, sorted.
func sortedTrue(m map[string]bool) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] {
			out = append(out, k)
		}
	}
	return out
}

// writeWrapped answers {"<key>": v}.
func writeWrapped(c echo.Context, status int, key string, v any) error {
	return c.JSON(status, map[string]any{key: v})
}

// listReserved are list query parameters that are not attribute filters.
var listReserved = map[string]bool{"fields": true, "limit": true, "marker": true, "page_reverse": true, "sort_key": true, "sort_dir": true}

// writeList answers {"<key>": [...]} Neutron-style: every query parameter
// named like an attribute filters on it (several values: any of them; an
// empty value: no filter, as the SDK sends "?id="), and "fields" (repeated
// or comma separated) selects the attributes of each item.
func writeList[T any](c echo.Context, key string, items []T) error {
	b, err := encodeList(c.QueryParams(), key, items)
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, b)
}

// encodeList is writeList's body for the query q, encoded as Echo's c.JSON
// encodes (indented with ?pretty).
func encodeList[T any](q url.Values, key string, items []T) ([]byte, error) {
	filters := map[string][]string{}
	for k, vs := range q {
		if listReserved[k] {
			continue
		}
		if vs = nonEmpty(vs); len(vs) > 0 {
			filters[k] = vs
		}
	}
	var fields []string
	for _, f := range q["fields"] {
		for _, part := range strings.Split(f, ",") {
			if part = strings.TrimSpace(part); part != "" {
				fields = append(fields, part)
			}
		}
	}
	out := make([]any, 0, len(items))
	for _, it := range items {
		if len(filters) == 0 && len(fields) == 0 {
			out = append(out, it)
			continue
		}
		b, err := json.Marshal(it)
		if err != nil {
			return nil, err
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		if !matches(m, filters) {
			continue
		}
		if len(fields) == 0 {
			out = append(out, it)
			continue
		}
		sel := map[string]json.RawMessage{}
		for _, f := range fields {
			if v, ok := m[f]; ok {
				sel[f] = v
			}
		}
		out = append(out, sel)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if _, pretty := q["pretty"]; pretty {
		enc.SetIndent("", "  ")
	}
	err := enc.Encode(map[string]any{key: out})
	return buf.Bytes(), err
}

// matches reports whether an item passes every filter on its attributes;
// filters on names the item does not have are ignored.
func matches(m map[string]json.RawMessage, filters map[string][]string) bool {
	for k, want := range filters {
		raw, ok := m[k]
		if !ok {
			continue
		}
		got := string(raw)
		var s string
		if json.Unmarshal(raw, &s) == nil {
			got = s
		} else if got == "null" {
			got = ""
		}
		found := false
		for _, w := range want {
			if w == got {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func nonEmpty(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
