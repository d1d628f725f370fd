package a

import "sync"

// An API client checks the server's version, under versionMu, before
// its first request; the check itself asks for "/version", which do
// does not check. The lock is not taken twice. Not reported.
type apiClient struct {
	versionMu sync.Mutex
	version   string
}

func (c *apiClient) checkVersion() error {
	c.versionMu.Lock()
	defer c.versionMu.Unlock()
	if c.version == "" {
		v, err := c.serverVersion()
		if err != nil {
			return err
		}
		c.version = v
	}
	return nil
}

func (c *apiClient) serverVersion() (string, error) {
	return c.do("GET", "/version")
}

func (c *apiClient) do(method, path string) (string, error) {
	if path != "/version" && method != "" {
		if err := c.checkVersion(); err != nil {
			return "", err
		}
	}
	return method + " " + path, nil
}

// The same client asking for "/info" to learn the version: do checks
// it, and the check is under way, holding versionMu.
type infoClient struct {
	versionMu sync.Mutex
	version   string
}

func (c *infoClient) checkVersion() error {
	c.versionMu.Lock()
	defer c.versionMu.Unlock()
	if c.version == "" {
		v, err := c.serverVersion() // want `c.versionMu is locked at versioncheck.go:\d+ and locked again at versioncheck.go:\d+ by calling c.serverVersion`
		if err != nil {
			return err
		}
		c.version = v
	}
	return nil
}

func (c *infoClient) serverVersion() (string, error) {
	return c.do("GET", "/info")
}

func (c *infoClient) do(method, path string) (string, error) {
	if path == "/version" {
		return "", nil
	}
	if path != "/version" && method != "" {
		if err := c.checkVersion(); err != nil {
			return "", err
		}
	}
	return method + " " + path, nil
}
