# docproof — two commands a new user needs: `make build` and `make test`.
GO        ?= go
BIN       := bin/docproof
TOOLS     := $(CURDIR)/.cache/tools
STATICCHECK := $(TOOLS)/staticcheck

.PHONY: build test vet staticcheck unit deps docproof

build: docproof
	./$(BIN) build

docproof:
	$(GO) build -o $(BIN) ./cmd/docproof

test: vet staticcheck deps unit

vet:
	$(GO) vet ./...

$(STATICCHECK):
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...

# deps installs what the tests need when it is missing.
deps:
	./scripts/test-deps.sh

unit:
	$(GO) test -race -count=1 ./...
