package mockapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// errKind classifies every failure the mock can answer with. The kind alone
// decides the HTTP status, in statusOf.
type errKind int

const (
	errBadRequest   errKind = iota // malformed JSON, query or form
	errUnauthorized                // no, unknown, revoked, expired or wrong-kind token
	errForbidden                   // valid token, operation not allowed on this job; quotas
	errNotFound                    // unknown route, job, build, key, annotation or artifact
	errMethod                      // route exists, method does not
	errTooLarge                    // body or stored log over its limit
	errState                       // call does not fit the job's or agent's state
	errRefused                     // the listener's guard: foreign Host, cross-site Origin (guard.go)
	errMediaType                   // the listener's guard: a body of a type the route does not take
	errConflict                    // a different value was already declared (promise-failure)
	errRateLimited                 // too many requests (an injected fault)
	errLocked                      // the resource is locked (an injected fault)
	errInjected                    // a 5xx the control API asked for (status in apiError.status)
)

// apiError is the one error type handlers return; its message is shown to the
// client as {"message": ...}.
type apiError struct {
	kind       errKind
	msg        string
	detail     string // docproof's explanation, sent in the DetailHeader (the body stays the real API's)
	retryAfter int    // seconds for a Retry-After header; 0 sends none
	status     int    // the status of an errInjected fault (500-599)
}

func (e *apiError) Error() string { return e.msg }

func newErr(kind errKind, format string, args ...any) error {
	return &apiError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error { return newErr(errBadRequest, format, args...) }

// unauthorized answers as the real API does for any token it does not accept
// ({"message": "Invalid access token"}); the reason goes to the DetailHeader.
func unauthorized(format string, args ...any) error {
	return &apiError{kind: errUnauthorized, msg: msgInvalidToken, detail: fmt.Sprintf(format, args...)}
}

// unauthorizedAs is a 401 with the message of an API whose refusal reads
// otherwise (the REST API's "Authentication required...").
func unauthorizedAs(msg string) error            { return &apiError{kind: errUnauthorized, msg: msg} }
func forbidden(format string, args ...any) error { return newErr(errForbidden, format, args...) }
func notFound(format string, args ...any) error  { return newErr(errNotFound, format, args...) }
func badState(format string, args ...any) error  { return newErr(errState, format, args...) }
func tooLarge(format string, args ...any) error  { return newErr(errTooLarge, format, args...) }
func conflict(format string, args ...any) error  { return newErr(errConflict, format, args...) }

// statusOf is the single place that maps an error to an HTTP status.
func statusOf(err error) int {
	var ae *apiError
	if !errors.As(err, &ae) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return http.StatusRequestEntityTooLarge
		}
		return http.StatusInternalServerError
	}
	switch ae.kind { // every errKind, nothing else, decides a status
	case errBadRequest:
		return http.StatusBadRequest
	case errUnauthorized:
		return http.StatusUnauthorized
	case errForbidden:
		return http.StatusForbidden
	case errNotFound:
		return http.StatusNotFound
	case errMethod:
		return http.StatusMethodNotAllowed
	case errTooLarge:
		return http.StatusRequestEntityTooLarge
	case errState:
		return http.StatusUnprocessableEntity
	case errRefused:
		return http.StatusForbidden
	case errMediaType:
		return http.StatusUnsupportedMediaType
	case errConflict:
		return http.StatusConflict
	case errRateLimited:
		return http.StatusTooManyRequests
	case errLocked:
		return http.StatusLocked
	case errInjected:
		if ae.status >= 500 && ae.status <= 599 {
			return ae.status
		}
	}
	return http.StatusInternalServerError
}

// messageOf is the client-facing text of err.
func messageOf(err error) string {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.msg
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fmt.Sprintf("Request body is larger than the limit of %d bytes", mbe.Limit)
	}
	return "Internal error in the mock: " + err.Error()
}

// errorBody is the shape of every error answer: the real API's {"message"}.
type errorBody struct {
	Message string `json:"message"`
}

// DetailHeader carries docproof's explanation of an error answer where the
// real API's message says little ("Invalid access token": revoked? expired?
// the wrong kind?). It is a header so that the body stays exactly what the
// real API sends: documented answers compared exactly still match.
const DetailHeader = "Docproof-Detail"

func writeError(w http.ResponseWriter, err error) {
	body := errorBody{Message: messageOf(err)}
	var ae *apiError
	if errors.As(err, &ae) {
		if ae.detail != "" {
			w.Header().Set(DetailHeader, ae.detail)
		}
		if ae.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
		}
	}
	writeJSON(w, statusOf(err), body)
}

// writeJSON writes body as JSON with status. A 204 carries no body (HTTP
// allows none); every other answer is one JSON value.
func writeJSON(w http.ResponseWriter, status int, body any) {
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	data, err := json.Marshal(body)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"message":"Internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}

// decodeJSON reads a JSON body of at most limit bytes into v.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	data, err := readBody(w, r, limit)
	if err != nil {
		return err
	}
	return parseJSON(data, v)
}

// readBody reads a request body of at most limit bytes. Handlers read the
// body first, then authenticate, then parse it, so that a bad token is
// reported before a bad body.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge("Request body is larger than the limit of %d bytes", limit)
		}
		return nil, badRequest("Could not read the request body: %v", err)
	}
	return data, nil
}

// parseJSON decodes data into v. An empty body leaves v at its zero value;
// anything else that is not exactly one JSON value is a bad request.
func parseJSON(data []byte, v any) error {
	if len(data) == 0 {
		return nil
	}
	if f, ok := v.(fastDecoder); ok && f.decodeFast(data) {
		return nil // the same value json.Unmarshal gives (fastjson.go)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return badRequest("The request body is not valid JSON for this endpoint: %v", err)
	}
	return nil
}
