// Package synctestx holds the synctest.Wait look-alike.
package synctestx
