package source

import (
	"github.com/docproof/docproof/generator/sample"
)

// EnvConfig is the env: key of docproof.yaml and of a page's front matter:
// the variable names the pages show readers, mapped to the ones the mock
// sets, for every host or per host:
//
//	env:
//	  TOKEN: BUILDKITE_API_TOKEN
//	  agent.buildkite.com:
//	    TOKEN: BUILDKITE_AGENT_TOKEN
type EnvConfig struct {
	sample.EnvMap
}

// UnmarshalYAML decodes and checks the mapping (sample.ParseEnvMap).
func (e *EnvConfig) UnmarshalYAML(unmarshal func(any) error) error {
	var raw map[string]any
	if err := unmarshal(&raw); err != nil {
		return err
	}
	m, err := sample.ParseEnvMap(raw)
	if err != nil {
		return err
	}
	e.EnvMap = m
	return nil
}
