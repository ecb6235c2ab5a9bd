package api

// A minimal VPC API in the shape of OTC's VPC v1 (/v1/{project_id}/vpcs),
// for what Terraform's Direct Connect configurations create and the SDK's
// networking/v1/vpcs package calls: create, get, list, delete. The rules are
// the console's (store/vpcs.go).

import (
	"bytes"
	"encoding/json"
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
	return apiVPC{ID: v.ID, Name: v.Name, CIDR: v.CIDR.String(), Description: v.Description, Status: "OK", Routes: []struct{}{}, EnterpriseProjectID: "0"}
}

// apiVPCBody holds what a client may send to create or update a VPC.
type apiVPCBody struct {
	Name                *string `json:"name"`
	CIDR                *string `json:"cidr"`
	Description         *string `json:"description"`
	EnterpriseProjectID *string `json:"enterprise_project_id"`
	EnableSharedSnat    *bool   `json:"enable_shared_snat"`
}

// VPCAuth lets a VPC request through only when the project in its path
// is the token's. The real service says VPC.0007 (with 400); the console
// answers another project's ID with 404, as it does everywhere.
func (h *Handler) VPCAuth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Param("project_id") != apiProject(c).ID {
			return newAPIError(http.StatusNotFound, "VPC.0007", "urlTenantId is not equal tokenTenantId: the project in the URL is not the project of the token.")
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
	if e := deref(b.EnterpriseProjectID); e != "" && e != "0" {
		return newAPIError(http.StatusBadRequest, store.CodeVPCParam, "vpc.enterprise_project_id: only the default enterprise project \"0\" exists.")
	}
	if deref(b.EnableSharedSnat) {
		return newAPIError(http.StatusBadRequest, store.CodeVPCParam, "vpc.enable_shared_snat: shared SNAT is not offered by this console.")
	}
	in := store.VPCInput{Name: defaultName("vpc", b.Name), CIDR: deref(b.CIDR), Description: deref(b.Description)}
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

// APIVPCUpdate handles "PUT /v1/:project_id/vpcs/:id": name, description
// and CIDR (which must still hold every subnet of the VPC). 200.
func (h *Handler) APIVPCUpdate(c echo.Context) error {
	var b apiVPCBody
	if err := decodeWrapped(c, "vpc", &b); err != nil {
		return err
	}
	if b.EnterpriseProjectID != nil {
		return newAPIError(http.StatusBadRequest, store.CodeVPCParam, "vpc.enterprise_project_id cannot be changed here.")
	}
	if deref(b.EnableSharedSnat) {
		return newAPIError(http.StatusBadRequest, store.CodeVPCParam, "vpc.enable_shared_snat: shared SNAT is not offered by this console.")
	}
	v, err := h.Store.UpdateVPC(c.Request().Context(), apiProject(c).ID, c.Param("id"),
		store.VPCUpdate{Name: b.Name, Description: b.Description, CIDR: b.CIDR})
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "vpc", toAPIVPC(v))
}

// APIVPCDelete handles "DELETE /v1/:project_id/vpcs/:id" (204); a VPC a
// virtual gateway uses, or one with subnets, is refused.
func (h *Handler) APIVPCDelete(c echo.Context) error {
	if _, err := h.Store.DeleteVPC(c.Request().Context(), apiProject(c).ID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiTag is a tag as the VPC tag API shows and takes it.
type apiTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// APIVPCTags handles "GET /v2.0/:project_id/vpcs/:id/tags".
func (h *Handler) APIVPCTags(c echo.Context) error {
	tags, err := h.Store.VPCTags(c.Request().Context(), apiProject(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"tags": toAPITags(tags)})
}

func toAPITags(tags []store.Tag) []apiTag {
	out := make([]apiTag, 0, len(tags))
	for _, t := range tags {
		out = append(out, apiTag{Key: t.Key, Value: t.Value})
	}
	return out
}

// APIVPCTagsAction handles "POST /v2.0/:project_id/vpcs/:id/tags/action":
// {"action": "create" | "delete", "tags": [{"key", "value"}, ...]}. 204.
func (h *Handler) APIVPCTagsAction(c echo.Context) error {
	obj, err := readJSON(c)
	if err != nil {
		return err
	}
	var action string
	var tags []apiTag
	for k, raw := range obj {
		switch k {
		case "action":
			if json.Unmarshal(raw, &action) != nil {
				return newAPIError(http.StatusBadRequest, store.CodeVPCParam, "action must be a string: create or delete.")
			}
		case "tags":
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&tags); err != nil || tags == nil {
				return newAPIError(http.StatusBadRequest, store.CodeVPCParam, "tags must be a list of objects with the fields key and value.")
			}
		default:
			return newAPIError(http.StatusBadRequest, store.CodeVPCParam, "Unknown field %q; the body has action and tags.", k)
		}
	}
	in := make([]store.Tag, 0, len(tags))
	for _, t := range tags {
		in = append(in, store.Tag{Key: t.Key, Value: t.Value})
	}
	ctx, p, id := c.Request().Context(), apiProject(c).ID, c.Param("id")
	switch action {
	case "create":
		err = h.Store.AddVPCTags(ctx, p, id, in)
	case "delete":
		err = h.Store.DeleteVPCTags(ctx, p, id, in)
	default:
		return newAPIError(http.StatusBadRequest, store.CodeVPCParam, "action must be create or delete.")
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiVPCv3 is a VPC as the VPC v3 API shows it.
type apiVPCv3 struct {
	ID                  string             `json:"id"`
	Name                string             `json:"name"`
	Description         string             `json:"description"`
	CIDR                string             `json:"cidr"`
	ExtendCIDRs         []string           `json:"extend_cidrs"`
	Status              string             `json:"status"`
	ProjectID           string             `json:"project_id"`
	EnterpriseProjectID string             `json:"enterprise_project_id"`
	CreatedAt           string             `json:"created_at"`
	UpdatedAt           string             `json:"updated_at"`
	CloudResources      []apiCloudResource `json:"cloud_resources"`
	Tags                []apiTag           `json:"tags"`
}

type apiCloudResource struct {
	ResourceType  string `json:"resource_type"`
	ResourceCount int    `json:"resource_count"`
}

// v3Time is the VPC v3 API's time format.
const v3Time = "2006-01-02T15:04:05Z"

func (h *Handler) toAPIVPCv3(c echo.Context, v store.VPC) (apiVPCv3, error) {
	tags, err := h.Store.VPCTags(c.Request().Context(), v.ProjectID, v.ID)
	if err != nil {
		return apiVPCv3{}, err
	}
	return apiVPCv3{
		ID: v.ID, Name: v.Name, Description: v.Description, CIDR: v.CIDR.String(), ExtendCIDRs: []string{},
		Status: "ACTIVE", ProjectID: v.ProjectID, EnterpriseProjectID: "0",
		CreatedAt: v.CreatedAt.UTC().Format(v3Time), UpdatedAt: v.UpdatedAt.UTC().Format(v3Time),
		CloudResources: []apiCloudResource{{"routetable", 1}, {"virsubnet", v.SubnetCount}},
		Tags:           toAPITags(tags),
	}, nil
}

// APIVPCv3Show handles "GET /v3/:project_id/vpc/vpcs/:id".
func (h *Handler) APIVPCv3Show(c echo.Context) error {
	v, err := h.Store.VPC(c.Request().Context(), apiProject(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	out, err := h.toAPIVPCv3(c, v)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"request_id": requestID(c), "vpc": out})
}

// APIVPCv3List handles "GET /v3/:project_id/vpc/vpcs" (filters id, name,
// cidr, description, each repeatable).
func (h *Handler) APIVPCv3List(c echo.Context) error {
	vs, err := h.Store.VPCs(c.Request().Context(), apiProject(c).ID)
	if err != nil {
		return err
	}
	out := make([]apiVPCv3, 0, len(vs))
	for _, v := range vs {
		a, err := h.toAPIVPCv3(c, v)
		if err != nil {
			return err
		}
		out = append(out, a)
	}
	b, err := encodeList(c.QueryParams(), "vpcs", out)
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, b)
}
