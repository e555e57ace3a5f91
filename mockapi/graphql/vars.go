package graphql

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	gqlerrors "github.com/graph-gophers/graphql-go/errors"
	"github.com/graph-gophers/graphql-go/introspection"
	"github.com/graph-gophers/graphql-go/trace/tracer"
)

// varChecker coerces variable values against the operation's declared types,
// the spec's CoerceVariableValues step. graphql-go v1.11 checks null and
// input-object shapes but not scalar values, and on a bad scalar drops the
// field from data instead of refusing the request. graphql-go hands the
// resolved variable types only to a tracer, so the check is a tracer: it runs
// after validation and before any resolver, records problems on the request,
// and the resolvers then refuse to run (see callerOrg).
type varChecker struct{}

// TraceQuery checks every declared variable.
func (varChecker) TraceQuery(ctx context.Context, _, _ string, vars map[string]any, varTypes map[string]*introspection.Type) (context.Context, tracer.QueryFinishFunc) {
	req, ok := ctx.Value(requestKey{}).(*request)
	if !ok {
		return ctx, func([]*gqlerrors.QueryError) {}
	}
	names := make([]string, 0, len(varTypes))
	for name := range varTypes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		v, present := vars[name]
		coerced, reason := coerce(v, varTypes[name])
		if reason != "" {
			req.varErrors = append(req.varErrors, &gqlerrors.QueryError{
				Message: fmt.Sprintf("Variable \"$%s\" got invalid value %s; %s", name, show(v), reason),
			})
			continue
		}
		if present {
			// vars is the map graphql-go executes with: hand it the coerced
			// value (an integer ID becomes its string, as the spec says).
			vars[name] = coerced
		}
	}
	return ctx, func([]*gqlerrors.QueryError) {}
}

// TraceField does nothing.
func (varChecker) TraceField(ctx context.Context, _, _, _ string, _ bool, _ map[string]any) (context.Context, tracer.FieldFinishFunc) {
	return ctx, func(*gqlerrors.QueryError) {}
}

// coerce returns v coerced to type t, or why it cannot be.
func coerce(v any, t *introspection.Type) (any, string) {
	if t.Kind() == "NON_NULL" {
		if v == nil {
			return nil, fmt.Sprintf("Expected non-nullable type %q not to be null.", typeString(t))
		}
		return coerce(v, t.OfType())
	}
	if v == nil {
		return nil, ""
	}
	switch t.Kind() {
	case "LIST":
		list, ok := v.([]any)
		if !ok {
			return coerce(v, t.OfType()) // a single value stands for a list of one
		}
		out := make([]any, len(list))
		for i, el := range list {
			c, reason := coerce(el, t.OfType())
			if reason != "" {
				return nil, fmt.Sprintf("In element #%d: %s", i, reason)
			}
			out[i] = c
		}
		return out, ""
	case "SCALAR":
		return coerceScalar(v, *t.Name())
	case "ENUM":
		s, _ := v.(string)
		for _, e := range *t.EnumValues(&struct{ IncludeDeprecated bool }{true}) {
			if e.Name() == s {
				return v, ""
			}
		}
		return nil, fmt.Sprintf("Value %s does not exist in %q enum.", show(v), *t.Name())
	case "INPUT_OBJECT":
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Sprintf("Expected type %q to be an object.", *t.Name())
		}
		out := make(map[string]any, len(obj))
		for k, fv := range obj {
			out[k] = fv // unknown fields are graphql-go's validation's to report
		}
		for _, f := range *t.InputFields(&struct{ IncludeDeprecated bool }{true}) {
			fv, present := obj[f.Name()]
			if !present && f.DefaultValue() != nil {
				continue
			}
			c, reason := coerce(fv, f.Type())
			if reason != "" {
				return nil, fmt.Sprintf("At %q: %s", f.Name(), reason)
			}
			if present {
				out[f.Name()] = c
			}
		}
		return out, ""
	}
	return v, ""
}

// coerceScalar coerces a JSON-decoded value (string, float64, bool, map,
// list) to a scalar type.
func coerceScalar(v any, name string) (any, string) {
	reason := checkScalar(v, name)
	if reason != "" {
		return nil, reason
	}
	if f, ok := v.(float64); ok && name == "ID" {
		return strconv.FormatFloat(f, 'f', -1, 64), ""
	}
	return v, ""
}

// checkScalar returns why v is not a value of the scalar type, or "".
func checkScalar(v any, name string) string {
	f, isNum := v.(float64)
	integral := isNum && f == math.Trunc(f) && !math.IsInf(f, 0)
	switch name {
	case "Int":
		if !integral {
			return "Int cannot represent non-integer value: " + show(v)
		}
		if f < math.MinInt32 || f > math.MaxInt32 {
			return "Int cannot represent non 32-bit signed integer value: " + show(v)
		}
	case "Float":
		if !isNum {
			return "Float cannot represent non numeric value: " + show(v)
		}
	case "String":
		if _, ok := v.(string); !ok {
			return "String cannot represent a non string value: " + show(v)
		}
	case "Boolean":
		if _, ok := v.(bool); !ok {
			return "Boolean cannot represent a non boolean value: " + show(v)
		}
	case "ID":
		if _, ok := v.(string); !ok && !integral {
			return "ID cannot represent value: " + show(v)
		}
	case "DateTime":
		s, ok := v.(string)
		if _, err := time.Parse(time.RFC3339, s); !ok || err != nil {
			return "DateTime cannot represent value: " + show(v)
		}
	}
	return ""
}

// typeString renders a type reference as in SDL, e.g. "[ID!]!".
func typeString(t *introspection.Type) string {
	switch t.Kind() {
	case "NON_NULL":
		return typeString(t.OfType()) + "!"
	case "LIST":
		return "[" + typeString(t.OfType()) + "]"
	default:
		return *t.Name()
	}
}

// show renders a variable value as JSON for an error message.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
