package mockapi

// The seeded fixture. Identifiers are constants (the docs may quote them);
// token values derive from the seed. doc.go and ARCHITECTURE.md describe the
// same table: keep the three in step.

type fixtureJob struct {
	id, label, command string
	rank               int // dispatch order within the organization
}

type fixtureBuild struct {
	id, pipeline string
	number       int
	jobs         []fixtureJob
}

type fixtureOrg struct {
	uuid, slug, name string
	defaultTokenUUID string
	builds           []fixtureBuild
}

// The seeded jobs' commands are harmless, so a real agent pointed at the mock
// can run them.
const (
	testCommand   = "echo '--- Running tests' && echo 'All tests passed'"
	lintCommand   = "echo '--- Linting' && echo 'No lint errors'"
	deployCommand = "echo '--- Deploying' && echo 'Deployed'"
)

func fixtureOrgs() []fixtureOrg {
	return []fixtureOrg{
		{
			uuid: "3f9b1c2e-5a47-4d8e-9c61-0b2a7e4d5f10", slug: "acme", name: "Acme Inc",
			defaultTokenUUID: "a1f0c3d2-6b5e-4f7a-8d9c-0e1f2a3b4c01",
			builds: []fixtureBuild{
				{id: "01f7a2c4-3d5e-4b6f-8a7c-1e2d3c4b5a01", pipeline: "website", number: 1, jobs: []fixtureJob{
					{id: "01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01", label: ":test_tube: Test", command: testCommand, rank: 1},
					{id: "01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b02", label: ":lint-roller: Lint", command: lintCommand, rank: 3},
				}},
				{id: "01f7a2c4-3d5e-4b6f-8a7c-1e2d3c4b5a02", pipeline: "deploy", number: 1, jobs: []fixtureJob{
					{id: "01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b03", label: ":rocket: Deploy", command: deployCommand, rank: 2},
				}},
			},
		},
		{
			uuid: "8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e20", slug: "globex", name: "Globex Corporation",
			defaultTokenUUID: "b2e1d4c3-7c6f-4a8b-9e0d-1f2a3b4c5d02",
			builds: []fixtureBuild{
				{id: "02e8b3d5-4e6f-4c7a-8b8d-2f3e4d5c6b01", pipeline: "website", number: 1, jobs: []fixtureJob{
					{id: "02e8b3d5-4e6f-4c7a-9c9e-3a4f5e6d7c01", label: ":test_tube: Test", command: testCommand, rank: 1},
					{id: "02e8b3d5-4e6f-4c7a-9c9e-3a4f5e6d7c02", label: ":lint-roller: Lint", command: lintCommand, rank: 3},
				}},
				{id: "02e8b3d5-4e6f-4c7a-8b8d-2f3e4d5c6b02", pipeline: "deploy", number: 1, jobs: []fixtureJob{
					{id: "02e8b3d5-4e6f-4c7a-9c9e-3a4f5e6d7c03", label: ":rocket: Deploy", command: deployCommand, rank: 2},
				}},
			},
		},
	}
}
