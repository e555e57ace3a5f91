# docproof — two commands a new user needs: `make build` and `make test`.
GO        ?= go
BIN       := bin/docproof
TOOLS     := $(CURDIR)/.cache/tools
# staticcheck v0.8.2 is the newest release and works with Go 1.26.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(TOOLS)/staticcheck-$(STATICCHECK_VERSION)/staticcheck

.PHONY: build test fmt vet staticcheck unit deps docproof fuzz bench load

# build compiles docproof and builds content/ into public/ (docproof.yaml is the site config).
build: docproof
	./$(BIN) build

docproof:
	$(GO) build -o $(BIN) ./cmd/docproof

# test is what CI runs (.ci/run): formatting, vet, staticcheck, then every test with the race detector.
test: fmt vet staticcheck deps unit

fmt:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.cache/*'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi

vet:
	$(GO) mod verify
	$(GO) vet ./...

$(STATICCHECK):
	GOBIN=$(dir $(STATICCHECK)) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...

# deps installs what the tests need when it is missing.
deps:
	./scripts/test-deps.sh

unit:
	$(GO) test -race -count=1 -timeout 15m ./...

# fuzz runs every fuzz target for FUZZTIME each (seed corpora: <pkg>/testdata/fuzz/<Name>/).
FUZZTIME ?= 15s
# FUZZMIN caps the minimisation of each new input: the default (60s) stalls the slower targets.
FUZZMIN  ?= 5s
# FUZZGO runs the fuzzers with Go 1.27: Go 1.26's fuzz coordinator can fail a target with a bare
# "context deadline exceeded" at the -fuzztime boundary on a loaded machine, having found nothing
# (go.dev/issue/75804, fixed in 1.27). The toolchain comes from the module proxy like any module.
FUZZGO   ?= GOTOOLCHAIN=go1.27.3 $(GO)
fuzz:
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzParse$$ -fuzztime=$(FUZZTIME) ./generator/sample/curl
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzJSON$$ -fuzztime=$(FUZZTIME) ./generator/sample/match
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzValue$$ -fuzztime=$(FUZZTIME) ./generator/sample/match
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzFenceParse$$ -fuzztime=$(FUZZTIME) ./generator/fence
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzRedact$$ -fuzztime=$(FUZZTIME) ./generator/secret
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzRedactIssued$$ -fuzztime=$(FUZZTIME) ./generator/secret
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzMayHideToken$$ -fuzztime=$(FUZZTIME) ./generator/secretscan
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzRunPage$$ -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) ./generator/sample
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzFrontMatter$$ -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) ./generator
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzRenderPage$$ -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) ./generator/markdown
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzPagePipeline$$ -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) ./generator
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzLinkifyShortcut$$ -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) ./generator/markdown
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzTextRenderer$$ -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) ./generator/markdown
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzWalkShortcuts$$ -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) ./generator/markdown
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzFastTokensGraphQLPieces$$ -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) ./generator/highlight
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzGraphQLRequest$$ -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) ./mockapi/graphql
	$(FUZZGO) test -run=^$$ -fuzz=^FuzzMockJSON$$ -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) ./mockapi

# load runs the full mock load test (200 agents x 500 log chunks over loopback HTTP);
# LOAD_REPORT=FILE also writes its numbers to FILE. make test runs a small version.
load:
	$(GO) test -run=^TestMockLoad$$ -count=1 -timeout 10m -v ./mockapi -load.full

# bench builds the reproducible benchmark corpus (PAGES pages, 5 verified samples each) with docproof
# and with Debian's hugo (installed when missing) and prints wall/CPU time, peak RSS and ratios (PERFORMANCE.md).
PAGES ?= 1000
bench:
	PAGES=$(PAGES) ./scripts/bench.sh
