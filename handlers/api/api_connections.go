package api

// Direct Connect API v2: connections (/v2.0/dcaas/direct-connects), in the
// JSON shape of the real service and its Go SDK.

import (
	"context"
	"crypto/rand"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/handlers/web"
	"dcconsole/store"
)

// apiTime is the time format of the Direct Connect API.
const apiTime = "2006-01-02T15:04:05.000Z"

// apiConnection is a connection as the API shows it: every attribute of the
// real service, with null where the real service answers null for a
// standard connection.
type apiConnection struct {
	ID                    string  `json:"id"`
	TenantID              string  `json:"tenant_id"`
	Name                  string  `json:"name"`
	Description           string  `json:"description"`
	PortType              string  `json:"port_type"`
	Bandwidth             int     `json:"bandwidth"`
	Location              string  `json:"location"`
	PeerLocation          string  `json:"peer_location"`
	DeviceID              *string `json:"device_id"`
	InterfaceName         *string `json:"interface_name"`
	RedundantID           *string `json:"redundant_id"`
	Provider              string  `json:"provider"`
	ProviderStatus        string  `json:"provider_status"`
	Type                  string  `json:"type"`
	HostingID             *string `json:"hosting_id"`
	VLAN                  *int    `json:"vlan"`
	ChargeMode            *string `json:"charge_mode"`
	ApplyTime             string  `json:"apply_time"`
	CreateTime            string  `json:"create_time"`
	DeleteTime            *string `json:"delete_time"`
	OrderID               *string `json:"order_id"`
	ProductID             *string `json:"product_id"`
	Status                string  `json:"status"`
	AdminStateUp          bool    `json:"admin_state_up"`
	SpecCode              *string `json:"spec_code"`
	Applicant             *string `json:"applicant"`
	Mobile                *string `json:"mobile"`
	Email                 *string `json:"email"`
	RegionID              *string `json:"region_id"`
	ServiceKey            *string `json:"service_key"`
	CableLabel            *string `json:"cable_label"`
	PeerPortType          *string `json:"peer_port_type"`
	PeerProvider          *string `json:"peer_provider"`
	OnestopProductID      *string `json:"onestop_product_id"`
	BuildingLineProductID *string `json:"building_line_product_id"`
	LastOnestopProductID  *string `json:"last_onestop_product_id"`
	PeriodType            *int    `json:"period_type"`
	PeriodNum             *int    `json:"period_num"`
	Reason                *string `json:"reason"`
	VGWType               string  `json:"vgw_type"`
	LagID                 *string `json:"lag_id"`
}

func toAPIConnection(c store.Connection) apiConnection {
	created := c.CreatedAt.UTC().Format(apiTime)
	return apiConnection{
		ID: c.ID, TenantID: c.ProjectID, Name: c.Name, Description: c.Description,
		PortType: c.PortType, Bandwidth: c.Bandwidth, Location: c.Location, PeerLocation: c.PeerLocation,
		Provider: c.Provider, ProviderStatus: c.ProviderStatus, Type: c.Type,
		ApplyTime: created, CreateTime: created, Status: c.Status, AdminStateUp: true, VGWType: "default",
	}
}

// apiConnectionBody holds every attribute a client may send for a
// connection. Create takes the standard-connection ones; the others are
// real attributes the SDK and Terraform send, accepted and not used.
type apiConnectionBody struct {
	Name           *string `json:"name"`
	Description    *string `json:"description"`
	PortType       *string `json:"port_type"`
	Bandwidth      *apiInt `json:"bandwidth"`
	Location       *string `json:"location"`
	PeerLocation   *string `json:"peer_location"`
	DeviceID       *string `json:"device_id"`
	InterfaceName  *string `json:"interface_name"`
	RedundantID    *string `json:"redundant_id"`
	Provider       *string `json:"provider"`
	ProviderStatus *string `json:"provider_status"`
	Type           *string `json:"type"`
	HostingID      *string `json:"hosting_id"`
	VLAN           *apiInt `json:"vlan"`
	ChargeMode     *string `json:"charge_mode"`
	OrderID        *string `json:"order_id"`
	ProductID      *string `json:"product_id"`
	Status         *string `json:"status"`
	AdminStateUp   *bool   `json:"admin_state_up"`
	TenantID       *string `json:"tenant_id"`
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// APIConnectionCreate handles "POST /v2.0/dcaas/direct-connects": creates a
// standard connection at a location of the token project's region (201).
func (h *Handler) APIConnectionCreate(c echo.Context) error {
	var b apiConnectionBody
	if err := decodeWrapped(c, "direct_connect", &b); err != nil {
		return err
	}
	if err := requireFields("direct_connect", map[string]bool{
		"port_type": b.PortType != nil, "bandwidth": b.Bandwidth != nil, "location": b.Location != nil, "provider": b.Provider != nil,
	}); err != nil {
		return err
	}
	p := apiProject(c)
	if t := deref(b.Type); t != "" && t != "standard" {
		return newAPIError(http.StatusBadRequest, codeBadParameter, "type %q: this console creates standard connections only.", t)
	}
	if deref(b.HostingID) != "" {
		return newAPIError(http.StatusBadRequest, codeBadParameter, "hosting_id: this console creates standard connections only.")
	}
	if t := deref(b.TenantID); t != "" && t != p.ID {
		return newAPIError(http.StatusBadRequest, codeBadParameter, "tenant_id must be the project of the token (%s).", p.ID)
	}
	name := deref(b.Name)
	if name == "" { // the real API allows no name; give the console's kind of default
		name = "dc-" + strings.ToLower(rand.Text()[:4])
	}
	in := store.ConnectionInput{
		Name:         name,
		Location:     deref(b.Location),
		PeerLocation: deref(b.PeerLocation),
		Bandwidth:    int(deref(b.Bandwidth)),
		Description:  deref(b.Description),
		PortType:     deref(b.PortType),
		Provider:     deref(b.Provider),
	}
	conn, _, err := h.Store.CreateConnection(c.Request().Context(), p, in, "")
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusCreated, "direct_connect", toAPIConnection(conn))
}

// APIConnectionList handles "GET /v2.0/dcaas/direct-connects": the
// project's connections, filtered by ?id= (empty: all) and any other
// attribute, with ?fields= selecting attributes.
//
// The encoded answer is kept like the console's list table (web/fragcache.go),
// keyed by the project's list version and the query: a client polling the
// list gets it without a query or an encoding until something changes.
func (h *Handler) APIConnectionList(c echo.Context) error {
	ctx := c.Request().Context()
	p := apiProject(c)
	st, err := h.Store.ConnectionListState(ctx, p.ID) // before the rows, see there
	if err != nil {
		return err
	}
	q := c.QueryParams()
	key := web.FragmentKey{Kind: "api direct_connects", Project: p.ID, Query: c.Request().URL.RawQuery}
	body, _, err := h.Fragments.GetOrRender(ctx, key, st.Version, func(ctx context.Context) ([]byte, int, error) {
		conns, _, err := h.Store.Connections(ctx, p.ID, store.ListFilter{IDs: nonEmpty(q["id"])})
		if err != nil {
			return nil, 0, err
		}
		out := make([]apiConnection, 0, len(conns))
		for _, conn := range conns {
			out = append(out, toAPIConnection(conn))
		}
		b, err := encodeList(q, "direct_connects", out)
		return b, 0, err
	})
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}

// APIConnectionShow handles "GET /v2.0/dcaas/direct-connects/:id".
func (h *Handler) APIConnectionShow(c echo.Context) error {
	conn, err := h.Store.Connection(c.Request().Context(), apiProject(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "direct_connect", toAPIConnection(conn))
}

// APIConnectionUpdate handles "PUT /v2.0/dcaas/direct-connects/:id": name,
// description, bandwidth and provider_status may change; any other
// attribute in the body is refused.
func (h *Handler) APIConnectionUpdate(c echo.Context) error {
	var b apiConnectionBody
	if err := decodeWrapped(c, "direct_connect", &b); err != nil {
		return err
	}
	fixed := map[string]bool{
		"port_type": b.PortType != nil, "location": b.Location != nil, "peer_location": b.PeerLocation != nil,
		"device_id": b.DeviceID != nil, "interface_name": b.InterfaceName != nil, "redundant_id": b.RedundantID != nil,
		"provider": b.Provider != nil, "type": b.Type != nil, "hosting_id": b.HostingID != nil, "vlan": b.VLAN != nil,
		"charge_mode": b.ChargeMode != nil, "order_id": b.OrderID != nil, "product_id": b.ProductID != nil,
		"status": b.Status != nil, "admin_state_up": b.AdminStateUp != nil, "tenant_id": b.TenantID != nil,
	}
	if fs := sortedTrue(fixed); len(fs) > 0 {
		return newAPIError(http.StatusBadRequest, codeBadParameter, "%s cannot be updated: only name, description, bandwidth and provider_status can.", strings.Join(fs, ", "))
	}
	u := store.ConnectionUpdate{Name: b.Name, Description: b.Description, ProviderStatus: b.ProviderStatus}
	if b.Bandwidth != nil {
		bw := int(*b.Bandwidth)
		u.Bandwidth = &bw
	}
	conn, err := h.Store.UpdateConnection(c.Request().Context(), apiProject(c).ID, c.Param("id"), u)
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "direct_connect", toAPIConnection(conn))
}

// APIConnectionDelete handles "DELETE /v2.0/dcaas/direct-connects/:id"
// (204); a connection that virtual interfaces use is refused (DC.1007).
func (h *Handler) APIConnectionDelete(c echo.Context) error {
	if _, err := h.Store.DeleteConnection(c.Request().Context(), apiProject(c).ID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
