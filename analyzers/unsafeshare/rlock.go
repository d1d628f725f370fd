package unsafeshare

import (
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	ssaaccess "github.com/asynclint/asynclint/passes/access"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/refs"

	"github.com/asynclint/asynclint/passes/model"
)

// readLocked reports a write to shared memory (a field, a package
// variable, a map element) made while the only locks held are read
// locks: the read lock admits other holders at once, so two of them
// write, or one writes while another reads, with nothing ordering them.
//
// That needs two goroutines that may hold the read lock at once: the
// write is run by a goroutine the package starts on an object from
// outside it (so the package shares the object between goroutines), or
// reaches its object through a package variable. A method only the package's callers run, on an
// object of their own, is not proof: a type documented as not for
// concurrent use (database/sql's Rows) takes its read lock only against
// a concurrent Close, which holds the write lock.
func (r *racer) readLocked() {
	for _, fn := range r.prog.Funcs {
		ctxs := r.runs[fn]
		if len(ctxs) == 0 || isInit(fn) {
			continue
		}
		seen := make(map[string]bool)
		for _, a := range r.acc.Of(fn) {
			if !a.Write || a.Atomic || a.Ref.Class == "" || r.ignored(a) || r.fresh(a) || r.madeHere(a) {
				continue
			}
			if _, global := a.Ref.Root.(*ssa.Global); !global && !slices.ContainsFunc(ctxs, func(c *chanflow.Start) bool {
				if c == nil {
					return false
				}
				root := r.object(occ{a, c}).Root
				if in, ok := root.(ssa.Instruction); ok && in.Parent() == c.In && !r.multi[c] {
					return false // the starter's own object, for one goroutine
				}
				return root != nil
			}) {
				// Only the callers run it, or goroutines on objects of
				// their own, or one goroutine on an object its starter
				// made (a test's rows scanned in the background): no
				// proof of two readers.
				continue
			}
			k := accessKey(a)
			if seen[k] || r.reportedRoot[a.Ref.Root] {
				continue
			}
			for _, ctx := range ctxs {
				held := r.heldAt(a.Instr, ctx)
				if len(held) == 0 || slices.Contains(slices.Collect(maps.Values(held)), model.Exclusive) {
					continue
				}
				if !guards(held, a) {
					continue // the read lock is another object's
				}
				seen[k] = true
				if r.c.reportedLine(a.Pos) {
					break
				}
				r.c.reportf(a.Pos, "%s is %s here while only the read lock %s is held: other holders of the read lock run at the same time, so this write races with them; take the write lock",
					r.name(a), verb(true), lockNames(held))
				break
			}
		}
	}
}

// madeHere reports whether a writes an object its own function made (a
// value built by a constructor of the package, a copy being filled under
// the read lock of the original): whatever the constructor did with it,
// the other holders of the read lock are not its writers.
func (r *racer) madeHere(a *ssaaccess.Access) bool {
	root, ok := a.Ref.Root.(ssa.Instruction)
	if !ok || root.Parent() != a.Fn {
		return false
	}
	v, ok := root.(ssa.Value)
	return ok && r.made(v, 0)
}

// guards reports whether one of the held locks is a field of the object
// whose memory a writes (fs.mu for fs.state.n): the lock that guards it.
// A write to another object (a caller's out-parameter, a local struct
// being filled) is not what the read lock serializes.
func guards(held locks, a *ssaaccess.Access) bool {
	if a.Ref.Root == nil {
		return false
	}
	if _, global := a.Ref.Root.(*ssa.Global); global {
		// An object found through a package variable (refs roots
		// s := table[k] there) is guarded by a package-level lock.
		for k := range held {
			if !strings.HasPrefix(k, "(") && !strings.HasPrefix(k, "0x") {
				return true
			}
		}
	}
	n := model.NamedOf(deref(a.Ref.Root.Type()))
	if n == nil || n.Pkg() == nil {
		return false
	}
	owner := refs.TypeOwner(n) + "."
	for k := range held {
		if strings.HasPrefix(k, owner) {
			return true
		}
	}
	return false
}
