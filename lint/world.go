package lint

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
)

// Scenario checks a scenario's world: every policy in it (AWS managed
// policies excepted: they are AWS's) and the security checklist; the
// world's reader has already checked IAM's quotas (policy sizes by where
// they are used, world.quota). src is the scenario file, to place
// findings about users and accounts.
func Scenario(s *world.Scenario, src []byte, cat *catalog.Catalog) []Finding {
	if cat == nil {
		cat = catalog.Load()
	}
	w := &worldLinter{s: s, cat: cat, loc: locate(src), done: map[*policy.Policy]bool{}}
	w.policies()
	w.checklist()
	w.external()
	Sort(w.out)
	return w.out
}

type worldLinter struct {
	report
	s    *world.Scenario
	cat  *catalog.Catalog
	loc  locations
	done map[*policy.Policy]bool
}

// trusted reports whether an account is in the zone of trust: the
// organization's accounts, or with no organization only itself.
func (w *worldLinter) trusted(owner string) func(string) bool {
	return func(acct string) bool {
		if acct == owner {
			return true
		}
		o := w.s.World.Org
		if o == nil {
			return false
		}
		return w.inOrg(acct) && w.inOrg(owner)
	}
}

func (w *worldLinter) inOrg(acct string) bool {
	o := w.s.World.Org
	if o == nil {
		return false
	}
	if acct == o.ManagementAccount {
		return true
	}
	for _, a := range w.s.World.Accounts {
		if a.ID == acct {
			return a.Node != nil
		}
	}
	return false
}

func (w *worldLinter) lint(p *policy.Policy, ctx Context) {
	if p == nil || w.done[p] {
		return
	}
	w.done[p] = true
	ctx.Catalog = w.cat
	w.out = append(w.out, Policy(p, ctx)...)
}

func (w *worldLinter) policies() {
	for _, a := range w.s.World.Accounts {
		ctx := Context{Account: a.ID, Trusted: w.trusted(a.ID)}
		for _, m := range a.Policies {
			w.lint(m.Policy, ctx)
		}
		for _, g := range a.Groups {
			for _, in := range g.Inline {
				w.lint(in.Policy, ctx)
			}
		}
		for _, u := range a.Users {
			for _, in := range u.Inline {
				w.lint(in.Policy, ctx)
			}
		}
		for _, r := range a.Roles {
			w.lint(r.Trust, ctx)
			for _, in := range r.Inline {
				w.lint(in.Policy, ctx)
			}
		}
		for _, r := range a.Resources {
			w.lint(r.Policy, ctx)
		}
	}
	if o := w.s.World.Org; o != nil {
		for _, name := range slices.Sorted(maps.Keys(o.Policies)) {
			w.lint(o.Policies[name].Policy, Context{})
		}
	}
	if ic := w.s.World.IdentityCenter; ic != nil {
		for _, ps := range ic.PermissionSets {
			w.lint(ps.Inline, Context{})
		}
	}
}

func (w *worldLinter) at(code, msg string, paths ...string) {
	sp, _ := w.loc.at(paths...)
	src := w.s.Source
	w.add(src, src.Span(sp[0], sp[1]), code, msg)
}

// checklist is SecureCart's security checklist (content/16): root without
// access keys and with MFA, MFA for console users, keys rotated within 90
// days and one active key per user, policies on groups rather than users.
func (w *worldLinter) checklist() {
	now, nowErr := time.Parse(time.RFC3339, w.s.World.Time)
	for i, a := range w.s.World.Accounts {
		acct := "world.accounts." + strconv.Itoa(i)
		if _, described := w.loc[acct+".root"]; described && !a.RootMFA {
			w.at("checklist.rootNoMFA", "the root user of account "+a.Label()+" has no MFA device; register one (ideally hardware) and lock the credentials away", acct+".root")
		}
		for _, k := range a.RootAccessKeys {
			if k.Active {
				w.at("checklist.rootAccessKeys", "the root user of account "+a.Label()+" has an active access key ("+k.ID+"); delete it: root keys cannot be limited by any policy", acct+".root.accessKeys", acct+".root")
				break
			}
		}
		for j, u := range a.Users {
			up := acct + ".users." + strconv.Itoa(j)
			if u.ConsolePassword && !u.MFA {
				w.at("checklist.consoleNoMFA", "user "+u.Name+" signs in to the console without MFA; register an MFA device and require it", up+".consolePassword", up)
			}
			if len(u.Managed)+len(u.Inline) > 0 {
				w.at("checklist.userPolicies", "user "+u.Name+" has policies of its own; attach them to a group (or give the user a role) so that permissions follow the job, not the person", up+".inlinePolicies", up+".managedPolicies", up)
			}
			active := 0
			for k, key := range u.AccessKeys {
				if !key.Active {
					continue
				}
				active++
				created, err := time.Parse(time.RFC3339, key.Created)
				if err == nil && nowErr == nil && now.Sub(created) > 90*24*time.Hour {
					days := int(now.Sub(created).Hours() / 24)
					w.at("checklist.oldAccessKey", "user "+u.Name+"'s access key "+key.ID+" is "+strconv.Itoa(days)+" days old; rotate keys within 90 days (better: use roles)", up+".accessKeys."+strconv.Itoa(k), up)
				}
			}
			if active > 1 {
				w.at("checklist.twoActiveKeys", "user "+u.Name+" has "+strconv.Itoa(active)+" active access keys; keep one (two only while rotating)", up+".accessKeys", up)
			}
		}
	}
}
