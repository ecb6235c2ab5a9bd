package handlers

// A minimal VPC API in the shape of OTC's VPC v1 (/v1/{project_id}/vpcs),
// for what Terraform's Direct Connect configurations create and the SDK's
// networking/v1/vpcs package calls: create, get, list, delete. The rules are
// the console's (store/vpcs.go).

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
)

// apiVPC is a VPC as the VPC v1 API shows it.
type apiVPC struct {
	ID                  string     `json:"id"`
	Name                string     `json:"name"`
	CIDR                string     `json:"cidr"`
	Description         string     `json:"description"`
	Status              string     `json:"status"`
	Routes              []struct{} `json:"routes"`
	EnableSharedSnat    bool       `json:"enable_shared_snat"`
	EnterpriseProjectID string     `json:"enterprise_project_id"`
}

func toAPIVPC(v store.VPC) apiVPC {
	return apiVPC{ID: v.ID, Name: v.Name, CIDR: v.CIDR.String(), Status: "OK", Routes: []struct{}{}, EnterpriseProjectID: "0"}
}

// apiVPCBody holds what a client may send to create a VPC.
type apiVPCBody struct {
	Name                *string `json:"name"`
	CIDR                *string `json:"cidr"`
	Description         *string `json:"description"`
	EnterpriseProjectID *string `json:"enterprise_project_id"`
}

// apiVPCAuth lets a VPC request through only when the project in its path
// is the token's.
func (h *Handler) apiVPCAuth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Param("project_id") != apiProject(c).ID {
			return newAPIError(http.StatusForbidden, "VPC.0002", "The project in the URL is not the project of the token.")
		}
		return next(c)
	}
}

// APIVPCCreate handles "POST /v1/:project_id/vpcs". Like the real service
// it answers 200 (the SDK expects exactly that).
func (h *Handler) APIVPCCreate(c echo.Context) error {
	var b apiVPCBody
	if err := decodeWrapped(c, "vpc", &b); err != nil {
		return err
	}
	if d := deref(b.Description); d != "" {
		return newAPIError(http.StatusBadRequest, codeBadParameter, "vpc.description: this console keeps no VPC descriptions; leave it out.")
	}
	if e := deref(b.EnterpriseProjectID); e != "" && e != "0" {
		return newAPIError(http.StatusBadRequest, codeBadParameter, "vpc.enterprise_project_id: only the default enterprise project \"0\" exists.")
	}
	in := store.VPCInput{Name: defaultName("vpc", b.Name), CIDR: deref(b.CIDR)}
	v, _, err := h.Store.CreateVPC(c.Request().Context(), apiProject(c), in, "")
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "vpc", toAPIVPC(v))
}

// APIVPCList handles "GET /v1/:project_id/vpcs".
func (h *Handler) APIVPCList(c echo.Context) error {
	vs, err := h.Store.VPCs(c.Request().Context(), apiProject(c).ID)
	if err != nil {
		return err
	}
	out := make([]apiVPC, 0, len(vs))
	for _, v := range vs {
		out = append(out, toAPIVPC(v))
	}
	return writeList(c, "vpcs", out)
}

// APIVPCShow handles "GET /v1/:project_id/vpcs/:id".
func (h *Handler) APIVPCShow(c echo.Context) error {
	v, err := h.Store.VPC(c.Request().Context(), apiProject(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "vpc", toAPIVPC(v))
}

// APIVPCDelete handles "DELETE /v1/:project_id/vpcs/:id" (204); a VPC a
// virtual gateway uses is refused.
func (h *Handler) APIVPCDelete(c echo.Context) error {
	if _, err := h.Store.DeleteVPC(c.Request().Context(), apiProject(c).ID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
