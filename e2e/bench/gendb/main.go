// Command gendb generates the load test's database through the store
// package: the eu-de project with -small connections, the eu-nl project
// with -large connections (its quota raised the way an administrator
// would), and a project eu-de_load with a high quota for the create runs.
// It writes the IDs the load script needs as shell variables to -env.
//
// It is a benchmark tool, not part of the console. Generate on a tmpfs
// (the load script uses /dev/shm) so 100,000 fsync'd creates take seconds.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"dcconsole/store"
)

func main() {
	db := flag.String("db", "", "database file to create (must not exist)")
	env := flag.String("env", "", "file to write shell variables to")
	password := flag.String("admin-password", "bench-admin-password", "password of the admin user")
	small := flag.Int("small", 1_000, "connections in project eu-de")
	large := flag.Int("large", 100_000, "connections in project eu-nl")
	flag.Parse()
	if *db == "" || *env == "" {
		log.Fatal("usage: gendb -db FILE -env FILE [-small N] [-large N]")
	}
	if _, err := os.Stat(*db); err == nil {
		log.Fatalf("%s exists; gendb makes a new database", *db)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, *db)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	st.SetProvisionDelay(0) // generated connections are ACTIVE
	if _, err := st.Bootstrap(ctx, *password); err != nil {
		log.Fatal(err)
	}
	admin, err := st.Authenticate(ctx, "admin", *password)
	if err != nil {
		log.Fatal(err)
	}
	projects := map[string]store.Project{}
	ps, err := st.ProjectsForUser(ctx, admin.ID)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range ps {
		projects[p.Name] = p
	}
	load, err := st.CreateProject(ctx, "eu-de_load", "eu-de")
	if err != nil {
		log.Fatal(err)
	}
	if err := st.GrantProject(ctx, admin.ID, load.ID); err != nil {
		log.Fatal(err)
	}
	big := store.Quotas{Connections: 10_000_000, Gateways: 5, Interfaces: 50}
	for _, p := range []store.Project{projects["eu-nl"], load} {
		if err := st.SetQuotas(ctx, p.ID, big); err != nil {
			log.Fatal(err)
		}
	}
	if err := st.SetQuotas(ctx, projects["eu-de"].ID, store.Quotas{Connections: *small + 10, Gateways: 5, Interfaces: 50}); err != nil {
		log.Fatal(err)
	}
	first := map[string]string{}
	for _, job := range []struct {
		p store.Project
		n int
	}{{projects["eu-de"], *small}, {projects["eu-nl"], *large}} {
		start := time.Now()
		region, _ := store.RegionByID(job.p.Region)
		for i := range job.n {
			in := store.ConnectionInput{
				Name:         fmt.Sprintf("dc-%s-%06d", job.p.Name, i),
				Location:     region.Locations[i%len(region.Locations)],
				PeerLocation: "Customer-DC",
				Bandwidth:    store.BandwidthSteps[i%len(store.BandwidthSteps)],
				Description:  "Generated for the load test.",
			}
			c, _, err := st.CreateConnection(store.WithActor(ctx, "gendb"), job.p, in, "")
			if err != nil {
				log.Fatalf("project %s, connection %d: %v", job.p.Name, i, err)
			}
			first[job.p.Name] = c.ID // the newest: first on the list page
		}
		fmt.Fprintf(os.Stderr, "gendb: %d connections in %s in %s\n", job.n, job.p.Name, time.Since(start).Round(time.Millisecond))
	}
	out := fmt.Sprintf("ADMIN_PASSWORD=%q\nPROJECT_SMALL=%q\nPROJECT_LARGE=%q\nPROJECT_LOAD=%q\nCONNECTION_SMALL=%q\nCONNECTION_LARGE=%q\n",
		*password, "eu-de", "eu-nl", "eu-de_load", first["eu-de"], first["eu-nl"])
	if err := os.WriteFile(*env, []byte(out), 0o644); err != nil {
		log.Fatal(err)
	}
}
