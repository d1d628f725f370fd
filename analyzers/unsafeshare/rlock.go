package unsafeshare

import (
	"maps"
	"slices"

	"github.com/asynclint/asynclint/passes/model"
)

// readLocked reports a write to shared memory (a field, a package
// variable, a map element) made while the only locks held are read
// locks: the read lock admits other holders at once, so two of them
// write, or one writes while another reads, with nothing ordering them.
func (r *racer) readLocked() {
	for _, fn := range r.prog.Funcs {
		ctxs := r.runs[fn]
		if len(ctxs) == 0 || isInit(fn) {
			continue
		}
		seen := make(map[string]bool)
		for _, a := range r.acc.Of(fn) {
			if !a.Write || a.Atomic || a.Ref.Class == "" || r.ignored(a) || r.fresh(a) {
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
