package graphql

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Fixtures of the fake store: two organizations, each with an API token.
const (
	acmeUUID  = "0b7c4f5e-1d2a-4c3b-9e8f-a1b2c3d4e5f6"
	otherUUID = "9f8e7d6c-5b4a-4321-8fed-cba987654321"
	acmeAPI   = "bkua_acmeapitokenforthetests"
	otherAPI  = "bkua_otherapitokenforthetests"
)

// fakeStore is an in-memory Store for the tests (the real one is the mock's).
type fakeStore struct {
	noClusters
	mu     sync.Mutex
	now    time.Time
	orgs   []Org
	apiTok map[string]string // API token → org uuid
	tokens []AgentToken
	seq    int
}

func newFakeStore() *fakeStore {
	s := &fakeStore{
		now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC),
		orgs: []Org{
			{UUID: acmeUUID, Slug: "acme", Name: "Acme Inc"},
			{UUID: otherUUID, Slug: "other", Name: "Other Org"},
		},
		apiTok: map[string]string{acmeAPI: acmeUUID, otherAPI: otherUUID},
	}
	if _, err := s.CreateAgentToken(acmeUUID, "Default agent token", false); err != nil {
		panic(err)
	}
	if _, err := s.CreateAgentToken(otherUUID, "Other default", false); err != nil {
		panic(err)
	}
	return s
}

func (s *fakeStore) OrgByAPIToken(token string) (Org, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	uuid, ok := s.apiTok[token]
	if !ok {
		return Org{}, false
	}
	return s.orgBy(func(o Org) bool { return o.UUID == uuid })
}

func (s *fakeStore) OrgBySlug(slug string) (Org, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.orgBy(func(o Org) bool { return o.Slug == slug })
}

func (s *fakeStore) OrgByUUID(uuid string) (Org, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.orgBy(func(o Org) bool { return o.UUID == uuid })
}

func (s *fakeStore) orgBy(match func(Org) bool) (Org, bool) {
	for _, o := range s.orgs {
		if match(o) {
			return o, true
		}
	}
	return Org{}, false
}

func (s *fakeStore) AgentTokens(orgUUID string) []AgentToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []AgentToken
	for _, t := range s.tokens {
		if t.OrgUUID == orgUUID {
			out = append(out, t)
		}
	}
	return out
}

func (s *fakeStore) AgentToken(uuid string) (AgentToken, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if t.UUID == uuid {
			return t, true
		}
	}
	return AgentToken{}, false
}

func (s *fakeStore) CreateAgentToken(orgUUID, description string, public bool) (AgentToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.orgBy(func(o Org) bool { return o.UUID == orgUUID }); !ok {
		return AgentToken{}, errors.New("no such organization")
	}
	s.seq++
	s.now = s.now.Add(time.Minute)
	t := AgentToken{
		UUID:        fmt.Sprintf("01900000-0000-4000-8000-%012d", s.seq),
		OrgUUID:     orgUUID,
		Description: description,
		Public:      public,
		CreatedAt:   s.now,
		Value:       fmt.Sprintf("bkar_faketokenvalue%054d", s.seq),
	}
	s.tokens = append(s.tokens, t)
	return t, nil
}

func (s *fakeStore) RevokeAgentToken(uuid, reason string) (AgentToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, t := range s.tokens {
		if t.UUID != uuid {
			continue
		}
		if t.RevokedAt != nil {
			return AgentToken{}, errors.New("already revoked")
		}
		s.now = s.now.Add(time.Minute)
		at := s.now
		s.tokens[i].RevokedAt = &at
		s.tokens[i].RevokedReason = reason
		return s.tokens[i], nil
	}
	return AgentToken{}, errors.New("no such agent token")
}

// values lists every token value the store holds, to prove none leaks.
func (s *fakeStore) values() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, t := range s.tokens {
		out = append(out, t.Value)
	}
	return out
}
