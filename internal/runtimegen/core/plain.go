package core

import (
	"reflect"
	"sync"
	"sync/atomic"
)

// plainData reports whether values of type R can hold nothing but data:
// no function, channel, unsafe pointer or interface other than error and
// the empty interface (which decoded JSON fills with maps, slices, strings,
// numbers and booleans). A call whose result is plain data leaves no
// reference to its middleware behind (a pager, which keeps its request's
// configuration and so the middleware for its next page, is not plain), so
// its state can be reused. The answer is computed once per type.
func plainData[R any]() bool {
	t := reflect.TypeOf((*R)(nil)).Elem()
	if last := lastPlain.Load(); last != nil && last.t == t {
		return last.plain
	}
	var plain bool
	if v, ok := plainTypes.Load(t); ok {
		plain = v.(bool)
	} else {
		plain = isPlain(t, make(map[reflect.Type]bool))
		plainTypes.Store(t, plain)
	}
	lastPlain.Store(&plainType{t, plain})
	return plain
}

var plainTypes sync.Map // reflect.Type → bool

// lastPlain is the type plainData answered last: programs call one or two
// methods most of the time, and a pointer comparison is cheaper than the
// map.
var lastPlain atomic.Pointer[plainType]

type plainType struct {
	t     reflect.Type
	plain bool
}

var (
	errorType = reflect.TypeOf((*error)(nil)).Elem()
	anyType   = reflect.TypeOf((*any)(nil)).Elem()
)

// isPlain is plainData for t; seen holds the types under examination, which
// recursive types meet again.
func isPlain(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return false
	case reflect.Interface:
		return t == errorType || t == anyType
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return isPlain(t.Elem(), seen)
	case reflect.Map:
		return isPlain(t.Key(), seen) && isPlain(t.Elem(), seen)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if !isPlain(t.Field(i).Type, seen) {
				return false
			}
		}
	}
	return true
}
