package model

// The table. Keys are model.Key names. Effects are what a call does to the
// calling task or goroutine; an entry with no effects still matters: it
// says the model owns the function, so facts computed from its body are
// not used in its place.
//
// What counts as Blocks: a wait of unbounded length on something outside
// the program's control flow (time, the OS, the network, a child process,
// a database, another goroutine). A contended sync.Mutex is modelled as
// Locks only: short critical sections are the norm and the lock checks,
// not blockingcall, own lock mistakes.

const rt = "github.com/asynclint/asynclint/runtime"

var (
	slot     = "runtime.SpawnBlocking or runtime.BlockInPlace"
	useSleep = "runtime.Sleep(ctx, d)"
	useJoin  = "runtime.JoinSet or Task.Await"
)

func blocks(instead string) Entry { return Entry{Effects: Blocks, Body: -1, Instead: instead} }
func none() Entry                 { return Entry{Body: -1} }
func suspends(extra Effect) Entry {
	return Entry{Effects: Suspends | ObservesCancel | extra, Body: -1}
}

var table = map[string]Entry{}

func add(e Entry, keys ...string) {
	for _, k := range keys {
		table[k] = e
	}
}

// init fills the table, one function per package or family.
func init() {
	asyncRuntime()
	stdTime()
	stdSync()
	errgroup()
	stdContext()
	filesAndOS()
	formatting()
	methodCallers()
	exits()
	network()
	databaseSQL()
}

// asyncRuntime adds the async runtime's functions and methods.
func asyncRuntime() {
	add(Entry{Effects: Spawns, Spawn: Executor, Body: 1}, rt+".Spawn", "(*"+rt+".JoinSet).Spawn")
	// Run waits for its root task; called from a task, it suspends.
	add(Entry{Effects: Spawns | Joins | Suspends, Spawn: Executor, Body: 1}, "(*"+rt+".Runtime).Run")
	add(Entry{Effects: Spawns, Spawn: BlockingPool, Body: 1}, rt+".SpawnBlocking")
	add(Entry{Effects: Spawns | Suspends, Spawn: InPlace, Body: 1}, rt+".BlockInPlace")
	add(Entry{Effects: Spawns | Joins | Suspends | ObservesCancel, Spawn: Executor, Body: 2}, rt+".Timeout")
	add(suspends(Joins), "(*"+rt+".Task).Await", "(*"+rt+".JoinSet).Next", "(*"+rt+".JoinSet).Wait")
	add(suspends(Joins|Cancels), "(*"+rt+".JoinSet).Shutdown")
	add(suspends(0), rt+".Sleep", rt+".Yield", "(*"+rt+".Semaphore).Acquire",
		"(*"+rt+".Chan).Send", "(*"+rt+".Chan).Recv")
	add(Entry{Effects: Suspends | ObservesCancel | Locks, Lock: Exclusive, Suspending: true, Body: -1},
		"(*"+rt+".Mutex).Lock", "(*"+rt+".RWMutex).Lock")
	add(Entry{Effects: Suspends | ObservesCancel | Locks, Lock: Shared, Suspending: true, Body: -1},
		"(*"+rt+".RWMutex).RLock")
	add(Entry{Effects: Locks, Lock: Exclusive, Suspending: true, Body: -1},
		"(*"+rt+".Mutex).TryLock", "(*"+rt+".RWMutex).TryLock")
	add(Entry{Effects: Locks, Lock: Shared, Suspending: true, Body: -1}, "(*"+rt+".RWMutex).TryRLock")
	add(Entry{Effects: Unlocks, Lock: Exclusive, Suspending: true, Body: -1},
		"(*"+rt+".Mutex).Unlock", "(*"+rt+".RWMutex).Unlock")
	add(Entry{Effects: Unlocks, Lock: Shared, Suspending: true, Body: -1}, "(*"+rt+".RWMutex).RUnlock")
	add(Entry{Effects: Cancels, Body: -1}, "(*"+rt+".Task).Cancel")
	add(Entry{Effects: Detaches, Body: -1}, "(*"+rt+".Task).Detach")
	// Close waits for every task, detached ones included.
	add(Entry{Effects: Blocks | Waits, Body: -1, Instead: "a Close outside the runtime's tasks"}, "(*"+rt+".Runtime).Close")
	add(Entry{Effects: Inspects, Body: -1}, "(*"+rt+".Task).ID")
	add(none(), rt+".New", "(*"+rt+".Runtime).Stats", "(*"+rt+".Task).Done",
		"(*"+rt+".JoinSet).Len", "(*"+rt+".Semaphore).Release", "(*"+rt+".Semaphore).TryAcquire",
		rt+".NewSemaphore", rt+".NewChan", "(*"+rt+".Chan).Close", "(*"+rt+".Chan).Len",
		"(*"+rt+".Chan).Cap", rt+".FromContext")
}

// stdTime adds package time.
func stdTime() {
	add(Entry{Effects: Blocks | Waits | Sleeps, Body: -1, Instead: useSleep}, "time.Sleep")
	add(Entry{Effects: Timer, Body: -1}, "time.After")
}

// stdSync adds package sync: locks and waits.
func stdSync() {
	add(Entry{Effects: Locks, Lock: Exclusive, Body: -1}, "(*sync.Mutex).Lock", "(*sync.RWMutex).Lock",
		"(*sync.Mutex).TryLock", "(*sync.RWMutex).TryLock", "(sync.Locker).Lock")
	add(Entry{Effects: Locks, Lock: Shared, Body: -1}, "(*sync.RWMutex).RLock", "(*sync.RWMutex).TryRLock")
	add(Entry{Effects: Unlocks, Lock: Exclusive, Body: -1}, "(*sync.Mutex).Unlock", "(*sync.RWMutex).Unlock",
		"(sync.Locker).Unlock")
	add(Entry{Effects: Unlocks, Lock: Shared, Body: -1}, "(*sync.RWMutex).RUnlock")
	add(Entry{Effects: Blocks | Joins | Waits, Body: -1, Instead: useJoin}, "(*sync.WaitGroup).Wait")
	add(Entry{Effects: Spawns, Spawn: Goroutine, Body: 0}, "(*sync.WaitGroup).Go")
	add(Entry{Effects: Blocks | Waits | WaitUnlocks, Body: -1, Instead: "a runtime.Chan or runtime.Semaphore"},
		"(*sync.Cond).Wait")
	add(Entry{Effects: BindsLock, Body: -1}, "sync.NewCond")
	add(Entry{Effects: Wakes, Body: -1}, "(*sync.WaitGroup).Done")
	add(Entry{Effects: Signals, Body: -1}, "(*sync.Cond).Signal", "(*sync.Cond).Broadcast")
	add(Entry{Effects: Counts, Body: -1}, "(*sync.WaitGroup).Add")
}

// errgroup adds golang.org/x/sync/errgroup.
func errgroup() {
	const eg = "golang.org/x/sync/errgroup"
	add(Entry{Effects: Spawns, Spawn: Goroutine, Body: 0}, "(*"+eg+".Group).Go", "(*"+eg+".Group).TryGo")
	add(Entry{Effects: Blocks | Joins | Waits, Body: -1, Instead: useJoin}, "(*"+eg+".Group).Wait")
	add(Entry{Effects: Derives | Inherits, Body: -1, CtxResult: 1}, eg+".WithContext")
	add(Entry{Effects: Limits, Body: -1}, "(*"+eg+".Group).SetLimit")
}

// stdContext adds package context.
func stdContext() {
	add(Entry{Effects: ObservesCancel, Body: -1}, "(context.Context).Done", "(context.Context).Err")
	add(Entry{Effects: NewRoot, Body: -1}, "context.Background", "context.TODO")
	add(Entry{Effects: Inherits | CancelPair, Body: -1}, "context.WithCancel", "context.WithTimeout",
		"context.WithDeadline", "context.WithCancelCause",
		"context.WithDeadlineCause", "context.WithTimeoutCause")
	add(Entry{Effects: Inherits, Body: -1}, "context.WithValue")
	add(none(), "context.WithoutCancel", "context.AfterFunc", "context.Cause")
}

// filesAndOS adds files, processes and the OS.
func filesAndOS() {
	add(blocks(slot),
		"os.ReadFile", "os.WriteFile", "os.Open", "os.OpenFile", "os.Create", "os.ReadDir",
		"os.Stat", "os.Lstat", "os.Remove", "os.RemoveAll", "os.Rename", "os.Mkdir", "os.MkdirAll",
		"os.MkdirTemp", "os.CreateTemp", "os.Truncate", "os.Chmod", "os.Chown", "os.Link", "os.Symlink",
		"os.Readlink", "os.CopyFS",
		"(*os.File).Read", "(*os.File).ReadAt", "(*os.File).Write", "(*os.File).WriteAt",
		"(*os.File).WriteString", "(*os.File).ReadFrom", "(*os.File).WriteTo", "(*os.File).Sync",
		"(*os.File).ReadDir", "(*os.File).Readdir", "(*os.File).Readdirnames", "(*os.File).Stat",
		"(*os.Process).Wait", "os.StartProcess",
		"io/ioutil.ReadFile", "io/ioutil.WriteFile", "io/ioutil.ReadDir", "io/ioutil.TempFile",
		"io/ioutil.TempDir",
		"path/filepath.Walk", "path/filepath.WalkDir", "path/filepath.Glob",
		"(*os/exec.Cmd).Run", "(*os/exec.Cmd).Output", "(*os/exec.Cmd).CombinedOutput",
		"(*os/exec.Cmd).Wait",
		"syscall.Read", "syscall.Write", "syscall.Open", "syscall.Wait4")
	// Writing to the terminal is I/O too, but a log line in a task is
	// the norm, not a bug: the model owns these so their bodies are not
	// used against them.
	add(none(), "(*os.File).Close", "(*os.File).Name", "(*os.File).Fd", "os.Getenv", "os.LookupEnv",
		"os.Getwd", "os.Hostname", "os.Getpid",
		"(*log.Logger).Output", "log/slog.Info", "log/slog.Error",
		"log/slog.Warn", "log/slog.Debug", "(*log/slog.Logger).Info", "(*log/slog.Logger).Error",
		"(*log/slog.Logger).Warn", "(*log/slog.Logger).Debug", "(*log/slog.Logger).Log",
		"(*log/slog.Logger).InfoContext", "(*log/slog.Logger).ErrorContext")
}

// methodCallers adds the standard library's functions that call the
// methods of an interface argument in place: container/heap's and sort's
// (a heap whose Len takes the lock its caller holds around heap.Push
// locks it twice).
func methodCallers() {
	heapMethods := "Len,Less,Swap,Push,Pop"
	add(Entry{Effects: CallsMethods, Body: 0, Methods: heapMethods},
		"container/heap.Init", "container/heap.Push", "container/heap.Pop", "container/heap.Remove", "container/heap.Fix")
	add(Entry{Effects: CallsMethods, Body: 0, Methods: "Len,Less,Swap"},
		"sort.Sort", "sort.Stable", "sort.IsSorted")
}

// formatting adds fmt, log's printing and testing's reports.
func formatting() {
	// Formatting: the Error and String methods of the arguments run on
	// the caller's goroutine (the lock checks follow them). Printing is
	// I/O, owned here like the log lines of filesAndOS.
	add(Entry{Effects: Formats, Body: -1},
		"fmt.Println", "fmt.Printf", "fmt.Print", "fmt.Fprintf", "fmt.Fprintln", "fmt.Fprint",
		"fmt.Sprintf", "fmt.Sprint", "fmt.Sprintln", "fmt.Errorf", "fmt.Appendf", "fmt.Append",
		"fmt.Appendln",
		"log.Println", "log.Printf", "log.Print", "(*log.Logger).Println", "(*log.Logger).Printf",
		"(*log.Logger).Print",
		"(*testing.common).Log", "(*testing.common).Logf")
	add(Entry{Effects: Formats | Fails, Body: -1}, "(*testing.common).Error", "(*testing.common).Errorf",
		"(testing.TB).Error", "(testing.TB).Errorf")
	add(Entry{Effects: Fails, Body: -1}, "(*testing.common).Fail", "(testing.TB).Fail")
	// testify's value assertions compare or measure their arguments by
	// reflection (a channel's len, nil, equality): no channel operation.
	var asserts []string
	for _, pkg := range []string{"github.com/stretchr/testify/assert", "github.com/stretchr/testify/require"} {
		for _, f := range []string{"Nil", "NotNil", "Equal", "NotEqual", "EqualValues", "Same", "NotSame", "Len", "Empty", "NotEmpty", "IsType"} {
			asserts = append(asserts, pkg+"."+f, "(*"+pkg+".Assertions)."+f)
		}
	}
	add(Entry{Effects: Inspects, Body: -1}, asserts...)
}

// exits adds the calls that never return: the paths after them are
// dead.
func exits() {
	add(Entry{Effects: Exits, Body: -1}, "os.Exit", "runtime.Goexit", "log.Fatal", "log.Fatalf", "log.Fatalln",
		"log.Panic", "log.Panicf", "log.Panicln", "(*log.Logger).Fatal", "(*log.Logger).Fatalf",
		"(*log.Logger).Fatalln", "(*log.Logger).Panic", "(*log.Logger).Panicf",
		"(*testing.common).Skip", "(*testing.common).Skipf", "(*testing.common).SkipNow")
	add(Entry{Effects: Exits | Fails, Body: -1},
		"(*testing.common).Fatal", "(*testing.common).Fatalf", "(*testing.common).FailNow",
		"(testing.TB).Fatal", "(testing.TB).Fatalf", "(testing.TB).FailNow")
	// testify's require fails the test unconditionally with these: they
	// call t.FailNow through its TestingT interface.
	const require = "github.com/stretchr/testify/require"
	add(Entry{Effects: Exits | Fails, Body: -1},
		require+".Fail", require+".Failf", require+".FailNow", require+".FailNowf",
		"(*"+require+".Assertions).Fail", "(*"+require+".Assertions).Failf",
		"(*"+require+".Assertions).FailNow", "(*"+require+".Assertions).FailNowf")
}

// network adds the network: net, net/http, net/smtp, net/rpc, crypto/tls.
func network() {
	add(blocks(slot),
		"net.Dial", "net.DialTimeout", "net.DialTCP", "net.DialUDP", "net.DialUnix", "net.DialIP",
		"(*net.Dialer).Dial", "(*net.Dialer).DialContext",
		"net.Listen", "net.ListenPacket", "net.ListenTCP", "net.ListenUDP",
		"net.LookupHost", "net.LookupIP", "net.LookupAddr", "net.LookupCNAME", "net.LookupMX",
		"net.LookupTXT", "net.LookupSRV", "net.LookupNS", "net.LookupPort",
		"(*net.Resolver).LookupHost", "(*net.Resolver).LookupIPAddr", "(*net.Resolver).LookupIP",
		"(*net.Resolver).LookupAddr", "(*net.Resolver).LookupTXT",
		"(net.Conn).Read", "(net.Conn).Write", "(*net.conn).Read", "(*net.conn).Write",
		"(net.Listener).Accept", "(*net.TCPListener).Accept", "(*net.TCPListener).AcceptTCP",
		"(*net.UnixListener).Accept", "(net.PacketConn).ReadFrom", "(net.PacketConn).WriteTo",
		"(*net.UDPConn).ReadFrom", "(*net.UDPConn).ReadFromUDP", "(*net.UDPConn).WriteTo",
		"(*net.UDPConn).WriteToUDP",
		"net/http.Get", "net/http.Head", "net/http.Post", "net/http.PostForm",
		"(*net/http.Client).Do", "(*net/http.Client).Get", "(*net/http.Client).Head",
		"(*net/http.Client).Post", "(*net/http.Client).PostForm",
		"net/http.ListenAndServe", "net/http.ListenAndServeTLS", "net/http.Serve",
		"(*net/http.Server).ListenAndServe", "(*net/http.Server).ListenAndServeTLS",
		"(*net/http.Server).Serve", "(*net/http.Server).Shutdown",
		"(net/http.RoundTripper).RoundTrip", "(*net/http.Transport).RoundTrip",
		"net/smtp.SendMail", "net/rpc.Dial", "(*net/rpc.Client).Call",
		"crypto/tls.Dial", "(*crypto/tls.Conn).Handshake", "(*crypto/tls.Conn).Read",
		"(*crypto/tls.Conn).Write")
	add(none(), "(net.Conn).Close", "(net.Listener).Close", "(*net/http.Request).Context",
		"net/http.NewRequestWithContext")
	add(Entry{Body: -1, CtxVariant: "NewRequestWithContext"}, "net/http.NewRequest")
}

// databaseSQL adds database/sql.
func databaseSQL() {
	const sql = "database/sql"
	add(blocks(slot),
		sql+".Open", "(*"+sql+".DB).Ping", "(*"+sql+".DB).PingContext",
		"(*"+sql+".DB).Query", "(*"+sql+".DB).QueryContext", "(*"+sql+".DB).QueryRow",
		"(*"+sql+".DB).QueryRowContext", "(*"+sql+".DB).Exec", "(*"+sql+".DB).ExecContext",
		"(*"+sql+".DB).Prepare", "(*"+sql+".DB).PrepareContext", "(*"+sql+".DB).Begin",
		"(*"+sql+".DB).BeginTx", "(*"+sql+".DB).Conn",
		"(*"+sql+".Tx).Query", "(*"+sql+".Tx).QueryContext", "(*"+sql+".Tx).QueryRow",
		"(*"+sql+".Tx).QueryRowContext", "(*"+sql+".Tx).Exec", "(*"+sql+".Tx).ExecContext",
		"(*"+sql+".Tx).Commit", "(*"+sql+".Tx).Rollback", "(*"+sql+".Tx).Prepare",
		"(*"+sql+".Stmt).Query", "(*"+sql+".Stmt).QueryContext", "(*"+sql+".Stmt).QueryRow",
		"(*"+sql+".Stmt).QueryRowContext", "(*"+sql+".Stmt).Exec", "(*"+sql+".Stmt).ExecContext",
		"(*"+sql+".Rows).Next", "(*"+sql+".Row).Scan",
		"(*"+sql+".Conn).QueryContext", "(*"+sql+".Conn).ExecContext", "(*"+sql+".Conn).QueryRowContext",
		"(*"+sql+".Conn).PingContext", "(*"+sql+".Conn).BeginTx")
	add(none(), "(*"+sql+".Rows).Scan", "(*"+sql+".Rows).Close", "(*"+sql+".Rows).Err",
		"(*"+sql+".DB).Close", "(*"+sql+".DB).SetMaxOpenConns")
}
