package world

import (
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/internal/jsonpos"
	"github.com/iamplayground/iamplay/engine/policy"
)

// MaxSize is the largest scenario file Parse reads, in bytes.
const MaxSize = 4 << 20

// DefaultRegion and DefaultTime are the world's region and request time when
// the file does not give them.
const (
	DefaultRegion = "us-east-1"
	DefaultTime   = "2026-02-16T10:00:00Z"
)

// Parse reads a scenario file. Every problem is reported with its position
// in the file; the scenario is nil when there is any error (warnings alone
// do not stop it).
func Parse(name string, src []byte) (*Scenario, policy.ErrorList) {
	text := string(src)
	r := &reader{src: policy.NewSource(name, text), aws: map[string]*ManagedPolicy{}}
	if len(src) > MaxSize {
		r.errorf(0, 0, "world.tooLarge", "the file is "+strconv.Itoa(len(src))+" bytes; the largest accepted is "+strconv.Itoa(MaxSize))
		return nil, r.errs
	}
	v, jerr := jsonpos.ParseString(text)
	if jerr != nil {
		r.errorf(jerr.Offset, jerr.Offset+1, jerr.Code, jerr.Msg)
		return nil, r.errs
	}
	s := r.scenario(v)
	r.errs.Sort()
	if r.errs.HasErrors() {
		return nil, r.errs
	}
	return s, r.errs
}

func (r *reader) scenario(v *jsonpos.Value) *Scenario {
	if !r.object(v, "a scenario file") {
		return nil
	}
	r.fields(v, "the scenario", "id", "title", "summary", "explanation", "tags", "context", "world", "requests", "matrix")
	s := &Scenario{Source: r.src}
	s.ID = r.optStr(v, "id", "id")
	if s.ID == "" {
		s.ID = stem(r.src.Name)
	}
	s.Title = r.reqStr(v, "title", "the scenario")
	s.Summary = r.reqStr(v, "summary", "the scenario")
	if e := v.Get("explanation"); e != nil {
		if e.Kind == jsonpos.Array {
			s.Explanation = strings.Join(r.strListKeepEmpty(e, "explanation"), "\n")
		} else {
			s.Explanation = r.str(e, "explanation")
		}
	}
	s.Tags = r.strList(v.Get("tags"), "tags")
	s.Context = r.context(v.Get("context"), "context")
	wv := v.Get("world")
	if wv == nil {
		r.at(v, "world.missingField", "the scenario has no \"world\"")
		return nil
	}
	s.World = r.world(wv)
	if s.World == nil {
		return nil
	}
	names := map[string]bool{}
	given := r.list(v.Get("requests"), "requests")
	for _, it := range given {
		if req := r.request(it, names); req != nil {
			s.Requests = append(s.Requests, req)
		}
	}
	if m := v.Get("matrix"); m != nil && m.Kind != jsonpos.Null {
		s.Matrix = r.matrix(m, s, names)
	}
	if len(given) == 0 && v.Get("matrix") == nil {
		r.at(v, "world.noRequests", "the scenario has no requests and no matrix: nothing to check")
	}
	return s
}

func (r *reader) strListKeepEmpty(v *jsonpos.Value, what string) []string {
	var out []string
	for _, it := range v.Items {
		out = append(out, r.str(it, what+" lines"))
	}
	return out
}

func stem(name string) string {
	if i := strings.LastIndexAny(name, "/\\"); i >= 0 {
		name = name[i+1:]
	}
	return strings.TrimSuffix(name, ".json")
}

func (r *reader) world(v *jsonpos.Value) *World {
	if !r.object(v, "world") {
		return nil
	}
	r.fields(v, "the world", "region", "time", "organization", "accounts", "identityCenter")
	w := &World{Region: DefaultRegion, Time: DefaultTime, accounts: map[string]*Account{}}
	r.w = w
	if s := r.optStr(v, "region", "region"); s != "" {
		w.Region = s
	}
	if tv := v.Get("time"); tv != nil {
		s := r.str(tv, "time")
		if _, err := time.Parse(time.RFC3339, s); err != nil && s != "" {
			r.bad(tv, "world.badTime", "time "+q(s)+" is not an RFC 3339 time such as 2026-02-16T10:00:00Z")
		} else if s != "" {
			w.Time = s
		}
	}
	accts := r.list(v.Get("accounts"), "accounts")
	if len(accts) == 0 {
		r.at(v, "world.missingField", "the world has no \"accounts\"")
	}
	orgNodes := map[*Account]*jsonpos.Value{}
	for _, av := range accts {
		if a := r.declareAccount(av); a != nil {
			orgNodes[a] = av
		}
	}
	for _, a := range w.Accounts {
		r.account(orgNodes[a], a)
	}
	if ov := v.Get("organization"); ov != nil && ov.Kind != jsonpos.Null {
		w.Org = r.org(ov, orgNodes)
	}
	for a, av := range orgNodes {
		if a.Node == nil {
			for _, k := range []string{"scps", "rcps"} {
				if x := av.Get(k); x != nil {
					r.bad(x, "world.notInOrg", "account "+a.ID+" has "+k+" but is not placed in the organization")
				}
			}
		}
	}
	if ic := v.Get("identityCenter"); ic != nil && ic.Kind != jsonpos.Null {
		w.IdentityCenter = r.identityCenter(ic)
	}
	return w
}

func (r *reader) declareAccount(v *jsonpos.Value) *Account {
	if !r.object(v, "an account") {
		return nil
	}
	id := r.reqStr(v, "id", "an account")
	if id == "" {
		return nil
	}
	if !policy.IsAccountID(id) {
		r.bad(v.Get("id"), "world.badAccount", "account id "+q(id)+" must be 12 digits")
		return nil
	}
	if r.w.accounts[id] != nil {
		r.bad(v.Get("id"), "world.duplicate", "account "+id+" is declared twice")
		return nil
	}
	a := &Account{ID: id, Name: r.optStr(v, "name", "account name")}
	r.w.accounts[id] = a
	r.w.Accounts = append(r.w.Accounts, a)
	return a
}

func (r *reader) account(v *jsonpos.Value, a *Account) {
	r.fields(v, "account "+a.ID, "id", "name", "scps", "rcps", "root", "policies", "groups", "users", "roles", "instances", "functions", "resources", "vpcEndpoints")
	if rv := v.Get("root"); rv != nil && r.object(rv, "root") {
		r.fields(rv, "the root user", "mfa", "accessKeys")
		a.RootMFA, _ = r.boolean(rv, "mfa", "root")
		a.RootAccessKeys = r.accessKeys(rv.Get("accessKeys"))
	}
	for _, pv := range r.list(v.Get("policies"), "policies") {
		if !r.object(pv, "a customer-managed policy") {
			continue
		}
		r.fields(pv, "a customer-managed policy", "name", "path", "description", "document")
		name := r.reqStr(pv, "name", "a customer-managed policy")
		if name == "" {
			continue
		}
		if a.Policy(name) != nil {
			r.bad(pv.Get("name"), "world.duplicate", "account "+a.ID+" declares policy "+q(name)+" twice")
			continue
		}
		path := r.path(pv, "policy "+name)
		r.optStr(pv, "description", "description")
		d := pv.Get("document")
		if d == nil {
			r.at(pv, "world.missingField", "policy "+q(name)+" has no \"document\"")
			continue
		}
		if pol := r.doc(d, policy.Identity, "managed policy "+name); pol != nil {
			r.sizeQuota(d, "managed policy "+q(name), pol.Size(), maxManagedSize)
			a.Policies = append(a.Policies, &ManagedPolicy{ARN: "arn:aws:iam::" + a.ID + ":policy" + path + name, Name: name, Policy: pol})
		}
	}
	for _, gv := range r.list(v.Get("groups"), "groups") {
		r.group(gv, a)
	}
	for _, uv := range r.list(v.Get("users"), "users") {
		r.user(uv, a)
	}
	for _, rv := range r.list(v.Get("roles"), "roles") {
		r.role(rv, a)
	}
	for _, iv := range r.list(v.Get("instances"), "instances") {
		if !r.object(iv, "an instance") {
			continue
		}
		r.fields(iv, "an instance", "id", "name", "role")
		in := &Instance{ID: r.reqStr(iv, "id", "an instance"), Account: a}
		in.Name = r.optStr(iv, "name", "instance name")
		if !strings.HasPrefix(in.ID, "i-") && in.ID != "" {
			r.bad(iv.Get("id"), "world.badValue", "instance id "+q(in.ID)+" must start with \"i-\"")
		}
		if rv := iv.Get("role"); rv != nil && rv.Kind != jsonpos.Null {
			in.Role = r.roleRef(rv, a, "instance "+in.ID)
		}
		a.Instances = append(a.Instances, in)
	}
	for _, fv := range r.list(v.Get("functions"), "functions") {
		if !r.object(fv, "a function") {
			continue
		}
		r.fields(fv, "a function", "name", "role")
		f := &Function{Name: r.reqStr(fv, "name", "a function"), Account: a}
		if rv := fv.Get("role"); rv == nil {
			r.at(fv, "world.missingField", "function "+q(f.Name)+" has no \"role\": every Lambda function has an execution role")
		} else {
			f.Role = r.roleRef(rv, a, "function "+f.Name)
		}
		a.Functions = append(a.Functions, f)
	}
	for _, rv := range r.list(v.Get("resources"), "resources") {
		if !r.object(rv, "a resource") {
			continue
		}
		r.fields(rv, "a resource", "arn", "policy", "tags")
		res := &Resource{ARN: r.reqStr(rv, "arn", "a resource"), Account: a}
		if res.ARN == "" {
			continue
		}
		if msg := checkResourceARN(res.ARN, a.ID); msg != "" {
			r.bad(rv.Get("arn"), "world.badResource", msg)
			continue
		}
		if r.w.resource(res.ARN) != nil {
			r.bad(rv.Get("arn"), "world.duplicate", "resource "+res.ARN+" is declared twice")
			continue
		}
		if pv := rv.Get("policy"); pv != nil && pv.Kind != jsonpos.Null {
			res.Policy = r.doc(pv, policy.Resource, "resource policy of "+shortARN(res.ARN))
		}
		res.Tags = r.tags(rv.Get("tags"), "resource")
		a.Resources = append(a.Resources, res)
	}
	r.endpoints(v.Get("vpcEndpoints"), a)
}

func principalWord(k PrincipalKind) string {
	if k == PrincipalSAML {
		return "SAML"
	}
	return "web identity"
}

func checkResourceARN(arn, account string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] == "" {
		return "resource " + q(arn) + " is not an ARN (arn:partition:service:region:account:resource)"
	}
	if parts[4] != "" && parts[4] != account {
		return "resource " + arn + " names account " + parts[4] + " but is declared in account " + account
	}
	if parts[2] == "iam" && strings.HasPrefix(parts[5], "role/") {
		return "declare roles under \"roles\", not as resources"
	}
	return ""
}

// shortARN names an ARN briefly in policy names: the bucket, table or key.
func shortARN(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return arn
	}
	return parts[2] + " " + parts[5]
}

func (r *reader) accessKeys(v *jsonpos.Value) []AccessKey {
	var out []AccessKey
	for _, kv := range r.list(v, "accessKeys") {
		if !r.object(kv, "an access key") {
			continue
		}
		r.fields(kv, "an access key", "id", "status", "created", "lastUsed")
		k := AccessKey{ID: r.optStr(kv, "id", "access key id"), Active: true,
			Created: r.optStr(kv, "created", "created"), LastUsed: r.optStr(kv, "lastUsed", "lastUsed")}
		if sv := kv.Get("status"); sv != nil {
			switch s := r.str(sv, "status"); s {
			case "Active":
			case "Inactive":
				k.Active = false
			default:
				r.bad(sv, "world.badValue", "access key status must be \"Active\" or \"Inactive\"")
			}
		}
		out = append(out, k)
	}
	return out
}

func (r *reader) managedList(v *jsonpos.Value, a *Account, owner string) []*ManagedPolicy {
	var out []*ManagedPolicy
	if v != nil && v.Kind == jsonpos.Array && !r.quota(v, owner+"'s managedPolicies", len(v.Items), maxManaged) {
		return nil
	}
	for _, it := range r.list(v, owner+" managedPolicies") {
		if p := r.policyRef(it, a, "managed policy"); p != nil {
			out = append(out, p)
		}
	}
	return out
}

func (r *reader) group(v *jsonpos.Value, a *Account) {
	if !r.object(v, "a group") {
		return
	}
	if gv := v.Get("groups"); gv != nil {
		r.bad(gv, "world.nestedGroup", "a group cannot contain groups: IAM groups are not nestable, only users belong to groups")
	}
	r.fields(v, "a group", "name", "path", "managedPolicies", "inlinePolicies", "groups")
	name := r.reqStr(v, "name", "a group")
	if name == "" {
		return
	}
	if a.Group(name) != nil {
		r.bad(v.Get("name"), "world.duplicate", "account "+a.ID+" declares group "+q(name)+" twice")
		return
	}
	g := &Group{Name: name, Path: r.path(v, "group "+name), Account: a}
	g.Managed = r.managedList(v.Get("managedPolicies"), a, "group "+name)
	g.Inline = r.inline(v.Get("inlinePolicies"), "group "+name)
	r.inlineQuota(v.Get("inlinePolicies"), "group "+name, g.Inline, maxGroupInline)
	a.Groups = append(a.Groups, g)
}

func (r *reader) user(v *jsonpos.Value, a *Account) {
	if !r.object(v, "a user") {
		return
	}
	r.fields(v, "a user", "name", "path", "groups", "managedPolicies", "inlinePolicies", "permissionsBoundary", "tags", "mfa", "consolePassword", "accessKeys")
	name := r.reqStr(v, "name", "a user")
	if name == "" {
		return
	}
	if a.User(name) != nil {
		r.bad(v.Get("name"), "world.duplicate", "account "+a.ID+" declares user "+q(name)+" twice")
		return
	}
	u := &User{Name: name, Path: r.path(v, "user "+name), Account: a}
	for _, gv := range r.list(v.Get("groups"), "groups") {
		gn := r.str(gv, "group name")
		if gn == "" {
			continue
		}
		g := a.Group(gn)
		if g == nil {
			r.bad(gv, "world.unknownGroup", "group "+q(gn)+" does not exist in account "+a.Label())
			continue
		}
		u.Groups = append(u.Groups, g)
	}
	if len(u.Groups) > 10 {
		r.bad(v.Get("groups"), "world.quota", "user "+q(name)+" is in "+strconv.Itoa(len(u.Groups))+" groups; IAM allows a user in at most 10")
	}
	u.Managed = r.managedList(v.Get("managedPolicies"), a, "user "+name)
	u.Inline = r.inline(v.Get("inlinePolicies"), "user "+name)
	r.inlineQuota(v.Get("inlinePolicies"), "user "+name, u.Inline, maxUserInline)
	if bv := v.Get("permissionsBoundary"); bv != nil && bv.Kind != jsonpos.Null {
		u.Boundary = r.policyRef(bv, a, "permissions boundary")
	}
	u.Tags = r.tags(v.Get("tags"), "user")
	u.MFA, _ = r.boolean(v, "mfa", "user")
	u.ConsolePassword, _ = r.boolean(v, "consolePassword", "user")
	u.AccessKeys = r.accessKeys(v.Get("accessKeys"))
	if len(u.AccessKeys) > 2 {
		r.bad(v.Get("accessKeys"), "world.quota", "user "+q(name)+" has "+strconv.Itoa(len(u.AccessKeys))+" access keys; IAM allows at most 2")
	}
	a.Users = append(a.Users, u)
}

func (r *reader) role(v *jsonpos.Value, a *Account) {
	if !r.object(v, "a role") {
		return
	}
	r.fields(v, "a role", "name", "path", "description", "trustPolicy", "managedPolicies", "inlinePolicies", "permissionsBoundary", "tags", "maxSessionDuration")
	name := r.reqStr(v, "name", "a role")
	if name == "" {
		return
	}
	if a.Role(name) != nil {
		r.bad(v.Get("name"), "world.duplicate", "account "+a.ID+" declares role "+q(name)+" twice")
		return
	}
	ro := &Role{Name: name, Path: r.path(v, "role "+name), Account: a, MaxSession: 3600}
	ro.Description = r.optStr(v, "description", "description")
	if tv := v.Get("trustPolicy"); tv == nil {
		r.at(v, "world.missingField", "role "+q(name)+" has no \"trustPolicy\": a role needs one to say who may assume it")
	} else {
		ro.Trust = r.doc(tv, policy.Trust, "role "+name+" → trust policy")
		if ro.Trust != nil {
			r.sizeQuota(tv, "role "+q(name)+"'s trust policy", ro.Trust.Size(), maxTrustSize)
		}
	}
	ro.Managed = r.managedList(v.Get("managedPolicies"), a, "role "+name)
	ro.Inline = r.inline(v.Get("inlinePolicies"), "role "+name)
	r.inlineQuota(v.Get("inlinePolicies"), "role "+name, ro.Inline, maxRoleInline)
	if bv := v.Get("permissionsBoundary"); bv != nil && bv.Kind != jsonpos.Null {
		ro.Boundary = r.policyRef(bv, a, "permissions boundary")
	}
	ro.Tags = r.tags(v.Get("tags"), "role")
	if n, ok := r.integer(v, "maxSessionDuration", "role "+name, 3600, 43200); ok {
		ro.MaxSession = n
	}
	a.Roles = append(a.Roles, ro)
}

// roleRef resolves a role name (or ARN) in account a.
func (r *reader) roleRef(v *jsonpos.Value, a *Account, owner string) *Role {
	s := r.str(v, owner+" role")
	if s == "" {
		return nil
	}
	if strings.HasPrefix(s, "arn:") {
		ro := r.w.roleByARN(s)
		if ro == nil {
			r.bad(v, "world.unknownRole", "role "+s+" does not exist in the world")
		}
		return ro
	}
	ro := a.Role(s)
	if ro == nil {
		r.bad(v, "world.unknownRole", "role "+q(s)+" does not exist in account "+a.Label())
	}
	return ro
}

// roleByARN finds a role by its ARN (with or without its path).
func (w *World) roleByARN(arn string) *Role {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return nil
	}
	a := w.accounts[parts[4]]
	if a == nil {
		return nil
	}
	ro := a.Role(parts[5][strings.LastIndexByte(parts[5], '/')+1:])
	if ro == nil || (strings.Count(parts[5], "/") > 1 && ro.ARN() != arn) {
		return nil
	}
	return ro
}

// resource returns the declared resource with exactly this ARN.
func (w *World) resource(arn string) *Resource {
	for _, a := range w.Accounts {
		for _, res := range a.Resources {
			if res.ARN == arn {
				return res
			}
		}
	}
	return nil
}

// Built-in organization policies.
const fullAWSAccess = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`

func (r *reader) org(v *jsonpos.Value, accts map[*Account]*jsonpos.Value) *Org {
	if !r.object(v, "organization") {
		return nil
	}
	r.fields(v, "the organization", "id", "managementAccount", "policies", "root")
	o := &Org{ID: r.reqStr(v, "id", "the organization"), Policies: map[string]*OrgPolicy{}}
	if o.ID != "" && !strings.HasPrefix(o.ID, "o-") {
		r.bad(v.Get("id"), "world.badValue", "organization id "+q(o.ID)+" must start with \"o-\"")
	}
	full, _ := policy.Parse("FullAWSAccess", []byte(fullAWSAccess), policy.SCP)
	o.Policies["FullAWSAccess"] = &OrgPolicy{Name: "FullAWSAccess", Policy: full}
	for _, pv := range r.list(v.Get("policies"), "policies") {
		if !r.object(pv, "an organization policy") {
			continue
		}
		r.fields(pv, "an organization policy", "name", "type", "description", "document")
		name := r.reqStr(pv, "name", "an organization policy")
		typ := policy.SCP
		switch t := r.reqStr(pv, "type", "policy "+q(name)); t {
		case "scp", "":
		case "rcp":
			typ = policy.RCP
		default:
			r.bad(pv.Get("type"), "world.badValue", "organization policy type must be \"scp\" or \"rcp\"")
		}
		r.optStr(pv, "description", "description")
		if name == "" {
			continue
		}
		if o.Policies[name] != nil || name == "RCPFullAWSAccess" {
			r.bad(pv.Get("name"), "world.duplicate", "organization policy "+q(name)+" is declared twice (or is built in)")
			continue
		}
		d := pv.Get("document")
		if d == nil {
			r.at(pv, "world.missingField", "policy "+q(name)+" has no \"document\"")
			continue
		}
		if pol := r.doc(d, typ, name); pol != nil {
			r.sizeQuota(d, "organization policy "+q(name), pol.Size(), maxOrgSize)
			o.Policies[name] = &OrgPolicy{Name: name, Policy: pol}
		}
	}
	if mv := v.Get("managementAccount"); mv != nil {
		o.ManagementAccount = r.str(mv, "managementAccount")
		if r.w.accounts[o.ManagementAccount] == nil && o.ManagementAccount != "" {
			r.bad(mv, "world.unknownAccount", "management account "+o.ManagementAccount+" is not declared in \"accounts\"")
		}
	}
	rv := v.Get("root")
	if rv == nil {
		r.at(v, "world.missingField", "the organization has no \"root\"")
		return o
	}
	placed := map[string]bool{}
	o.Root = r.orgNode(rv, o, nil, NodeRoot, accts, placed)
	if o.ManagementAccount != "" && !placed[o.ManagementAccount] && r.w.accounts[o.ManagementAccount] != nil {
		r.bad(v.Get("managementAccount"), "world.notInOrg", "the management account "+o.ManagementAccount+" must be placed in the organization tree")
	}
	return o
}

func (r *reader) orgNode(v *jsonpos.Value, o *Org, parent *OrgNode, kind NodeKind, accts map[*Account]*jsonpos.Value, placed map[string]bool) *OrgNode {
	what := "the root"
	if kind == NodeOU {
		what = "an OU"
	}
	if !r.object(v, what) {
		return nil
	}
	n := &OrgNode{Kind: kind, Parent: parent}
	if kind == NodeRoot {
		r.fields(v, what, "id", "scps", "rcps", "accounts", "ous")
		n.ID = r.optStr(v, "id", "root id")
		if n.ID == "" {
			n.ID = "r-" + hexID(o.ID, 4)
		}
	} else {
		r.fields(v, what, "name", "id", "scps", "rcps", "accounts", "ous")
		n.Name = r.reqStr(v, "name", "an OU")
		n.ID = r.optStr(v, "id", "OU id")
		if n.ID == "" {
			n.ID = "ou-" + strings.TrimPrefix(rootID(parent), "r-") + "-" + hexID(n.Name, 8)
		}
	}
	if kind == NodeOU && ouDepth(n) > maxOUDepth {
		r.bad(v, "world.quota", "OU "+q(n.Name)+" is nested "+strconv.Itoa(ouDepth(n))+" levels below the root; AWS Organizations allows at most "+strconv.Itoa(maxOUDepth))
		return nil
	}
	n.SCPs, n.RCPs = r.orgPolicies(v, o, n)
	for _, av := range r.list(v.Get("accounts"), "accounts") {
		id := r.str(av, "account id")
		a := r.w.accounts[id]
		if a == nil {
			if id != "" {
				r.bad(av, "world.unknownAccount", "account "+q(id)+" is not declared in \"accounts\"")
			}
			continue
		}
		if placed[id] {
			r.bad(av, "world.duplicate", "account "+id+" is placed in the organization twice")
			continue
		}
		placed[id] = true
		an := &OrgNode{Kind: NodeAccount, ID: id, Name: a.Name, Parent: n}
		an.SCPs, an.RCPs = r.orgPolicies(accts[a], o, an)
		a.Node = an
		n.Children = append(n.Children, an)
	}
	for _, ov := range r.list(v.Get("ous"), "ous") {
		if c := r.orgNode(ov, o, n, NodeOU, accts, placed); c != nil {
			n.Children = append(n.Children, c)
		}
	}
	return n
}

// rootID is the id of the root above n (for generated OU ids).
func rootID(n *OrgNode) string {
	for n != nil && n.Parent != nil {
		n = n.Parent
	}
	if n == nil {
		return "r-0000"
	}
	return n.ID
}

// ouDepth is how many OU levels an OU is below the root (1 for a child).
func ouDepth(n *OrgNode) int {
	d := 0
	for ; n != nil && n.Kind == NodeOU; n = n.Parent {
		d++
	}
	return d
}

func (r *reader) orgPolicies(v *jsonpos.Value, o *Org, n *OrgNode) (scps, rcps []*OrgPolicy) {
	sv := v.Get("scps")
	for _, key := range []string{"scps", "rcps"} {
		if lv := v.Get(key); lv != nil && lv.Kind == jsonpos.Array && !r.quota(lv, "the node's "+key, len(lv.Items), maxOrgPolicies) {
			return nil, nil
		}
	}
	if sv == nil {
		scps = []*OrgPolicy{o.Policies["FullAWSAccess"]}
	}
	for _, it := range r.list(sv, "scps") {
		name := r.str(it, "SCP name")
		p := o.Policies[name]
		switch {
		case name == "":
		case p == nil:
			r.bad(it, "world.unknownPolicy", "SCP "+q(name)+" is not declared in the organization's \"policies\"")
		case p.Policy.Type != policy.SCP:
			r.bad(it, "world.badValue", q(name)+" is an RCP; attach it under \"rcps\"")
		default:
			scps = append(scps, p)
		}
	}
	for _, it := range r.list(v.Get("rcps"), "rcps") {
		name := r.str(it, "RCP name")
		p := o.Policies[name]
		switch {
		case name == "" || name == "RCPFullAWSAccess":
		case p == nil:
			r.bad(it, "world.unknownPolicy", "RCP "+q(name)+" is not declared in the organization's \"policies\"")
		case p.Policy.Type != policy.RCP:
			r.bad(it, "world.badValue", q(name)+" is an SCP; attach it under \"scps\"")
		default:
			rcps = append(rcps, p)
			o.hasRCP = true
		}
	}
	return scps, rcps
}

// hexID derives a stable lowercase hex id of n digits from s.
func hexID(s string, n int) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	x := strconv.FormatUint(h.Sum64(), 16)
	for len(x) < 16 {
		x = "0" + x
	}
	for len(x) < n {
		x += x
	}
	return x[:n]
}

// uniqueID derives a stable IAM unique id (AIDA…, AROA…) from an ARN.
func uniqueID(prefix, arn string) string {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	h := fnv.New64a()
	h.Write([]byte(arn))
	x := h.Sum64()
	b := []byte(prefix)
	for i := 0; i < 17; i++ {
		b = append(b, digits[x%32])
		x = x/32 ^ uint64(i)*0x9e3779b97f4a7c15
	}
	return string(b)
}

func (r *reader) identityCenter(v *jsonpos.Value) *IdentityCenter {
	if !r.object(v, "identityCenter") {
		return nil
	}
	r.fields(v, "identityCenter", "groups", "users", "permissionSets", "assignments")
	ic := &IdentityCenter{}
	groups := map[string]bool{}
	for _, gv := range r.list(v.Get("groups"), "groups") {
		g := r.str(gv, "group name")
		if groups[g] {
			r.bad(gv, "world.duplicate", "Identity Center group "+q(g)+" is declared twice")
		}
		groups[g] = true
		ic.Groups = append(ic.Groups, g)
	}
	users := map[string]bool{}
	for _, uv := range r.list(v.Get("users"), "users") {
		if !r.object(uv, "an Identity Center user") {
			continue
		}
		r.fields(uv, "an Identity Center user", "name", "groups")
		u := &ICUser{Name: r.reqStr(uv, "name", "an Identity Center user")}
		if u.Name != "" && users[u.Name] {
			r.bad(uv.Get("name"), "world.duplicate", "Identity Center user "+q(u.Name)+" is declared twice")
		}
		users[u.Name] = true
		for _, gv := range r.list(uv.Get("groups"), "groups") {
			g := r.str(gv, "group name")
			if !groups[g] {
				r.bad(gv, "world.unknownGroup", "Identity Center group "+q(g)+" is not declared in identityCenter.groups")
				continue
			}
			u.Groups = append(u.Groups, g)
		}
		ic.Users = append(ic.Users, u)
	}
	for _, pv := range r.list(v.Get("permissionSets"), "permissionSets") {
		if ps := r.permissionSet(pv, ic); ps != nil {
			ic.PermissionSets = append(ic.PermissionSets, ps)
		}
	}
	for _, av := range r.list(v.Get("assignments"), "assignments") {
		if !r.object(av, "an assignment") {
			continue
		}
		r.fields(av, "an assignment", "permissionSet", "group", "user", "accounts")
		as := &Assignment{}
		psName := r.reqStr(av, "permissionSet", "an assignment")
		as.PermissionSet = ic.permissionSet(psName)
		if as.PermissionSet == nil && psName != "" {
			r.bad(av.Get("permissionSet"), "world.unknownPermissionSet", "permission set "+q(psName)+" is not declared in identityCenter.permissionSets")
		}
		as.Group = r.optStr(av, "group", "group")
		as.User = r.optStr(av, "user", "user")
		switch {
		case (as.Group == "") == (as.User == ""):
			r.at(av, "world.badAssignment", "an assignment names exactly one of \"group\" and \"user\"")
		case as.Group != "" && !groups[as.Group]:
			r.bad(av.Get("group"), "world.unknownGroup", "Identity Center group "+q(as.Group)+" is not declared in identityCenter.groups")
		case as.User != "" && !users[as.User]:
			r.bad(av.Get("user"), "world.unknownUser", "Identity Center user "+q(as.User)+" is not declared in identityCenter.users")
		}
		for _, acv := range r.list(av.Get("accounts"), "accounts") {
			id := r.str(acv, "account id")
			a := r.w.accounts[id]
			if a == nil {
				if id != "" {
					r.bad(acv, "world.unknownAccount", "account "+q(id)+" is not declared in \"accounts\"")
				}
				continue
			}
			as.Accounts = append(as.Accounts, id)
			if as.PermissionSet != nil {
				r.ssoRole(acv, as.PermissionSet, a)
			}
		}
		ic.Assignments = append(ic.Assignments, as)
	}
	return ic
}

func (ic *IdentityCenter) permissionSet(name string) *PermissionSet {
	for _, ps := range ic.PermissionSets {
		if ps.Name == name {
			return ps
		}
	}
	return nil
}

func (ic *IdentityCenter) user(name string) *ICUser {
	for _, u := range ic.Users {
		if u.Name == name {
			return u
		}
	}
	return nil
}

func (r *reader) permissionSet(v *jsonpos.Value, ic *IdentityCenter) *PermissionSet {
	if !r.object(v, "a permission set") {
		return nil
	}
	r.fields(v, "a permission set", "name", "description", "managedPolicies", "customerManagedPolicies", "inlinePolicy", "permissionsBoundary", "sessionDuration")
	ps := &PermissionSet{Name: r.reqStr(v, "name", "a permission set"), SessionDuration: 3600, Roles: map[string]*Role{}}
	if ps.Name == "" {
		return nil
	}
	if ic.permissionSet(ps.Name) != nil {
		r.bad(v.Get("name"), "world.duplicate", "permission set "+q(ps.Name)+" is declared twice")
		return nil
	}
	r.optStr(v, "description", "description")
	for _, it := range r.list(v.Get("managedPolicies"), "managedPolicies") {
		s := r.str(it, "managed policy")
		if s == "" {
			continue
		}
		if !strings.HasPrefix(s, "arn:aws:iam::aws:policy/") {
			r.bad(it, "world.badPolicyRef", "a permission set's managedPolicies are AWS managed policy ARNs; list customer-managed policy names under \"customerManagedPolicies\"")
			continue
		}
		if p := r.awsManaged(it, s); p != nil {
			ps.Managed = append(ps.Managed, p)
		}
	}
	ps.CustomerManaged = r.strList(v.Get("customerManagedPolicies"), "customerManagedPolicies")
	if iv := v.Get("inlinePolicy"); iv != nil && iv.Kind != jsonpos.Null {
		ps.Inline = r.doc(iv, policy.Identity, "permission set "+ps.Name+" → inline policy")
	}
	if bv := v.Get("permissionsBoundary"); bv != nil && bv.Kind != jsonpos.Null {
		ps.Boundary = r.str(bv, "permissionsBoundary")
	}
	if n, ok := r.integer(v, "sessionDuration", "permission set "+ps.Name, 3600, 43200); ok {
		ps.SessionDuration = n
	}
	return ps
}

const ssoTrust = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::ACCOUNT:saml-provider/AWSSSO_HEX_DO_NOT_DELETE"
      },
      "Action": [
        "sts:AssumeRoleWithSAML",
        "sts:TagSession"
      ],
      "Condition": {
        "StringEquals": {
          "SAML:aud": "https://signin.aws.amazon.com/saml"
        }
      }
    }
  ]
}`

// ssoRole creates the AWSReservedSSO_ role of a permission set in an
// account, once.
func (r *reader) ssoRole(at *jsonpos.Value, ps *PermissionSet, a *Account) {
	if ps.Roles[a.ID] != nil {
		return
	}
	name := "AWSReservedSSO_" + ps.Name + "_" + hexID(ps.Name+"/"+a.ID, 16)
	ro := &Role{Name: name, Path: "/aws-reserved/sso.amazonaws.com/", Account: a, MaxSession: ps.SessionDuration, PermissionSet: ps,
		Description: "created by IAM Identity Center for permission set " + ps.Name}
	trust := strings.NewReplacer("ACCOUNT", a.ID, "HEX", hexID(a.ID, 16)).Replace(ssoTrust)
	ro.Trust, _ = policy.Parse(name+" trust policy", []byte(trust), policy.Trust)
	if ro.Trust != nil {
		ro.Trust.Name = "role " + name + " → trust policy"
	}
	ro.Managed = append(ro.Managed, ps.Managed...)
	for _, cm := range ps.CustomerManaged {
		p := a.Policy(cm)
		if p == nil {
			r.bad(at, "world.unknownPolicy", "permission set "+q(ps.Name)+" uses customer-managed policy "+q(cm)+", which is not declared in account "+a.Label()+"; Identity Center needs it in every assigned account")
			continue
		}
		ro.Managed = append(ro.Managed, p)
	}
	if ps.Inline != nil {
		ro.Inline = []*InlinePolicy{{Name: "AwsSSOInlinePolicy", Policy: ps.Inline}}
	}
	if ps.Boundary != "" {
		v := &jsonpos.Value{Kind: jsonpos.String, Text: ps.Boundary, Start: at.Start, End: at.End}
		ro.Boundary = r.policyRef(v, a, "permissions boundary of permission set "+ps.Name)
	}
	if a.Role(name) != nil {
		r.bad(at, "world.duplicate", "account "+a.ID+" already has a role named "+name)
		return
	}
	ps.Roles[a.ID] = ro
	a.Roles = append(a.Roles, ro)
}

var principalKinds = []string{"user", "root", "identityCenterUser", "instance", "function", "role", "service", "anonymous", "webIdentity", "saml"}

func (r *reader) principal(v *jsonpos.Value, where string) (Principal, bool) {
	var p Principal
	if v == nil {
		return p, false
	}
	if !r.object(v, where+" principal") {
		return p, false
	}
	r.fields(v, "a principal", "user", "root", "identityCenterUser", "permissionSet", "instance", "function", "role", "service", "anonymous",
		"account", "signIn", "mfa", "mfaAge", "sessionName", "webIdentity", "saml", "claims")
	kind := ""
	for _, k := range principalKinds {
		if v.Get(k) != nil {
			if kind != "" {
				r.at(v, "world.badPrincipal", where+": a principal is one of "+strings.Join(principalKinds, ", ")+"; this one has both "+q(kind)+" and "+q(k))
				return p, false
			}
			kind = k
		}
	}
	if kind == "" {
		r.at(v, "world.badPrincipal", where+": the principal names nobody; give one of "+strings.Join(principalKinds, ", "))
		return p, false
	}
	var acct *Account
	if av := v.Get("account"); av != nil {
		id := r.str(av, "account")
		acct = r.w.accounts[id]
		if acct == nil {
			r.bad(av, "world.unknownAccount", "account "+q(id)+" is not declared in \"accounts\"")
			return p, false
		}
	}
	kv := v.Get(kind)
	name := ""
	if kind != "anonymous" && kind != "root" {
		name = r.str(kv, kind)
		if name == "" {
			if kv.Kind == jsonpos.String {
				r.bad(kv, "world.empty", where+": "+kind+" is empty")
			}
			return p, false
		}
	}
	mfa, mfaGiven := r.boolean(v, "mfa", "the principal")
	p.MFAAge = 300
	if n, ok := r.integer(v, "mfaAge", "the principal", 0, 129600); ok {
		p.MFAAge = n
	}
	p.SessionName = r.optStr(v, "sessionName", "sessionName")
	ok := true
	switch kind {
	case "user":
		p.Kind = PrincipalUser
		u := r.findUser(kv, name, acct)
		if u == nil {
			return p, false
		}
		p.User, p.Account = u, u.Account
		p.SignIn = r.optStr(v, "signIn", "signIn")
		if p.SignIn == "" {
			p.SignIn = "accessKey"
			if u.ConsolePassword {
				p.SignIn = "console"
			}
		}
		active := false
		for _, k := range u.AccessKeys {
			active = active || k.Active
		}
		switch p.SignIn {
		case "console":
			if !u.ConsolePassword {
				r.bad(v.Get("signIn"), "world.noCredentials", "user "+q(name)+" has no console password, so cannot sign in to the console")
				ok = false
			}
		case "accessKey", "sessionToken":
			if !active {
				r.at(v, "world.noCredentials", "user "+q(name)+" has no active access key to sign requests with")
				ok = false
			}
		default:
			r.bad(v.Get("signIn"), "world.badValue", "signIn must be \"console\", \"accessKey\" or \"sessionToken\"")
			ok = false
		}
		p.MFA = u.MFA && p.SignIn != "accessKey"
		if mfaGiven {
			p.MFA = mfa
			switch {
			case mfa && !u.MFA:
				r.bad(v.Get("mfa"), "world.noMFADevice", "user "+q(name)+" has no MFA device (set \"mfa\": true on the user)")
				ok = false
			case mfa && p.SignIn == "accessKey":
				r.bad(v.Get("mfa"), "world.badValue", "a request signed with a long-term access key carries no MFA; use \"signIn\": \"sessionToken\" for MFA from the CLI")
				ok = false
			}
		}
	case "root":
		p.Kind = PrincipalRoot
		id := r.str(kv, "root")
		a := r.w.accounts[id]
		if a == nil {
			r.bad(kv, "world.unknownAccount", "account "+q(id)+" is not declared in \"accounts\"")
			return p, false
		}
		p.Account = a
		p.SignIn = "console"
		p.MFA = a.RootMFA
		if mfaGiven {
			p.MFA = mfa
			if mfa && !a.RootMFA {
				r.bad(v.Get("mfa"), "world.noMFADevice", "the root user of "+a.ID+" has no MFA device (set \"root\": {\"mfa\": true} on the account)")
				ok = false
			}
		}
	case "identityCenterUser":
		p.Kind = PrincipalIdentityCenter
		ic := r.w.IdentityCenter
		if ic == nil {
			r.bad(kv, "world.noIdentityCenter", "the world has no identityCenter")
			return p, false
		}
		p.ICUser = ic.user(name)
		if p.ICUser == nil {
			r.bad(kv, "world.unknownUser", "Identity Center user "+q(name)+" is not declared in identityCenter.users")
			ok = false
		}
		psv := v.Get("permissionSet")
		if psv == nil {
			r.at(v, "world.missingField", "an Identity Center sign-in names a \"permissionSet\"")
			return p, false
		}
		psn := r.str(psv, "permissionSet")
		p.PermSet = ic.permissionSet(psn)
		if p.PermSet == nil {
			r.bad(psv, "world.unknownPermissionSet", "permission set "+q(psn)+" is not declared in identityCenter.permissionSets")
			ok = false
		}
		if acct == nil {
			r.at(v, "world.missingField", "an Identity Center sign-in names the \"account\" to sign in to")
			return p, false
		}
		p.Account = acct
	case "instance":
		p.Kind = PrincipalInstance
		for _, a := range r.w.Accounts {
			if acct != nil && a != acct {
				continue
			}
			for _, in := range a.Instances {
				if in.ID == name || in.Name == name {
					if p.Instance != nil {
						r.bad(kv, "world.ambiguous", "more than one instance is called "+q(name)+"; give \"account\"")
						return p, false
					}
					p.Instance = in
				}
			}
		}
		if p.Instance == nil {
			r.bad(kv, "world.unknownInstance", "instance "+q(name)+" is not declared")
			return p, false
		}
		p.Account = p.Instance.Account
	case "function":
		p.Kind = PrincipalFunction
		for _, a := range r.w.Accounts {
			if acct != nil && a != acct {
				continue
			}
			for _, f := range a.Functions {
				if f.Name == name {
					if p.Function != nil {
						r.bad(kv, "world.ambiguous", "more than one function is called "+q(name)+"; give \"account\"")
						return p, false
					}
					p.Function = f
				}
			}
		}
		if p.Function == nil || p.Function.Role == nil {
			r.bad(kv, "world.unknownFunction", "function "+q(name)+" is not declared (with its role)")
			return p, false
		}
		p.Account = p.Function.Account
	case "role":
		p.Kind = PrincipalRole
		p.Role = r.findRole(kv, name, acct)
		if p.Role == nil {
			return p, false
		}
		p.Account = p.Role.Account
		if p.SessionName == "" {
			p.SessionName = "session"
		}
	case "service":
		p.Kind = PrincipalService
		if !strings.HasSuffix(name, ".amazonaws.com") {
			r.bad(kv, "world.badValue", "a service principal looks like \"cloudtrail.amazonaws.com\"")
			return p, false
		}
		p.Service = name
	case "anonymous":
		p.Kind = PrincipalAnonymous
		if kv.Kind != jsonpos.Bool || kv.Text != "true" {
			r.bad(kv, "world.badValue", "anonymous must be true")
			return p, false
		}
	case "webIdentity", "saml":
		ok = r.federated(v, kind, name, where, &p) && ok
	}
	return p, ok
}

func (r *reader) findUser(v *jsonpos.Value, name string, acct *Account) *User {
	return findNamed(r, v, "user", name, acct, (*Account).User)
}

func (r *reader) findRole(v *jsonpos.Value, name string, acct *Account) *Role {
	if strings.HasPrefix(name, "arn:") {
		ro := r.w.roleByARN(name)
		if ro == nil {
			r.bad(v, "world.unknownRole", "role "+name+" does not exist in the world")
		}
		return ro
	}
	return findNamed(r, v, "role", name, acct, (*Account).Role)
}

// findNamed finds a user or role by name: in acct when the request names
// an account, else in the one account that has it.
func findNamed[T any](r *reader, v *jsonpos.Value, kind, name string, acct *Account, in func(*Account, string) *T) *T {
	code := "world.unknown" + strings.ToUpper(kind[:1]) + kind[1:]
	if acct != nil {
		x := in(acct, name)
		if x == nil {
			r.bad(v, code, kind+" "+q(name)+" does not exist in account "+acct.Label())
		}
		return x
	}
	var found *T
	var foundIn *Account
	for _, a := range r.w.Accounts {
		if x := in(a, name); x != nil {
			if found != nil {
				r.bad(v, "world.ambiguous", kind+" "+q(name)+" exists in accounts "+foundIn.ID+" and "+a.ID+"; give \"account\"")
				return nil
			}
			found, foundIn = x, a
		}
	}
	if found == nil {
		r.bad(v, code, kind+" "+q(name)+" does not exist in any account")
	}
	return found
}

func (r *reader) assume(v *jsonpos.Value) *Assume {
	if !r.object(v, "an assume step") {
		return nil
	}
	r.fields(v, "an assume step", "role", "account", "sessionName", "externalId", "durationSeconds", "mfa", "sessionPolicy", "tags")
	as := &Assume{Duration: 3600, Span: r.span(v)}
	rv := v.Get("role")
	if rv == nil {
		r.at(v, "world.missingField", "an assume step names the \"role\" to assume")
		return nil
	}
	var acct *Account
	if av := v.Get("account"); av != nil {
		id := r.str(av, "account")
		if acct = r.w.accounts[id]; acct == nil {
			r.bad(av, "world.unknownAccount", "account "+q(id)+" is not declared in \"accounts\"")
			return nil
		}
	}
	name := r.str(rv, "role")
	if name == "" {
		if rv.Kind == jsonpos.String {
			r.bad(rv, "world.empty", "the role to assume is empty")
		}
		return nil
	}
	as.Role = r.findRole(rv, name, acct)
	as.SessionName = r.optStr(v, "sessionName", "sessionName")
	as.ExternalID = r.optStr(v, "externalId", "externalId")
	if dv := v.Get("durationSeconds"); dv != nil {
		n, err := strconv.Atoi(dv.Text)
		if dv.Kind != jsonpos.Number || err != nil || n <= 0 {
			r.bad(dv, "world.badType", "durationSeconds must be a positive whole number of seconds")
		} else {
			as.Duration = n
		}
	}
	as.MFA, _ = r.boolean(v, "mfa", "the assume step")
	if sv := v.Get("sessionPolicy"); sv != nil && sv.Kind != jsonpos.Null {
		as.SessionPolicy = r.doc(sv, policy.Session, "session policy")
	}
	as.Tags = r.tags(v.Get("tags"), "session")
	if as.Role == nil {
		return nil
	}
	return as
}

func (r *reader) expect(v *jsonpos.Value, what string) (engine.Decision, bool) {
	if v == nil {
		return 0, false
	}
	s := r.str(v, what)
	d, ok := engine.ParseDecision(s)
	if !ok && v.Kind == jsonpos.String {
		r.bad(v, "world.badExpect", what+" must be \"allowed\", \"explicitDeny\" or \"implicitDeny\", not "+q(s))
	}
	return d, ok
}

func (r *reader) request(v *jsonpos.Value, names map[string]bool) *Request {
	if !r.object(v, "a request") {
		return nil
	}
	r.fields(v, "a request", "name", "description", "principal", "assume", "action", "resource", "resourceOwner", "context", "via", "expect")
	req := &Request{Name: r.reqStr(v, "name", "a request"), Row: -1, Col: -1, Span: r.src.Span(v.Start, v.Start+1)}
	if req.Name == "" {
		return nil
	}
	if names[req.Name] {
		r.bad(v.Get("name"), "world.duplicate", "request "+q(req.Name)+" is declared twice")
	}
	names[req.Name] = true
	where := "request " + q(req.Name)
	req.Description = r.optStr(v, "description", "description")
	ok := true
	pv := v.Get("principal")
	if pv == nil {
		r.at(v, "world.missingField", where+" has no \"principal\"")
		ok = false
	} else {
		var pok bool
		if req.Principal, pok = r.principal(pv, where); !pok {
			ok = false
		}
	}
	if chain := v.Get("assume"); chain != nil && chain.Kind == jsonpos.Array && !r.quota(chain, where+"'s assume chain", len(chain.Items), maxAssumeChain) {
		return nil
	}
	for _, av := range r.list(v.Get("assume"), "assume") {
		if as := r.assume(av); as != nil {
			req.Assume = append(req.Assume, as)
		} else {
			ok = false
		}
	}
	if k := req.Principal.Kind; (k == PrincipalWebIdentity || k == PrincipalSAML) && len(req.Assume) == 0 && pv != nil {
		r.at(pv, "world.badPrincipal", where+": a "+principalWord(k)+" user can only assume a role: add an \"assume\" step (the request is then made by the role session)")
		ok = false
	}
	if !r.target(v, req, where) {
		ok = false
	}
	var vok bool
	if req.Via, vok = r.via(v.Get("via"), where); !vok {
		ok = false
	}
	ev := v.Get("expect")
	if ev == nil {
		r.at(v, "world.missingField", where+" has no \"expect\"")
		ok = false
	} else {
		var eok bool
		if req.Expect, eok = r.expect(ev, "expect"); !eok {
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return req
}

// target reads action, resource, resourceOwner and context.
func (r *reader) target(v *jsonpos.Value, req *Request, where string) bool {
	req.Action = r.reqStr(v, "action", where)
	req.Resource = r.reqStr(v, "resource", where)
	req.ResourceOwner = r.optStr(v, "resourceOwner", "resourceOwner")
	req.Context = r.context(v.Get("context"), "context")
	if req.Action == "" || req.Resource == "" {
		return false
	}
	_, err := engine.Prepare(engine.Request{Principal: "123456789012", Action: req.Action, Resource: req.Resource, ResourceOwner: req.ResourceOwner})
	if re, isRE := err.(*engine.RequestError); isRE {
		at := v.Get(re.Field)
		if at == nil {
			at = v
		}
		r.bad(at, "world.badRequest", where+": "+re.Msg)
		return false
	}
	if _, _, msg := r.w.owner(req.Resource, req.ResourceOwner); msg != "" {
		r.bad(v.Get("resource"), "world.unknownResource", where+": "+msg)
		return false
	}
	return true
}

func (r *reader) matrix(v *jsonpos.Value, s *Scenario, names map[string]bool) *Matrix {
	if !r.object(v, "matrix") {
		return nil
	}
	r.fields(v, "the matrix", "title", "rows", "columns", "expect")
	m := &Matrix{Title: r.optStr(v, "title", "title")}
	type row struct {
		p      Principal
		assume []*Assume
		ok     bool
	}
	var rows []row
	for _, rv := range r.list(v.Get("rows"), "rows") {
		if !r.object(rv, "a matrix row") {
			continue
		}
		r.fields(rv, "a matrix row", "label", "principal", "assume")
		label := r.reqStr(rv, "label", "a matrix row")
		rw := row{ok: true}
		if pv := rv.Get("principal"); pv == nil {
			r.at(rv, "world.missingField", "matrix row "+q(label)+" has no \"principal\"")
			rw.ok = false
		} else {
			rw.p, rw.ok = r.principal(pv, "matrix row "+q(label))
		}
		for _, av := range r.list(rv.Get("assume"), "assume") {
			if as := r.assume(av); as != nil {
				rw.assume = append(rw.assume, as)
			} else {
				rw.ok = false
			}
		}
		m.Rows = append(m.Rows, label)
		rows = append(rows, rw)
	}
	type col struct {
		req *Request
		ok  bool
	}
	var cols []col
	for _, cv := range r.list(v.Get("columns"), "columns") {
		if !r.object(cv, "a matrix column") {
			continue
		}
		r.fields(cv, "a matrix column", "label", "action", "resource", "resourceOwner", "context")
		label := r.reqStr(cv, "label", "a matrix column")
		c := col{req: &Request{}}
		c.ok = r.target(cv, c.req, "matrix column "+q(label))
		m.Columns = append(m.Columns, label)
		cols = append(cols, c)
	}
	ev := v.Get("expect")
	if ev == nil {
		r.at(v, "world.missingField", "the matrix has no \"expect\"")
		return m
	}
	erows := r.list(ev, "expect")
	if len(erows) != len(rows) {
		r.bad(ev, "world.matrixShape", "the matrix has "+strconv.Itoa(len(rows))+" rows but expect has "+strconv.Itoa(len(erows)))
		return m
	}
	m.Cells = make([][]*Request, len(rows))
	for i, er := range erows {
		cells := r.list(er, "an expect row")
		if len(cells) != len(cols) {
			r.bad(er, "world.matrixShape", "expect row "+strconv.Itoa(i+1)+" ("+m.Rows[i]+") has "+strconv.Itoa(len(cells))+" decisions but the matrix has "+strconv.Itoa(len(cols))+" columns")
			continue
		}
		m.Cells[i] = make([]*Request, len(cols))
		for j, cell := range cells {
			d, ok := r.expect(cell, "a matrix cell")
			if !ok || !rows[i].ok || !cols[j].ok {
				continue
			}
			c := cols[j].req
			req := &Request{Name: m.Rows[i] + " × " + m.Columns[j], Principal: rows[i].p, Assume: rows[i].assume,
				Action: c.Action, Resource: c.Resource, ResourceOwner: c.ResourceOwner, Context: c.Context,
				Expect: d, Row: i, Col: j, Span: r.span(cell)}
			if names[req.Name] {
				r.bad(cell, "world.duplicate", "request "+q(req.Name)+" is declared twice")
			}
			names[req.Name] = true
			m.Cells[i][j] = req
			s.Requests = append(s.Requests, req)
		}
	}
	return m
}
