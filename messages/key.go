package messages

//go:generate env UPDATE_KEYS=1 go test -run ^TestKeysUpToDate$ .

// Key names a message of the catalog. Every key of the fallback catalog
// (en.txt) is a variable in keys.go, generated from it, so code that
// names a message the catalog lacks does not compile. A key built at
// run time ("reason." + rule) goes through Dynamic; the tests that
// render those messages check them.
type Key struct{ name string }

// Dynamic is a key built at run time.
func Dynamic(name string) Key { return Key{name} }

// String is the key as written in the catalog files.
func (k Key) String() string { return k.name }
