// Package missingimport imports a package that does not exist.
package missingimport

import "fixtures/cli/nowhere"

var _ = nowhere.X
