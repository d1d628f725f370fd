package plain

import (
	"hash/crc32"
	"sync"
)

type recordWriter interface {
	WriteRecord(rec []byte) error
}

// A checksum is a recordWriter with a Sum: the journals below write
// records too, but have no Sum, so they are never checksums.
type checksum interface {
	recordWriter
	Sum() uint32
}

type crcSum struct{ sum uint32 }

func (c *crcSum) WriteRecord(rec []byte) error {
	c.sum = crc32.Update(c.sum, crc32.IEEETable, rec)
	return nil
}

func (c *crcSum) Sum() uint32 { return c.sum }

// A log whose WriteRecord takes mu. Its digest goroutine writes to a
// checksum: WriteRecord is recordWriter's method, which the log
// implements, but the checksum is never the log, so the goroutine never
// takes mu and Append may hold it while it hands a record over.
type digestLog struct {
	mu      sync.Mutex
	records chan []byte
	log     [][]byte
}

func newDigestLog() *digestLog {
	j := &digestLog{records: make(chan []byte)}
	go j.digest()
	return j
}

func (j *digestLog) WriteRecord(rec []byte) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.log = append(j.log, rec)
	return nil
}

func (j *digestLog) digest() {
	var sum checksum = &crcSum{}
	for rec := range j.records {
		sum.WriteRecord(rec)
	}
}

func (j *digestLog) Append(rec []byte) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.log = append(j.log, rec)
	j.records <- rec
}

// The same log whose goroutine copies records to a recordWriter, which
// may be the log itself: it may take mu before it receives the next
// record, while Append holds mu and sends.
type teeLog struct {
	mu      sync.Mutex
	records chan []byte
	out     recordWriter
	log     [][]byte
}

func newTeeLog() *teeLog {
	j := &teeLog{records: make(chan []byte)}
	j.out = j
	go j.copy()
	return j
}

func (j *teeLog) WriteRecord(rec []byte) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.log = append(j.log, rec)
	return nil
}

func (j *teeLog) copy() {
	for rec := range j.records {
		j.out.WriteRecord(rec)
	}
}

func (j *teeLog) Append(rec []byte) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.records <- rec // want `sync lock j.mu \(locked at hashwrite.go:96\) is held while waiting for another goroutine: a channel send \(hashwrite.go:98\); release it before waiting \(the range at hashwrite.go:90 in \(\*teeLog\).copy, run by the goroutine started at hashwrite.go:78, may take j.mu first\)`
}
