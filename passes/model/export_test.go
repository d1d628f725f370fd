package model

import (
	"maps"
	"slices"
)

// TableKeys returns the table's keys, for tests.
func TableKeys() []string { return slices.Collect(maps.Keys(table)) }
