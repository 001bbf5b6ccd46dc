package fake

import "sync"

// Locked guards a fake's state with a mutex.
type Locked[T any] struct {
	mu sync.Mutex
	v  T
}

// NewLocked returns v behind a mutex.
func NewLocked[T any](v T) *Locked[T] { return &Locked[T]{v: v} }

// With runs f with the state locked.
func (l *Locked[T]) With(f func(v *T)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f(&l.v)
}
