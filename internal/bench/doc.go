// Package bench holds the SDK's benchmarks against hand-written net/http
// calls; it has no code of its own. Run them with bash .ci/bench (see
// BENCHMARKS.md).
package bench
