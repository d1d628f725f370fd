package a

import (
	"crypto"
	"errors"
	"sync"
)

// A CA client signs each request with the key it is given, or, given
// none, with its account key and the account's ID, which accountID
// looks up once, under kidMu, by a request signed with the account key
// itself. That request passes c.Key: it never asks for the ID again.
// Not reported.
type caClient struct {
	Key   crypto.Signer
	kidMu sync.Mutex
	kid   string
}


func (c *caClient) accountID() string {
	c.kidMu.Lock()
	defer c.kidMu.Unlock()
	if c.kid != "" {
		return c.kid
	}
	if err := c.lookupAccount(); err != nil {
		return ""
	}
	c.kid = "acct/1"
	return c.kid
}

func (c *caClient) lookupAccount() error {
	return c.post(c.Key, "/new-account")
}

// post retries postOnce; with a nil key, c.Key signs.
func (c *caClient) post(key crypto.Signer, url string) error {
	for range 3 {
		if err := c.postOnce(key, url); err == nil {
			return nil
		}
	}
	return errors.New("gave up")
}

func (c *caClient) postOnce(key crypto.Signer, url string) error {
	kid := ""
	if key == nil {
		if c.Key == nil {
			return errors.New("no account key")
		}
		key = c.Key
		kid = c.accountID()
	}
	return sign(key, kid, url)
}

func sign(key crypto.Signer, kid, url string) error { return nil }

// The same client, but its account lookup passes no key: postOnce signs
// with c.Key and asks for the ID, under the lock accountID holds.
type nilKeyClient struct {
	Key   crypto.Signer
	kidMu sync.Mutex
	kid   string
}

func (c *nilKeyClient) accountID() string {
	c.kidMu.Lock()
	defer c.kidMu.Unlock()
	if c.kid != "" {
		return c.kid
	}
	if err := c.lookupAccount(); err != nil { // want `c.kidMu is locked at signer.go:\d+ and locked again at signer.go:\d+ by calling c.lookupAccount`
		return ""
	}
	c.kid = "acct/1"
	return c.kid
}

func (c *nilKeyClient) lookupAccount() error {
	return c.post(nil, "/new-account")
}

func (c *nilKeyClient) post(key crypto.Signer, url string) error {
	for range 3 {
		if err := c.postOnce(key, url); err == nil {
			return nil
		}
	}
	return errors.New("gave up")
}

func (c *nilKeyClient) postOnce(key crypto.Signer, url string) error {
	kid := ""
	if key == nil {
		if c.Key == nil {
			return errors.New("no account key")
		}
		key = c.Key
		kid = c.accountID()
	}
	return sign(key, kid, url)
}
