module fixtures

go 1.26.0

require github.com/asynclint/asynclint v0.0.0

replace github.com/asynclint/asynclint => ../..

require golang.org/x/sync v0.25.0
