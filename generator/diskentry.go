package generator

import (
	"crypto/sha256"
	"maps"
	"slices"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/sample"
)

// The records of the stages packs (generator/diskstore.go): the Cache
// values a later build can use, in a form gob can encode.

// diskEntry is one Cache entry; exactly one of the pointers is set.
// Highlighted code is not kept: a page's record holds its rendered body, so
// only an edited page is highlighted again, a few blocks that cost less to
// highlight than to read back (two thirds of the records, for nothing).
type diskEntry struct {
	Key    string
	Render *diskRender
	Run    *diskRun
	HTML   *diskHTML
}

// diskRender is a rendered page without its Markdown (Page.Data): the next
// build reads the file anyway, and the key's hash pins its bytes, so the
// render stage puts them back on a hit (markdown.Renderer.RenderCached). A quarter of
// the pack, written and read for nothing.
type diskRender struct {
	Hash         string
	Page         *markdown.Page
	BrokenBlocks bool // Page.BrokenBlocks, which gob would drop
	Diags        diag.List
	IDs          []string   // Page.IDs, sorted (gob encodes a map at twice the cost of the rest of the record)
	AttrValues   [][]string // per code block: Attrs.Values in Attrs.Keys order, when the map is left out (nil)
}

type diskRun struct {
	Res   sample.PageResult
	Diags diag.List
}

// diskHTML records where a page's HTML was published and its hash, not the
// HTML: a rebuild links the published file when it is still byte-identical.
type diskHTML struct {
	Key string // hash of the template inputs
	Rel string // output path, slash-separated
	Sum [sha256.Size]byte
}

// fromDisk turns a record into the value its stage stored, with the
// fingerprint store compares to skip rewriting an unchanged entry. Page
// HTML is an entry only while its published file still has the recorded
// content.
func (d *diskStore) fromDisk(e diskEntry) (v any, fp string, ok bool) {
	switch {
	case e.Render != nil && e.Render.Page != nil:
		if len(e.Render.IDs) > 0 {
			e.Render.Page.IDs = make(map[string]bool, len(e.Render.IDs))
			for _, id := range e.Render.IDs {
				e.Render.Page.IDs[id] = true
			}
		}
		if !restoreAttrs(e.Render.Page.Blocks, e.Render.AttrValues) {
			return nil, "", false
		}
		e.Render.Page.BrokenBlocks = e.Render.BrokenBlocks
		return markdown.CacheEntry{Hash: e.Render.Hash, Result: markdown.Rendered{Page: e.Render.Page, Diags: e.Render.Diags}}, renderPrint(e.Render.Hash), true
	case e.Render != nil:
		return markdown.CacheEntry{Hash: e.Render.Hash, Result: markdown.Rendered{Diags: e.Render.Diags}}, renderPrint(e.Render.Hash), true
	case e.Run != nil:
		return pageRun{res: e.Run.Res, diags: e.Run.Diags}, "", true
	case e.HTML != nil:
		buf := d.bufs.Get().(*[]byte)
		fi, ok := publishedAs(d.out, e.HTML, buf)
		d.bufs.Put(buf)
		if !ok {
			return nil, "", false
		}
		d.mu.Lock()
		d.verified[e.HTML.Rel] = verifiedFile{fi: fi, sum: e.HTML.Sum}
		d.mu.Unlock()
		return cachedHTML{key: e.HTML.Key, written: fi}, e.HTML.Key, true
	}
	return nil, "", false
}

// toDisk is the record of a stored value; ok is false for values that
// are not kept across builds (highlighted code, memos of in-memory
// identity) and page HTML.
func toDisk(key string, v any) (e diskEntry, fp string, ok bool) {
	e.Key = key
	switch v := v.(type) {
	case markdown.CacheEntry:
		e.Render = &diskRender{Hash: v.Hash, Diags: v.Result.Diags}
		if p := v.Result.Page; p != nil {
			lean := *p // a copy: cached pages are never modified
			lean.Data, lean.IDs = nil, nil
			e.Render.Page, e.Render.BrokenBlocks = &lean, p.BrokenBlocks
			e.Render.IDs = slices.Sorted(maps.Keys(p.IDs)) // every value is true
			lean.Blocks, e.Render.AttrValues = leanBlocks(p.Blocks)
		}
		fp = renderPrint(v.Hash)
	case pageRun:
		e.Run = &diskRun{Res: v.res, Diags: v.diags}
	default:
		return e, "", false
	}
	return e, fp, true
}

// renderPrint is the fingerprint of a rendered page's hash (content hash and
// render variant, a few hundred bytes): 16 bytes of its SHA-256, so the keys
// a build loaded cost little memory per page.
func renderPrint(hash string) string {
	sum := sha256.Sum256([]byte(hash))
	return string(sum[:16])
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
