package report

import (
	"strings"

	"anketa/export"
	"anketa/questionnaire"
)

// placeCells are scale-answer cells per workplace (or any select_one's
// answer): found by the option's position, which the session's visit has
// looked up already, so that a million sessions hash no strings for it.
// A code the list no longer has goes to a map by the code itself.
type placeCells struct {
	size  int
	all   []scaleCell   // every session, whatever its place
	byPos [][]scaleCell // by option position + 1; 0 is no answer
	other map[string][]scaleCell
}

func newPlaceCells(size, options int) *placeCells {
	return &placeCells{size: size, byPos: make([][]scaleCell, options+1)}
}

// of is the cells of the place with option position pos, or of code
// when pos is -1 (not in the list; "" for no answer).
func (p *placeCells) of(pos int, code string) []scaleCell {
	if pos >= 0 || code == "" {
		cells := p.byPos[pos+1]
		if cells == nil {
			cells = make([]scaleCell, p.size)
			p.byPos[pos+1] = cells
		}
		return cells
	}
	cells := p.other[code]
	if cells == nil {
		if p.other == nil {
			p.other = map[string][]scaleCell{}
		}
		cells = make([]scaleCell, p.size)
		p.other[strings.Clone(code)] = cells // code may point into the store's memory
	}
	return cells
}

// overall is the cells every session counts in.
func (p *placeCells) overall() []scaleCell {
	if p.all == nil {
		p.all = make([]scaleCell, p.size)
	}
	return p.all
}

func addCells(into, from []scaleCell) []scaleCell {
	if into == nil {
		return from
	}
	for i := range into {
		into[i].n += from[i].n
		into[i].fav += from[i].fav
		into[i].m.merge(from[i].m)
	}
	return into
}

func (p *placeCells) merge(o *placeCells) {
	if o.all != nil {
		p.all = addCells(p.all, o.all)
	}
	for i, cells := range o.byPos {
		if cells != nil {
			p.byPos[i] = addCells(p.byPos[i], cells)
		}
	}
	for code, cells := range o.other {
		if p.other == nil {
			p.other = map[string][]scaleCell{}
		}
		p.other[code] = addCells(p.other[code], cells)
	}
}

// each calls fn with every place's code (NoAnswer for none) and cells;
// info is the column whose options the positions are of.
func (p *placeCells) each(info *colInfo, fn func(code string, cells []scaleCell)) {
	for i, cells := range p.byPos {
		if cells == nil {
			continue
		}
		code := NoAnswer
		if i > 0 {
			code = info.Options[i-1].Value
		}
		fn(code, cells)
	}
	for code, cells := range p.other {
		fn(code, cells)
	}
}

// placeOf is a session's place in column col: its option position, or
// -1 with the code when the code is not in the list, or -1 and "" for
// no answer (or no column).
func (c *collector) placeOf(x *export.Visit, col int) (int, string) {
	if col < 0 {
		return -1, ""
	}
	if p := c.pos[col]; p >= 0 {
		return p, ""
	}
	if v, asked := x.Value(col); asked && v.Kind == questionnaire.KindCode {
		return -1, v.Text
	}
	return -1, ""
}

// periodCells are placeCells per period, with the period last counted
// in at hand: sessions come in time order, so it changes seldom.
type periodCells struct {
	size, options int
	by            map[string]*placeCells
	key           string
	cur           *placeCells
}

func newPeriodCells(size, options int) *periodCells {
	return &periodCells{size: size, options: options, by: map[string]*placeCells{}}
}

func (p *periodCells) at(period string) *placeCells {
	if p.cur != nil && period == p.key {
		return p.cur
	}
	pc := p.by[period]
	if pc == nil {
		pc = newPlaceCells(p.size, p.options)
		p.by[period] = pc
	}
	p.key, p.cur = period, pc
	return pc
}

func (p *periodCells) merge(o *periodCells) {
	for k, pc := range o.by {
		if mine := p.by[k]; mine != nil {
			mine.merge(pc)
		} else {
			p.by[k] = pc
		}
	}
}

// flat lists the cells by place code and period; the overall cells, if
// any, under the group "".
func (p *periodCells) flat(info *colInfo) map[trendKey][]scaleCell {
	out := map[trendKey][]scaleCell{}
	for period, pc := range p.by {
		if pc.all != nil {
			out[trendKey{"", period}] = pc.all
		}
		if info != nil {
			pc.each(info, func(code string, cells []scaleCell) { out[trendKey{code, period}] = cells })
		}
	}
	return out
}
