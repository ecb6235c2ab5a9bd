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

	"dcconsole/static"
)

// routes lists every route of the console.
func (h *Handler) routes(e *echo.Echo) {
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
	v3 := e.Group("/v3", h.apiRequest)
	apiRoutes(v3, "/auth/tokens", apiMethods{
		http.MethodPost: h.APITokenCreate, http.MethodGet: h.APITokenShow, http.MethodDelete: h.APITokenRevoke})
	apiRoutes(v3, "/projects", apiMethods{http.MethodGet: h.APIProjectList})
	apiRoutes(v3, "/projects/:id", apiMethods{http.MethodGet: h.APIProjectShow})
	// VPC v3 read (the catalog's "vpc" entry with v1 replaced by v3). Its
	// handlers carry the token checks themselves (vpcAPI): as group
	// middleware they would also answer unknown /v3 paths, with 401.
	vpc3 := e.Group("/v3/:project_id/vpc")
	apiRoutes(vpc3, "/vpcs", apiMethods{http.MethodGet: h.vpcAPI(h.APIVPCv3List)})
	apiRoutes(vpc3, "/vpcs/:id", apiMethods{http.MethodGet: h.vpcAPI(h.APIVPCv3Show)})
	dc := e.Group("/v2.0", h.apiRequest).Group("/dcaas", h.apiAuth)
	apiRoutes(dc, "/direct-connects", apiMethods{http.MethodGet: h.APIConnectionList, http.MethodPost: h.APIConnectionCreate})
	apiRoutes(dc, "/direct-connects/:id", apiMethods{
		http.MethodGet: h.APIConnectionShow, http.MethodPut: h.APIConnectionUpdate, http.MethodDelete: h.APIConnectionDelete})
	apiRoutes(dc, "/virtual-gateways", apiMethods{http.MethodGet: h.APIGatewayList, http.MethodPost: h.APIGatewayCreate})
	apiRoutes(dc, "/virtual-gateways/:id", apiMethods{
		http.MethodGet: h.APIGatewayShow, http.MethodPut: h.APIGatewayUpdate, http.MethodDelete: h.APIGatewayDelete})
	apiRoutes(dc, "/virtual-interfaces", apiMethods{http.MethodGet: h.APIInterfaceList, http.MethodPost: h.APIInterfaceCreate})
	apiRoutes(dc, "/virtual-interfaces/:id", apiMethods{
		http.MethodGet: h.APIInterfaceShow, http.MethodPut: h.APIInterfaceUpdate, http.MethodDelete: h.APIInterfaceDelete})
	apiRoutes(dc, "/dc-endpoint-groups", apiMethods{http.MethodGet: h.APIEndpointGroupList, http.MethodPost: h.APIEndpointGroupCreate})
	apiRoutes(dc, "/dc-endpoint-groups/:id", apiMethods{
		http.MethodGet: h.APIEndpointGroupShow, http.MethodPut: h.APIEndpointGroupUpdate, http.MethodDelete: h.APIEndpointGroupDelete})
	// VPC v1 subset (the catalog's "network" entry points at /).
	vpc := e.Group("/v1", h.apiRequest).Group("/:project_id", h.apiAuth, h.apiVPCAuth)
	apiRoutes(vpc, "/vpcs", apiMethods{http.MethodGet: h.APIVPCList, http.MethodPost: h.APIVPCCreate})
	apiRoutes(vpc, "/vpcs/:id", apiMethods{http.MethodGet: h.APIVPCShow, http.MethodPut: h.APIVPCUpdate, http.MethodDelete: h.APIVPCDelete})
	apiRoutes(vpc, "/subnets", apiMethods{http.MethodGet: h.APISubnetList, http.MethodPost: h.APISubnetCreate})
	apiRoutes(vpc, "/subnets/:id", apiMethods{http.MethodGet: h.APISubnetShow})
	apiRoutes(vpc, "/vpcs/:vpc_id/subnets/:id", apiMethods{http.MethodPut: h.APISubnetUpdate, http.MethodDelete: h.APISubnetDelete})
	// VPC tags (v2.0, the catalog's "network" entry); checks as for v3.
	vtags := e.Group("/v2.0/:project_id")
	apiRoutes(vtags, "/vpcs/:id/tags", apiMethods{http.MethodGet: h.vpcAPI(h.APIVPCTags)})
	apiRoutes(vtags, "/vpcs/:id/tags/action", apiMethods{http.MethodPost: h.vpcAPI(h.APIVPCTagsAction)})

	// Browser pages: session, CSRF.
	web := e.Group("", h.sessionMiddleware, h.langMiddleware, h.csrfMiddleware)
	web.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/console") })
	web.GET("/login", h.LoginForm)
	web.POST("/login", h.Login)
	web.POST("/logout", h.Logout)
	web.POST("/language", h.LanguageSet)

	con := web.Group("", h.requireLogin, h.readOnlyGuard)
	// The group's catch-all (it runs the group's middleware for unknown
	// paths) would answer a known path with the wrong method 404: notFound
	// tells the two apart.
	con.RouteNotFound("/*", h.notFound(e))
	con.GET("/console", h.Home)
	con.GET("/console/projects", h.Projects)
	con.POST("/console/project", h.SwitchProject)

	con.GET("/dcaas/connections", h.ConnectionList)
	con.GET("/dcaas/connections/create", h.ConnectionNew)
	con.POST("/dcaas/connections/create", h.ConnectionEdit)
	con.POST("/dcaas/connections/confirm", h.ConnectionConfirm)
	con.POST("/dcaas/connections", h.ConnectionCreate)
	con.GET("/dcaas/connections/:id", h.ConnectionShow)
	con.GET("/dcaas/connections/:id/created", h.ConnectionCreated)
	con.GET("/dcaas/connections/:id/modify", h.ConnectionModifyForm)
	con.POST("/dcaas/connections/:id/modify", h.ConnectionModify)
	con.GET("/dcaas/connections/:id/delete", h.ConnectionDeleteConfirm)
	con.POST("/dcaas/connections/:id/delete", h.ConnectionDelete)
	con.POST("/dcaas/connections/:id/fail", h.ConnectionFail)
	con.POST("/dcaas/connections/:id/restore", h.ConnectionRestore)
	con.GET("/dcaas/topology", h.ProjectTopology)
	con.GET("/dcaas/guide", h.Guide)
	con.GET("/dcaas/virtual-gateways/:id/topology", h.GatewayTopology)

	con.GET("/vpc/vpcs", h.VPCList)
	con.GET("/vpc/vpcs/create", h.VPCNew)
	con.POST("/vpc/vpcs", h.VPCCreate)
	con.GET("/vpc/vpcs/:id/delete", h.VPCDeleteConfirm)
	con.POST("/vpc/vpcs/:id/delete", h.VPCDelete)
	con.GET("/vpc/subnets/create", h.SubnetNew)
	con.POST("/vpc/subnets", h.SubnetCreate)
	con.GET("/vpc/subnets/:id/delete", h.SubnetDeleteConfirm)
	con.POST("/vpc/subnets/:id/delete", h.SubnetDelete)

	con.GET("/dcaas/virtual-gateways", h.GatewayList)
	con.GET("/dcaas/virtual-gateways/create", h.GatewayNew)
	con.POST("/dcaas/virtual-gateways/create", h.GatewayRefresh)
	con.POST("/dcaas/virtual-gateways", h.GatewayCreate)
	con.GET("/dcaas/virtual-gateways/:id", h.GatewayShow)
	con.GET("/dcaas/virtual-gateways/:id/modify", h.GatewayModifyForm)
	con.POST("/dcaas/virtual-gateways/:id/modify", h.GatewayModify)
	con.GET("/dcaas/virtual-gateways/:id/delete", h.GatewayDeleteConfirm)
	con.POST("/dcaas/virtual-gateways/:id/delete", h.GatewayDelete)

	con.GET("/dcaas/virtual-interfaces", h.InterfaceList)
	con.GET("/dcaas/virtual-interfaces/create", h.InterfaceNew)
	con.POST("/dcaas/virtual-interfaces/create", h.InterfaceRefresh)
	con.POST("/dcaas/virtual-interfaces", h.InterfaceCreate)
	con.GET("/dcaas/virtual-interfaces/:id", h.InterfaceShow)
	con.GET("/dcaas/virtual-interfaces/:id/modify", h.InterfaceModifyForm)
	con.POST("/dcaas/virtual-interfaces/:id/modify", h.InterfaceModify)
	con.GET("/dcaas/virtual-interfaces/:id/delete", h.InterfaceDeleteConfirm)
	con.POST("/dcaas/virtual-interfaces/:id/delete", h.InterfaceDelete)

	con.GET("/operations", h.OperationList)

	adm := con.Group("/admin", requireAdmin)
	adm.GET("/users", h.AdminUsers)
	adm.POST("/users", h.AdminUserCreate)
	adm.POST("/users/:id/disable", h.AdminUserDisable)
	adm.POST("/users/:id/enable", h.AdminUserEnable)
	adm.POST("/users/:id/grant", h.AdminUserGrant)
	adm.GET("/projects", h.AdminProjects)
	adm.GET("/projects/:id/reset", h.AdminProjectResetConfirm)
	adm.POST("/projects/:id/reset", h.AdminProjectReset)
	adm.GET("/classes", h.ClassList)
	adm.GET("/classes/create", h.ClassNew)
	adm.POST("/classes", h.ClassCreate)
	adm.POST("/classes/view/leave", h.ClassViewLeave)
	adm.GET("/classes/:id", h.ClassBoard)
	adm.GET("/classes/:id/trainees/:uid", h.ClassTraineeView)
	adm.GET("/classes/:id/reset", h.ClassResetConfirm)
	adm.POST("/classes/:id/reset", h.ClassReset)
	adm.POST("/classes/:id/disable", h.ClassDisable)
	adm.POST("/classes/:id/enable", h.ClassEnable)
	adm.GET("/classes/:id/delete", h.ClassDeleteConfirm)
	adm.POST("/classes/:id/delete", h.ClassDelete)
}

// vpcAPI wraps a VPC API handler in the checks every VPC request passes: a
// request id, a project-scoped token, and the token's project in the path.
func (h *Handler) vpcAPI(fn echo.HandlerFunc) echo.HandlerFunc {
	return h.apiRequest(h.apiAuth(h.apiVPCAuth(fn)))
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
