package a

// Marked is marked.
func Marked() {} // want Marked:"marked"

func Plain() {}
