package noreport

//lint:ignore factcheck nothing is reported here, so nothing is parsed
func f() {}
