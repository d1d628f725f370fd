package main

import (
	"github.com/asynclint/asynclint/analyzers/unsafeshare"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() { singlechecker.Main(unsafeshare.Analyzer) }
