package match

// Fields counts the values a documented response compares: its leaves
// (strings, numbers, bools, nulls, empty objects and arrays). In shape mode
// only the first item of each array counts, as only it is compared. Invalid
// documented JSON counts 0 and returns the *SyntaxError JSON would.
func Fields(documented []byte, opt Options) (int, error) {
	doc, err := parseTree(documented, true)
	if err != nil {
		return 0, err
	}
	return doc.leaves(opt.Shape), nil
}

func (n *node) leaves(shape bool) int {
	vals := n.vals
	if n.kind == kArray && shape && len(vals) > 1 {
		vals = vals[:1]
	}
	if (n.kind != kArray && n.kind != kObject) || len(vals) == 0 {
		return 1
	}
	c := 0
	for _, v := range vals {
		c += v.leaves(shape)
	}
	return c
}
