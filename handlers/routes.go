package handlers

import (
	"context"
	iofs "io/fs"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"dcconsole/handlers/api"
	"dcconsole/handlers/console"
	"dcconsole/static"
)

// routes lists every route of the server: the API's and the console's.
func (h *Handler) routes(e *echo.Echo) {
	a, ui := h.API, h.Console
	e.Pre(headAsGet)
	e.Use(headAgain)
	e.Use(middleware.Recover())
	e.Use(h.requestLog())
	e.Use(securityHeaders)
	e.Use(middleware.BodyLimit("1M"))

	e.GET("/healthz", h.Healthz)
	if h.Config.Testing {
		e.POST("/testing/reset", h.TestingReset)
		e.GET("/testing/blob/:size", h.TestingBlob)
	}
	e.GET("/static/*", echo.WrapHandler(staticHandler()))

	// API: Keystone v3 subset and Direct Connect v2 for the OTC SDK and
	// Terraform. Token authentication (X-Auth-Token), JSON bodies and
	// errors; no session and no CSRF (api.go).
	v3 := e.Group("/v3", a.Request)
	api.Routes(v3, "/auth/tokens", api.Methods{
		http.MethodPost: a.APITokenCreate, http.MethodGet: a.APITokenShow, http.MethodDelete: a.APITokenRevoke})
	api.Routes(v3, "/projects", api.Methods{http.MethodGet: a.APIProjectList})
	api.Routes(v3, "/projects/:id", api.Methods{http.MethodGet: a.APIProjectShow})
	// VPC v3 read (the catalog's "vpc" entry with v1 replaced by v3). Its
	// handlers carry the token checks themselves (vpcAPI): as group
	// middleware they would also answer unknown /v3 paths, with 401.
	vpc3 := e.Group("/v3/:project_id/vpc")
	api.Routes(vpc3, "/vpcs", api.Methods{http.MethodGet: vpcAPI(a, a.APIVPCv3List)})
	api.Routes(vpc3, "/vpcs/:id", api.Methods{http.MethodGet: vpcAPI(a, a.APIVPCv3Show)})
	dc := e.Group("/v2.0", a.Request).Group("/dcaas", a.Auth)
	api.Routes(dc, "/direct-connects", api.Methods{http.MethodGet: a.APIConnectionList, http.MethodPost: a.APIConnectionCreate})
	api.Routes(dc, "/direct-connects/:id", api.Methods{
		http.MethodGet: a.APIConnectionShow, http.MethodPut: a.APIConnectionUpdate, http.MethodDelete: a.APIConnectionDelete})
	api.Routes(dc, "/virtual-gateways", api.Methods{http.MethodGet: a.APIGatewayList, http.MethodPost: a.APIGatewayCreate})
	api.Routes(dc, "/virtual-gateways/:id", api.Methods{
		http.MethodGet: a.APIGatewayShow, http.MethodPut: a.APIGatewayUpdate, http.MethodDelete: a.APIGatewayDelete})
	api.Routes(dc, "/virtual-interfaces", api.Methods{http.MethodGet: a.APIInterfaceList, http.MethodPost: a.APIInterfaceCreate})
	api.Routes(dc, "/virtual-interfaces/:id", api.Methods{
		http.MethodGet: a.APIInterfaceShow, http.MethodPut: a.APIInterfaceUpdate, http.MethodDelete: a.APIInterfaceDelete})
	api.Routes(dc, "/dc-endpoint-groups", api.Methods{http.MethodGet: a.APIEndpointGroupList, http.MethodPost: a.APIEndpointGroupCreate})
	api.Routes(dc, "/dc-endpoint-groups/:id", api.Methods{
		http.MethodGet: a.APIEndpointGroupShow, http.MethodPut: a.APIEndpointGroupUpdate, http.MethodDelete: a.APIEndpointGroupDelete})
	// VPC v1 subset (the catalog's "network" entry points at /).
	vpc := e.Group("/v1", a.Request).Group("/:project_id", a.Auth, a.VPCAuth)
	api.Routes(vpc, "/vpcs", api.Methods{http.MethodGet: a.APIVPCList, http.MethodPost: a.APIVPCCreate})
	api.Routes(vpc, "/vpcs/:id", api.Methods{http.MethodGet: a.APIVPCShow, http.MethodPut: a.APIVPCUpdate, http.MethodDelete: a.APIVPCDelete})
	api.Routes(vpc, "/subnets", api.Methods{http.MethodGet: a.APISubnetList, http.MethodPost: a.APISubnetCreate})
	api.Routes(vpc, "/subnets/:id", api.Methods{http.MethodGet: a.APISubnetShow})
	api.Routes(vpc, "/vpcs/:vpc_id/subnets/:id", api.Methods{http.MethodPut: a.APISubnetUpdate, http.MethodDelete: a.APISubnetDelete})
	// VPC tags (v2.0, the catalog's "network" entry); checks as for v3.
	vtags := e.Group("/v2.0/:project_id")
	api.Routes(vtags, "/vpcs/:id/tags", api.Methods{http.MethodGet: vpcAPI(a, a.APIVPCTags)})
	api.Routes(vtags, "/vpcs/:id/tags/action", api.Methods{http.MethodPost: vpcAPI(a, a.APIVPCTagsAction)})

	// Browser pages: session, CSRF.
	pages := e.Group("", ui.SessionMiddleware, ui.LangMiddleware, ui.CSRFMiddleware)
	pages.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/console") })
	pages.GET("/login", ui.LoginForm)
	pages.POST("/login", ui.Login)
	pages.POST("/logout", ui.Logout)
	pages.POST("/language", ui.LanguageSet)

	con := pages.Group("", ui.RequireLogin, ui.ReadOnlyGuard)
	// The group's catch-all (it runs the group's middleware for unknown
	// paths) would answer a known path with the wrong method 404: notFound
	// tells the two apart.
	con.RouteNotFound("/*", h.notFound(e))
	con.GET("/console", ui.Home)
	con.GET("/console/projects", ui.Projects)
	con.POST("/console/project", ui.SwitchProject)

	con.GET("/dcaas/connections", ui.ConnectionList)
	con.GET("/dcaas/connections/create", ui.ConnectionNew)
	con.POST("/dcaas/connections/create", ui.ConnectionEdit)
	con.POST("/dcaas/connections/confirm", ui.ConnectionConfirm)
	con.POST("/dcaas/connections", ui.ConnectionCreate)
	con.GET("/dcaas/connections/:id", ui.ConnectionShow)
	con.GET("/dcaas/connections/:id/created", ui.ConnectionCreated)
	con.GET("/dcaas/connections/:id/modify", ui.ConnectionModifyForm)
	con.POST("/dcaas/connections/:id/modify", ui.ConnectionModify)
	con.GET("/dcaas/connections/:id/delete", ui.ConnectionDeleteConfirm)
	con.POST("/dcaas/connections/:id/delete", ui.ConnectionDelete)
	con.POST("/dcaas/connections/:id/fail", ui.ConnectionFail)
	con.POST("/dcaas/connections/:id/restore", ui.ConnectionRestore)
	con.GET("/dcaas/topology", ui.ProjectTopology)
	con.GET("/dcaas/guide", ui.Guide)
	con.GET("/dcaas/virtual-gateways/:id/topology", ui.GatewayTopology)

	con.GET("/vpc/vpcs", ui.VPCList)
	con.GET("/vpc/vpcs/create", ui.VPCNew)
	con.POST("/vpc/vpcs", ui.VPCCreate)
	con.GET("/vpc/vpcs/:id/delete", ui.VPCDeleteConfirm)
	con.POST("/vpc/vpcs/:id/delete", ui.VPCDelete)
	con.GET("/vpc/subnets/create", ui.SubnetNew)
	con.POST("/vpc/subnets", ui.SubnetCreate)
	con.GET("/vpc/subnets/:id/delete", ui.SubnetDeleteConfirm)
	con.POST("/vpc/subnets/:id/delete", ui.SubnetDelete)

	con.GET("/dcaas/virtual-gateways", ui.GatewayList)
	con.GET("/dcaas/virtual-gateways/create", ui.GatewayNew)
	con.POST("/dcaas/virtual-gateways/create", ui.GatewayRefresh)
	con.POST("/dcaas/virtual-gateways", ui.GatewayCreate)
	con.GET("/dcaas/virtual-gateways/:id", ui.GatewayShow)
	con.GET("/dcaas/virtual-gateways/:id/modify", ui.GatewayModifyForm)
	con.POST("/dcaas/virtual-gateways/:id/modify", ui.GatewayModify)
	con.GET("/dcaas/virtual-gateways/:id/delete", ui.GatewayDeleteConfirm)
	con.POST("/dcaas/virtual-gateways/:id/delete", ui.GatewayDelete)

	con.GET("/dcaas/virtual-interfaces", ui.InterfaceList)
	con.GET("/dcaas/virtual-interfaces/create", ui.InterfaceNew)
	con.POST("/dcaas/virtual-interfaces/create", ui.InterfaceRefresh)
	con.POST("/dcaas/virtual-interfaces", ui.InterfaceCreate)
	con.GET("/dcaas/virtual-interfaces/:id", ui.InterfaceShow)
	con.GET("/dcaas/virtual-interfaces/:id/modify", ui.InterfaceModifyForm)
	con.POST("/dcaas/virtual-interfaces/:id/modify", ui.InterfaceModify)
	con.GET("/dcaas/virtual-interfaces/:id/delete", ui.InterfaceDeleteConfirm)
	con.POST("/dcaas/virtual-interfaces/:id/delete", ui.InterfaceDelete)

	con.GET("/operations", ui.OperationList)

	adm := con.Group("/admin", console.RequireAdmin)
	adm.GET("/users", ui.AdminUsers)
	adm.POST("/users", ui.AdminUserCreate)
	adm.POST("/users/:id/disable", ui.AdminUserDisable)
	adm.POST("/users/:id/enable", ui.AdminUserEnable)
	adm.POST("/users/:id/grant", ui.AdminUserGrant)
	adm.GET("/projects", ui.AdminProjects)
	adm.GET("/projects/:id/reset", ui.AdminProjectResetConfirm)
	adm.POST("/projects/:id/reset", ui.AdminProjectReset)
	adm.GET("/classes", ui.ClassList)
	adm.GET("/classes/create", ui.ClassNew)
	adm.POST("/classes", ui.ClassCreate)
	adm.POST("/classes/view/leave", ui.ClassViewLeave)
	adm.GET("/classes/:id", ui.ClassBoard)
	adm.GET("/classes/:id/trainees/:uid", ui.ClassTraineeView)
	adm.GET("/classes/:id/reset", ui.ClassResetConfirm)
	adm.POST("/classes/:id/reset", ui.ClassReset)
	adm.POST("/classes/:id/disable", ui.ClassDisable)
	adm.POST("/classes/:id/enable", ui.ClassEnable)
	adm.GET("/classes/:id/delete", ui.ClassDeleteConfirm)
	adm.POST("/classes/:id/delete", ui.ClassDelete)
}

// vpcAPI wraps a VPC API handler in the checks every VPC request passes: a
// request id, a project-scoped token, and the token's project in the path.
func vpcAPI(a *api.Handler, fn echo.HandlerFunc) echo.HandlerFunc {
	return a.Request(a.Auth(a.VPCAuth(fn)))
}

// headAsGet routes HEAD like GET (Echo v4 routes HEAD only where it is
// registered, and routes by the request's own Method); headAgain, the first
// middleware after routing, makes it HEAD again, so net/http sends the
// headers and drops the body.
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method == http.MethodHead {
			c.Request().Method = http.MethodGet
			c.Set(keyHead, true)
		}
		return next(c)
	}
}

func headAgain(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if head, _ := c.Get(keyHead).(bool); head {
			c.Request().Method = http.MethodHead
		}
		return next(c)
	}
}

const keyHead = "head"

// notFound answers a console request no route takes: 405 with an Allow
// header when the path exists for other methods (a GET of a form's POST
// address, a PUT or DELETE from a script), else 404. Echo v4 lets a group's
// catch-all win over its own 405, so the router is asked again here.
func (h *Handler) notFound(e *echo.Echo) echo.HandlerFunc {
	return func(c echo.Context) error {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			if m == c.Request().Method {
				continue
			}
			probe := e.NewContext(c.Request(), nil)
			e.Router().Find(m, echo.GetPath(c.Request()), probe)
			if p := probe.Path(); p != "" && !strings.HasSuffix(p, "*") {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			return echo.ErrNotFound
		}
		if slices.Contains(allow, http.MethodGet) {
			allow = append(allow, http.MethodHead)
		}
		c.Response().Header().Set(echo.HeaderAllow, strings.Join(allow, ", "))
		return echo.ErrMethodNotAllowed
	}
}

// staticHandler serves the embedded assets; URLs carry a content hash, so
// browsers may keep them for a year. Folders answer 404: no listings.
func staticHandler() http.Handler {
	fs := http.StripPrefix("/static/", http.FileServerFS(static.FS))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(r.URL.Path, "/static/")), "/")
		if st, err := iofs.Stat(static.FS, name); name == "" || name == "." || err != nil || st.IsDir() || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		fs.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every response carries: no inline
// scripts or styles, no framing, no MIME sniffing.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		hd := c.Response().Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		if c.Request().Method == http.MethodGet && c.Request().URL.Path != "/healthz" {
			if len(c.Request().URL.Path) < 8 || c.Request().URL.Path[:8] != "/static/" {
				hd.Set("Cache-Control", "no-store")
			}
		}
		return next(c)
	}
}

// requestLog logs one line per request with its status and duration.
func (h *Handler) requestLog() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		HandleError: true, // run the error handler first, so the logged status is the one sent
		LogStatus:   true,
		LogURI:      true,
		LogMethod:   true,
		LogLatency:  true,
		LogRemoteIP: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			h.Log.LogAttrs(context.Background(), slog.LevelInfo, "request",
				slog.String("method", v.Method),
				slog.String("uri", v.URI),
				slog.Int("status", v.Status),
				slog.Duration("duration", v.Latency.Round(time.Microsecond)),
				slog.String("ip", v.RemoteIP),
			)
			return nil
		},
	})
}
