package maywait

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
)

// A served request: the waiting function sends a request on an
// unbuffered channel and then waits for the reply (ingest <- dest;
// return <-result), and the peer sends the reply only after receiving a
// request (case dest := <-ingest: ...; result <- err). Once the request
// is sent, the peer has received it: what the peer takes before its
// receive is behind it, and only the locks it may take between its
// receive and its reply count for the reply's wait, and the replies to
// other requests (a monitor's other cases) are not its peers. (The
// send of the request is a wait of its own, with its own peers.)

// request returns the channel of a request the waiting function sends
// on every path just before op, a plain receive, when some send on op's
// channel comes after a receive from it (a reply); nil otherwise.
func (p *peers) request(op *chanflow.Op) *chanflow.Chan {
	if op.Kind != chanflow.Recv || op.Select != nil {
		return nil
	}
	for _, b := range op.Fn.Blocks {
		for _, x := range b.Instrs {
			req, ok := x.(*ssa.Send)
			if !ok || !blocks.Precedes(req, op.Instr) {
				continue
			}
			q := p.cf.ChanOf(req.Chan)
			if n, known := capOf(q); q == nil || !known || n != 0 {
				continue
			}
			for _, peer := range p.chanOf[op].Ops {
				if peer.Kind == chanflow.Send {
					if _, ok := p.recvBefore(q, peer.Instr); ok {
						return q
					}
				}
			}
		}
	}
	return nil
}

// servedNeeds returns the locks peer, a send on the channel op waits to
// receive from, may take between its receive of q, the request the
// waiting function sent just before op, and its send; false when the
// send does not come after such a receive: that peer serves another
// kind of request, and does not stand between this request and its
// reply.
func (p *peers) servedNeeds(op, peer *chanflow.Op, q *chanflow.Chan) ([]lockTake, bool) {
	if peer.Kind != chanflow.Send {
		return nil, false
	}
	from, ok := p.recvBefore(q, peer.Instr)
	if !ok {
		return nil, false
	}
	return p.takenWithin(from, peer.Instr, op.Fn), true
}

func capOf(c *chanflow.Chan) (int64, bool) {
	if c == nil || c.Open {
		return 0, false
	}
	return c.Cap()
}

// recvBefore returns the block that runs right after a receive from q
// in instr's function, when that block dominates instr: the case block
// of a select's receive, or the block of a plain receive.
func (p *peers) recvBefore(q *chanflow.Chan, instr ssa.Instruction) (*ssa.BasicBlock, bool) {
	for _, b := range instr.Parent().Blocks {
		for _, x := range b.Instrs {
			switch x := x.(type) {
			case *ssa.Select:
				cases := blocks.CaseBlocks(x)
				for i, st := range x.States {
					if st.Dir == types.RecvOnly && cases[i] != nil && p.cf.ChanOf(st.Chan) == q && cases[i].Dominates(instr.Block()) {
						return cases[i], true
					}
				}
			case *ssa.UnOp:
				if x.Op == token.ARROW && p.cf.ChanOf(x.X) == q && blocks.Precedes(x, instr) {
					return b, true
				}
			}
		}
	}
	return nil, false
}

// takenWithin returns the locks instr's function may take on a path
// from the entry of from, which dominates instr, to instr, without
// leaving the blocks from dominates.
func (p *peers) takenWithin(from *ssa.BasicBlock, instr ssa.Instruction, waiter *ssa.Function) []lockTake {
	in := func(next func(*ssa.BasicBlock) []*ssa.BasicBlock) func(*ssa.BasicBlock) []*ssa.BasicBlock {
		return func(b *ssa.BasicBlock) []*ssa.BasicBlock {
			var out []*ssa.BasicBlock
			for _, x := range next(b) {
				if from.Dominates(x) && x != from {
					out = append(out, x)
				}
			}
			return out
		}
	}
	to := instr.Block()
	after := blocks.Reachable(from, in(blocks.Succs))
	before := blocks.Reachable(to, in(blocks.Preds))
	var out takeSet
	scan := func(b *ssa.BasicBlock) {
		for _, x := range b.Instrs {
			if x == instr {
				return
			}
			out.add(p.instrTakes(x, waiter, false)...)
		}
	}
	scan(from)
	for b := range after {
		if before[b] || b == to {
			scan(b)
		}
	}
	return out.list
}
