package generator

import (
	"errors"
	"maps"
	"slices"

	"github.com/docproof/docproof/generator/cache"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/sample"
)

// The records of the disk stores (generator/diskstore.go): the stages'
// values in a form gob encodes, and the codecs between them.

// gobCodec is a cache.Codec that encodes a V as its record D with gob.
type gobCodec[V, D any] struct {
	to   func(V) D
	from func(D) (V, error)
}

// Append implements cache.Codec.
func (c gobCodec[V, D]) Append(buf []byte, v V) ([]byte, error) {
	return cache.Gob[D]{}.Append(buf, c.to(v))
}

// Decode implements cache.Codec.
func (c gobCodec[V, D]) Decode(data []byte) (V, error) {
	d, err := cache.Gob[D]{}.Decode(data)
	if err != nil {
		var zero V
		return zero, err
	}
	return c.from(d)
}

// diskRender is a rendered page and the Markdown it was rendered from
// (Page.Data, kept once, as Src).
type diskRender struct {
	Hash, Variant string
	Src           []byte
	Page          *markdown.Page
	Diags         diag.List
	IDs           []string   // Page.IDs, sorted (gob encodes a map at twice the cost of the rest of the record)
	AttrValues    [][]string // per code block: Attrs.Values in Attrs.Keys order, when the map is left out (nil)
}

// renderCodec encodes the render stage's values.
func renderCodec() gobCodec[markdown.CacheEntry, diskRender] {
	return gobCodec[markdown.CacheEntry, diskRender]{to: toDiskRender, from: fromDiskRender}
}

func toDiskRender(v markdown.CacheEntry) diskRender {
	d := diskRender{Hash: v.Hash, Variant: v.Variant, Src: v.Src, Diags: v.Result.Diags}
	if p := v.Result.Page; p != nil {
		lean := *p // a copy: cached pages are never modified
		lean.Data, lean.IDs = nil, nil
		d.Page = &lean
		d.IDs = slices.Sorted(maps.Keys(p.IDs)) // every value is true
		lean.Blocks, d.AttrValues = leanBlocks(p.Blocks)
	}
	return d
}

func fromDiskRender(d diskRender) (markdown.CacheEntry, error) {
	v := markdown.CacheEntry{Hash: d.Hash, Variant: d.Variant, Src: d.Src, Result: markdown.Rendered{Page: d.Page, Diags: d.Diags}}
	if p := d.Page; p != nil {
		if len(d.IDs) > 0 {
			p.IDs = make(map[string]bool, len(d.IDs))
			for _, id := range d.IDs {
				p.IDs[id] = true
			}
		}
		if !restoreAttrs(p.Blocks, d.AttrValues) {
			return markdown.CacheEntry{}, errors.New("code block attributes do not fit their keys")
		}
		p.Data = d.Src
	}
	return v, nil
}

// diskRun is a page's sample run.
type diskRun struct {
	Res   sample.PageResult
	Diags diag.List
}

// runCodec encodes the verify stage's values.
func runCodec() gobCodec[pageRun, diskRun] {
	return gobCodec[pageRun, diskRun]{
		to:   func(r pageRun) diskRun { return diskRun{Res: r.res, Diags: r.diags} },
		from: func(d diskRun) (pageRun, error) { return pageRun{res: d.Res, diags: d.Diags}, nil },
	}
}

// leanBlocks returns a copy of blocks without their attribute maps (gob
// encodes maps slowly), and each block's values in its keys' order; a block
// whose map does not hold exactly its keys keeps the map (its values nil).
func leanBlocks(blocks []fence.Block) ([]fence.Block, [][]string) {
	if len(blocks) == 0 {
		return blocks, nil
	}
	lean := slices.Clone(blocks)
	vals := make([][]string, len(lean))
	for i := range lean {
		a := &lean[i].Attrs
		if len(a.Values) != len(a.Keys) || len(a.Keys) == 0 {
			continue
		}
		v := make([]string, 0, len(a.Keys))
		for _, k := range a.Keys {
			val, ok := a.Values[k]
			if !ok {
				break
			}
			v = append(v, val)
		}
		if len(v) == len(a.Keys) {
			vals[i], a.Values = v, nil
		}
	}
	return lean, vals
}

// restoreAttrs puts back the attribute maps leanBlocks left out of blocks
// (decoded: not shared); false when vals does not fit them.
func restoreAttrs(blocks []fence.Block, vals [][]string) bool {
	if vals == nil {
		return true
	}
	if len(vals) != len(blocks) {
		return false
	}
	for i := range blocks {
		a, v := &blocks[i].Attrs, vals[i]
		switch {
		case len(v) == 0:
		case len(v) != len(a.Keys) || a.Values != nil:
			return false
		default:
			a.Values = make(map[string]string, len(v))
			for j, k := range a.Keys {
				a.Values[k] = v[j]
			}
		}
	}
	return true
}
