package main

func use(int) {}

// main's goroutines end with the program.
func main() {
	ch := make(chan int)
	go func() {
		for v := range ch {
			use(v)
		}
	}()
	ch <- 1
}
