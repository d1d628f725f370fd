// Package badembed embeds files that are not there (a module whose
// generated assets are not in its zip).
package badembed

import "embed"

//go:embed dist
var assets embed.FS
