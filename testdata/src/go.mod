module fixtures

go 1.26.0

require github.com/asynclint/asynclint v0.0.0

replace github.com/asynclint/asynclint => ../..

require golang.org/x/sync v0.25.0

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	github.com/stretchr/testify v1.11.1
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
