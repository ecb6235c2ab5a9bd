package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Class limits.
const (
	ClassMinTrainees = 1
	ClassMaxTrainees = 200
)

// Class is a trainer's room of trainees, made in one step: each trainee is a
// user named <prefix>-NN with a project of their own.
type Class struct {
	ID        int64
	Name      string
	Region    string
	Prefix    string
	CreatedAt time.Time
	Trainees  int // members
	Disabled  int // members who are disabled
}

// ClassInput is what Create Class (console and command line) takes. An
// empty Prefix means the class name.
type ClassInput struct {
	Name   string
	Region string
	Count  int
	Prefix string
}

// Credential is one trainee's login, shown once when the class is made.
type Credential struct {
	User     string
	Password string
	Project  string
	Region   string
}

// ClassUserNames are the user names a class of count trainees with prefix
// gets: prefix-01 ... prefix-30 (three digits from 100 trainees on), so they
// sort in order.
func ClassUserNames(prefix string, count int) []string {
	width := classDigits(count)
	out := make([]string, count)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%0*d", prefix, width, i+1)
	}
	return out
}

// The rules of a class.
var (
	ruleClassRegion      = newRule("class.region.unknown", "DC.0001", 1)
	ruleClassCount       = newRule("class.count.range", "DC.0001", 2)
	ruleClassPrefix      = newRule("class.prefix.invalid", "DC.0001", 1)
	ruleClassExists      = newRule("class.name.taken", "DC.0001", 1)
	ruleClassPrefixTaken = newRule("class.prefix.taken", "DC.0001", 1)
)

func classDigits(count int) int { return max(2, len(strconv.Itoa(count))) }

// Validate checks a class's input: a name like every resource's, a region
// that exists, 1 to 200 trainees, and a prefix that makes valid user names.
// It returns the prefix to use.
func (in ClassInput) Validate() (prefix string, err error) {
	var fe fieldErrors
	checkName(&fe, AttrName, in.Name)
	if _, ok := RegionByID(in.Region); !ok {
		fe.add(ruleClassRegion.on(AttrRegion, in.Region))
	}
	if in.Count < ClassMinTrainees || in.Count > ClassMaxTrainees {
		fe.add(ruleClassCount.on(AttrCount, ClassMinTrainees, ClassMaxTrainees))
	}
	prefix = in.Prefix
	if prefix == "" {
		prefix = in.Name
	}
	// The longest user name (prefix, "-", the digits) must pass the user
	// name rule; with a count out of range, judge it for the largest class.
	count := in.Count
	if count < ClassMinTrainees || count > ClassMaxTrainees {
		count = ClassMaxTrainees
	}
	maxLen := 64 - 1 - classDigits(count)
	if in.Prefix != "" || !fe.has(AttrName) {
		if prefix == "" || len(prefix) > maxLen || !identOK(prefix) {
			fe.add(ruleClassPrefix.on(AttrPrefix, maxLen))
		}
	}
	if err := fe.err(); err != nil {
		return "", err
	}
	for _, n := range ClassUserNames(prefix, count) {
		checkUserName(&fe, AttrPrefix, n)
	}
	return prefix, fe.err()
}

// CreateClass makes a class: count trainees named <prefix>-NN, each with a
// generated password and a project of their own (<region>_<user>, holding
// VPC-001 with subnet-001, as every new project), granted to them and to
// every administrator. It is all or nothing: with invalid input, a user or
// project name already taken or a class of the same name (regardless of
// case), nothing is made. The passwords are returned once, in the order of
// the user names, and kept only as bcrypt hashes.
func (s *Store) CreateClass(ctx context.Context, in ClassInput) (Class, []Credential, error) {
	prefix, err := in.Validate()
	if err != nil {
		return Class{}, nil, err
	}
	names := ClassUserNames(prefix, in.Count)
	// Refuse taken names before hashing 200 passwords.
	if err := classNamesFree(ctx, s.r, in, names); err != nil {
		return Class{}, nil, err
	}
	creds := make([]Credential, len(names))
	hashes := make([][]byte, len(names))
	for i, n := range names {
		creds[i] = Credential{User: n, Password: newTraineePassword(), Project: in.Region + "_" + n, Region: in.Region}
	}
	if err := s.hashAll(creds, hashes); err != nil {
		return Class{}, nil, err
	}
	cl := Class{Name: in.Name, Region: in.Region, Prefix: prefix, Trainees: len(names)}
	err = s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		if err := classNamesFree(ctx, tx, in, names); err != nil {
			return err
		}
		now := s.now()
		cl.CreatedAt = fromMillis(millis(now))
		err := tx.QueryRowContext(ctx, `INSERT INTO classes (name, region, prefix, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			in.Name, in.Region, prefix, millis(now)).Scan(&cl.ID)
		if err != nil {
			return fmt.Errorf("store: create class: %w", err)
		}
		for i, cr := range creds {
			u, err := insertUser(ctx, tx, cr.User, hashes[i], false, millis(now))
			if err != nil {
				return err
			}
			p, err := s.createProject(ctx, tx, cr.Project, in.Region, millis(now))
			if err != nil {
				return err
			}
			if err := grantProject(ctx, tx, u.ID, p.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_projects (user_id, project_id) SELECT id, ? FROM users WHERE is_admin = 1 ON CONFLICT DO NOTHING`, p.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO class_members (class_id, seq, user_id, project_id) VALUES (?, ?, ?, ?)`, cl.ID, i+1, u.ID, p.ID); err != nil {
				return fmt.Errorf("store: create class: %w", err)
			}
			if err := s.logOp(ctx, tx, p.ID, ResProject, p.ID, p.Name, ActCreate, msg(keyLogForUser, cr.User)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Class{}, nil, err
	}
	return cl, creds, nil
}

// classNamesFree refuses a class whose name, user names or project names
// are taken (names regardless of case, as users are).
func classNamesFree(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, in ClassInput, names []string) error {
	var taken bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM classes WHERE lower(name) = lower(?))`, in.Name).Scan(&taken); err != nil {
		return fmt.Errorf("store: create class: %w", err)
	}
	if taken {
		return invalid(ruleClassExists.on(AttrName, in.Name))
	}
	lower := make([]any, 0, 2*len(names))
	projects := make([]any, 0, len(names))
	for _, n := range names {
		lower = append(lower, strings.ToLower(n))
		projects = append(projects, in.Region+"_"+n)
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(names)), ",")
	rows, err := q.QueryContext(ctx, `SELECT name FROM users WHERE lower(name) IN (`+marks+`)
		UNION ALL SELECT name FROM projects WHERE name IN (`+marks+`) ORDER BY 1 LIMIT 1`, append(lower, projects...)...)
	if err != nil {
		return fmt.Errorf("store: create class: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		return invalid(ruleClassPrefixTaken.on(AttrPrefix, n))
	}
	return rows.Err()
}

// hashAll hashes the credentials' passwords into hashes, on every core: 200
// bcrypt hashes take seconds, and the trainer waits for the page (within the
// server's 60-second write timeout) before the class logs in.
func (s *Store) hashAll(creds []Credential, hashes [][]byte) error {
	var wg sync.WaitGroup
	errs := make([]error, len(creds))
	next := make(chan int)
	for range max(runtime.GOMAXPROCS(0), 1) {
		wg.Go(func() {
			for i := range next {
				hashes[i], errs[i] = s.hashPassword(creds[i].Password)
			}
		})
	}
	for i := range creds {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// traineeAlphabet leaves out the letters and digits that look alike on
// paper (0 O o, 1 l I): 32 symbols, so one random byte gives one symbol
// without bias.
const traineeAlphabet = "abcdefghijkmnpqrstuvwxyz23456789"

// newTraineePassword makes a password for a printed card: three groups of
// four symbols (60 random bits), e.g. k7mp-x3qa-9tfe.
func newTraineePassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(traineeAlphabet[c&31])
	}
	return sb.String()
}

const classColumns = `c.id, c.name, c.region, c.prefix, c.created_at,
	(SELECT COUNT(*) FROM class_members m WHERE m.class_id = c.id),
	(SELECT COUNT(*) FROM class_members m JOIN users u ON u.id = m.user_id WHERE m.class_id = c.id AND u.disabled = 1)`

func scanClass(row interface{ Scan(...any) error }) (Class, error) {
	var c Class
	var created int64
	err := row.Scan(&c.ID, &c.Name, &c.Region, &c.Prefix, &created, &c.Trainees, &c.Disabled)
	c.CreatedAt = fromMillis(created)
	return c, err
}

// Classes lists every class by name.
func (s *Store) Classes(ctx context.Context) ([]Class, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+classColumns+` FROM classes c ORDER BY lower(c.name)`)
	if err != nil {
		return nil, fmt.Errorf("store: classes: %w", err)
	}
	defer rows.Close()
	var out []Class
	for rows.Next() {
		c, err := scanClass(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ClassByID returns a class. Returns ErrNotFound if there is none.
func (s *Store) ClassByID(ctx context.Context, id int64) (Class, error) {
	c, err := scanClass(s.r.QueryRowContext(ctx, `SELECT `+classColumns+` FROM classes c WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Class{}, ErrNotFound
	}
	if err != nil {
		return Class{}, fmt.Errorf("store: class %d: %w", id, err)
	}
	return c, nil
}

// Trainee is a member of a class: the user and their project.
type Trainee struct {
	Seq      int
	UserID   int64
	Name     string
	Disabled bool
	Project  Project
}

const traineeQuery = `SELECT m.seq, u.id, u.name, u.disabled, p.id, p.name, p.region
	FROM class_members m JOIN users u ON u.id = m.user_id JOIN projects p ON p.id = m.project_id`

func scanTrainee(row interface{ Scan(...any) error }) (Trainee, error) {
	var t Trainee
	err := row.Scan(&t.Seq, &t.UserID, &t.Name, &t.Disabled, &t.Project.ID, &t.Project.Name, &t.Project.Region)
	return t, err
}

// ClassTrainee returns the member of class classID whose user is userID.
// Returns ErrNotFound if that user is not in the class.
func (s *Store) ClassTrainee(ctx context.Context, classID, userID int64) (Trainee, error) {
	t, err := scanTrainee(s.r.QueryRowContext(ctx, traineeQuery+` WHERE m.class_id = ? AND m.user_id = ?`, classID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return Trainee{}, ErrNotFound
	}
	if err != nil {
		return Trainee{}, fmt.Errorf("store: class trainee: %w", err)
	}
	return t, nil
}

// Progress units: the five steps of the guide, then the failover drill run
// and restored.
const ProgressUnits = GuideSteps + 2

// TraineeProgress is one row of the class board.
type TraineeProgress struct {
	Trainee
	Guide GuideProgress
	// DrillRun: a connection was failed (Simulate Failure); DrillRestored:
	// a restore came after the last failure.
	DrillRun, DrillRestored bool
	// Refusals counts the trainee's operations the rules refused.
	Refusals int
	// LastAction is the time of the trainee's last logged operation (zero:
	// none).
	LastAction time.Time
}

// Units is how many of the ProgressUnits the trainee has done.
func (t TraineeProgress) Units() int {
	n := t.Guide.StepsDone()
	if t.DrillRun {
		n++
	}
	if t.DrillRestored {
		n++
	}
	return n
}

// Percent is the trainee's progress in percent.
func (t TraineeProgress) Percent() int { return t.Units() * 100 / ProgressUnits }

// ClassBoard is what the trainer's board shows of a class.
type ClassBoard struct {
	Class    Class
	Trainees []TraineeProgress // by user name
	At       time.Time         // when it was read
}

// Percent is the class's progress: all units done by all trainees.
func (b ClassBoard) Percent() int {
	if len(b.Trainees) == 0 {
		return 0
	}
	n := 0
	for _, t := range b.Trainees {
		n += t.Units()
	}
	return n * 100 / (ProgressUnits * len(b.Trainees))
}

// Board sorts.
const (
	BoardByName     = "name"
	BoardByProgress = "progress"
	BoardByActivity = "activity"
)

// Sort orders the rows by name, progress or last activity, ascending or
// descending; ties keep the order of the names.
func (b ClassBoard) Sort(by string, desc bool) {
	less := func(a, c TraineeProgress) int {
		switch by {
		case BoardByProgress:
			return a.Units() - c.Units()
		case BoardByActivity:
			return a.LastAction.Compare(c.LastAction)
		}
		return a.Seq - c.Seq
	}
	sort.SliceStable(b.Trainees, func(i, j int) bool {
		d := less(b.Trainees[i], b.Trainees[j])
		if d == 0 {
			return b.Trainees[i].Seq < b.Trainees[j].Seq
		}
		if desc {
			return d > 0
		}
		return d < 0
	})
}

// inClass selects the projects of class ? (used as "project_id IN (...)").
const inClass = `SELECT project_id FROM class_members WHERE class_id = ?`

// Board reads the class board in a fixed number of statements, whatever
// the number of trainees: the class, its members, then every connection,
// gateway and interface of their projects, and one summary of their
// operations logs. Each trainee's steps and verdict are judged with
// NewGuideProgress, as their own guide page does. Returns ErrNotFound if
// there is no such class.
//
// The operations count from the project's last reset: a reset project
// starts the scenario again.
func (s *Store) Board(ctx context.Context, classID int64) (ClassBoard, error) {
	cl, err := s.ClassByID(ctx, classID)
	if err != nil {
		return ClassBoard{}, err
	}
	b := ClassBoard{Class: cl, At: s.now().UTC()}
	rows, err := s.r.QueryContext(ctx, traineeQuery+` WHERE m.class_id = ? ORDER BY m.seq`, classID)
	if err != nil {
		return ClassBoard{}, fmt.Errorf("store: board: %w", err)
	}
	for rows.Next() {
		t, err := scanTrainee(rows)
		if err != nil {
			rows.Close()
			return ClassBoard{}, err
		}
		b.Trainees = append(b.Trainees, TraineeProgress{Trainee: t})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ClassBoard{}, err
	}

	conns := map[string][]Connection{}
	err = s.each(ctx, `SELECT `+connectionColumns+` FROM connections c WHERE c.project_id IN (`+inClass+`)
		ORDER BY c.project_id, c.created_at DESC, c.id`, classID, func(r *sql.Rows) error {
		c, err := scanConnection(r)
		conns[c.ProjectID] = append(conns[c.ProjectID], c)
		return err
	})
	if err != nil {
		return ClassBoard{}, err
	}
	gws := map[string][]Gateway{}
	err = s.each(ctx, `SELECT `+gatewayColumns+gatewayFrom+` WHERE g.project_id IN (`+inClass+`)
		ORDER BY g.project_id, g.created_at DESC, g.id`, classID, func(r *sql.Rows) error {
		g, err := scanGateway(r)
		gws[g.ProjectID] = append(gws[g.ProjectID], g)
		return err
	})
	if err != nil {
		return ClassBoard{}, err
	}
	vifs := map[string][]VirtualInterface{} // by gateway
	err = s.each(ctx, `SELECT `+interfaceColumns+interfaceFrom+` WHERE v.project_id IN (`+inClass+`)
		ORDER BY v.gateway_id, c.location, v.created_at`, classID, func(r *sql.Rows) error {
		v, err := scanInterface(r)
		vifs[v.GatewayID] = append(vifs[v.GatewayID], v)
		return err
	})
	if err != nil {
		return ClassBoard{}, err
	}
	type opsSummary struct {
		refusals          int
		lastFail, lastRes sql.NullInt64
		lastAt            sql.NullInt64
	}
	ops := map[string]opsSummary{}
	err = s.each(ctx, `SELECT m.project_id,
			COUNT(CASE WHEN (o.result = 'refused' OR o.result LIKE 'refused:%') AND o.user_name = u.name THEN 1 END),
			MAX(CASE WHEN o.action = 'fail' AND o.result = 'success' THEN o.id END),
			MAX(CASE WHEN o.action = 'restore' AND o.result = 'success' THEN o.id END),
			MAX(CASE WHEN o.user_name = u.name THEN o.at END)
		FROM class_members m JOIN users u ON u.id = m.user_id
		JOIN operations o ON o.project_id = m.project_id
			AND o.id > COALESCE((SELECT MAX(r.id) FROM operations r WHERE r.project_id = m.project_id AND r.action = 'reset'), 0)
		WHERE m.class_id = ? GROUP BY m.project_id`, classID, func(r *sql.Rows) error {
		var pid string
		var o opsSummary
		err := r.Scan(&pid, &o.refusals, &o.lastFail, &o.lastRes, &o.lastAt)
		ops[pid] = o
		return err
	})
	if err != nil {
		return ClassBoard{}, err
	}

	for i := range b.Trainees {
		t := &b.Trainees[i]
		pid := t.Project.ID
		t.Guide = NewGuideProgress(conns[pid], gws[pid], vifs)
		o := ops[pid]
		t.Refusals = o.refusals
		t.DrillRun = o.lastFail.Valid
		t.DrillRestored = o.lastFail.Valid && o.lastRes.Valid && o.lastRes.Int64 > o.lastFail.Int64
		if o.lastAt.Valid {
			t.LastAction = fromMillis(o.lastAt.Int64)
		}
	}
	return b, nil
}

// each runs a query with one argument on the reader pool and calls fn for
// every row.
func (s *Store) each(ctx context.Context, query string, arg any, fn func(*sql.Rows) error) error {
	rows, err := s.r.QueryContext(ctx, query, arg)
	if err != nil {
		return fmt.Errorf("store: board: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("store: board: %w", err)
		}
	}
	return rows.Err()
}

// ResetClass returns every trainee's project of the class to its fresh
// state (as ResetProject, in one transaction; each reset is logged in the
// project's operations log). It returns the number of projects reset.
func (s *Store) ResetClass(ctx context.Context, classID int64) (int, error) {
	n := 0
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		if err := classExists(ctx, tx, classID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.name, p.region FROM class_members m JOIN projects p ON p.id = m.project_id
			WHERE m.class_id = ? ORDER BY m.seq`, classID)
		if err != nil {
			return err
		}
		var ps []Project
		for rows.Next() {
			var p Project
			if err := rows.Scan(&p.ID, &p.Name, &p.Region); err != nil {
				rows.Close()
				return err
			}
			ps = append(ps, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range ps {
			if err := s.resetProject(ctx, tx, p); err != nil {
				return err
			}
		}
		n = len(ps)
		return nil
	})
	return n, err
}

// SetClassDisabled disables (or enables) every trainee of the class, as
// SetUserDisabled does one user: disabling ends their sessions and revokes
// their API tokens.
func (s *Store) SetClassDisabled(ctx context.Context, classID int64, disabled bool) error {
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		if err := classExists(ctx, tx, classID); err != nil {
			return err
		}
		return setUsersDisabled(ctx, tx, disabled, `SELECT user_id FROM class_members WHERE class_id = ?`, classID)
	})
}

func classExists(ctx context.Context, tx *writeTx, classID int64) error {
	var ok bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM classes WHERE id = ?)`, classID).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return ErrNotFound
	}
	return nil
}

// ClassContents counts what deleting a class deletes.
type ClassContents struct {
	Trainees, Projects, Connections, Gateways, Interfaces, VPCs, Subnets int
}

const classContentsQuery = `SELECT
	(SELECT COUNT(*) FROM class_members WHERE class_id = ?),
	(SELECT COUNT(*) FROM projects WHERE id IN (` + inClass + `)),
	(SELECT COUNT(*) FROM connections WHERE project_id IN (` + inClass + `)),
	(SELECT COUNT(*) FROM virtual_gateways WHERE project_id IN (` + inClass + `)),
	(SELECT COUNT(*) FROM virtual_interfaces WHERE project_id IN (` + inClass + `)),
	(SELECT COUNT(*) FROM vpcs WHERE project_id IN (` + inClass + `)),
	(SELECT COUNT(*) FROM subnets WHERE project_id IN (` + inClass + `))`

func scanContents(row *sql.Row) (ClassContents, error) {
	var c ClassContents
	err := row.Scan(&c.Trainees, &c.Projects, &c.Connections, &c.Gateways, &c.Interfaces, &c.VPCs, &c.Subnets)
	return c, err
}

func sevenTimes(id int64) []any { return []any{id, id, id, id, id, id, id} }

// ClassContents counts the class's trainees, projects and resources.
// Returns ErrNotFound if there is no such class.
func (s *Store) ClassContents(ctx context.Context, classID int64) (Class, ClassContents, error) {
	cl, err := s.ClassByID(ctx, classID)
	if err != nil {
		return Class{}, ClassContents{}, err
	}
	n, err := scanContents(s.r.QueryRowContext(ctx, classContentsQuery, sevenTimes(classID)...))
	return cl, n, err
}

// DeleteClass deletes the class, its trainees (users, with their sessions
// and API tokens), their projects with every resource and operations log
// entry, all in one transaction. It returns what was deleted.
func (s *Store) DeleteClass(ctx context.Context, classID int64) (Class, ClassContents, error) {
	var cl Class
	var n ClassContents
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		var err error
		if cl, err = scanClass(tx.QueryRowContext(ctx, `SELECT `+classColumns+` FROM classes c WHERE c.id = ?`, classID)); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if n, err = scanContents(tx.QueryRowContext(ctx, classContentsQuery, sevenTimes(classID)...)); err != nil {
			return err
		}
		// The members' users and projects, read first: deleting either
		// takes the membership rows with it.
		users, err := idList(ctx, tx, `SELECT user_id FROM class_members WHERE class_id = ?`, classID)
		if err != nil {
			return err
		}
		projects, err := idList(ctx, tx, `SELECT project_id FROM class_members WHERE class_id = ?`, classID)
		if err != nil {
			return err
		}
		pin := `(` + strings.TrimSuffix(strings.Repeat("?,", len(projects)), ",") + `)`
		uin := `(` + strings.TrimSuffix(strings.Repeat("?,", len(users)), ",") + `)`
		// Children before parents: the foreign keys between resources do
		// not cascade.
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`DELETE FROM virtual_interfaces WHERE project_id IN ` + pin, projects},
			{`DELETE FROM virtual_gateways WHERE project_id IN ` + pin, projects},
			{`DELETE FROM endpoint_groups WHERE project_id IN ` + pin, projects},
			{`DELETE FROM connections WHERE project_id IN ` + pin, projects},
			{`DELETE FROM subnets WHERE project_id IN ` + pin, projects},
			{`DELETE FROM vpcs WHERE project_id IN ` + pin, projects},
			{`DELETE FROM projects WHERE id IN ` + pin, projects}, // operations, grants, tokens cascade
			{`DELETE FROM users WHERE id IN ` + uin, users},       // sessions, tokens cascade
			{`DELETE FROM classes WHERE id = ?`, []any{classID}},
		} {
			if len(q.args) == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
				return fmt.Errorf("store: delete class: %w", err)
			}
		}
		return nil
	})
	return cl, n, err
}

// idList reads one column of IDs.
func idList(ctx context.Context, tx *writeTx, query string, args ...any) ([]any, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []any
	for rows.Next() {
		var id any
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
