package console

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

// OperationList handles "GET /operations": the project's operations log,
// filtered by resource type and action, newest first.
func (h *Handler) OperationList(c echo.Context) error {
	p := projectOf(c)
	lp := parseListParams(c.QueryParam("page"), c.QueryParam("size"), "")
	rt, act := c.QueryParam("resource"), c.QueryParam("action")
	if len(rt) > 32 || len(act) > 32 {
		rt, act = "", ""
	}
	items, total, err := h.Store.Operations(c.Request().Context(), p.ID, store.OperationFilter{
		ResourceType: rt, Action: act, Offset: (lp.Page - 1) * lp.Size, Limit: lp.Size})
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Operations Log", "operations")
	if err != nil {
		return err
	}
	q := url.Values{}
	if rt != "" {
		q.Set("resource", rt)
	}
	if act != "" {
		q.Set("action", act)
	}
	path := "/operations"
	return render(c, http.StatusOK, views.OperationsPage(pg, views.OperationList{
		Items: items, ResourceType: rt, Action: act,
		Pager: views.Pager{Path: path, Extra: q.Encode(), Page: lp.Page, Size: lp.Size, Total: total},
	}))
}
