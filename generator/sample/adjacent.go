package sample

import (
	"encoding/json"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
)

// adjacentJSON decides about a json block b with no response or variables
// attribute that comes right after sample prev (only prose between): the way
// most API documentation writes the expected answer. ok is false when b is
// not such a block (or is marked {example}: shown, never compared). With
// responses: adjacent it becomes prev's documented response (d nil);
// otherwise d is a warning asking the writer to say which it is.
func adjacentJSON(p PageInput, prev *Sample, b fence.Block) (d *diag.Diagnostic, ok bool) {
	if prev == nil || prev.Response != nil || prev.Skip != "" || b.Lang != "json" || b.Attrs.Len() > 0 {
		return nil, false
	}
	if prev.Kind == GraphQL && !graphQLAnswer(b.Code) {
		return nil, false // a graphql sample's plain json block may be its variables
	}
	if p.Adjacent {
		return nil, true
	}
	w := diag.Warnf(p.File, b.Line, "this looks like the documented response of the sample at line %d: mark it `json {response}`, or add `{example}` to say it is not compared", prev.Line())
	w.SampleID = prev.ID
	w.Hint = "or set responses: adjacent in docproof.yaml to compare every such block by shape"
	return &w, true
}

// graphQLAnswer reports whether text is a JSON object holding data or errors.
func graphQLAnswer(text string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(strings.TrimSpace(text)), &m) != nil {
		return false
	}
	_, data := m["data"]
	_, errs := m["errors"]
	return data || errs
}
