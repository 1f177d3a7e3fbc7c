//go:build race

package main

// raceEnabled says the tests run with -race; the binary they build for the
// crash tests is then built with -race too (reusing the cached packages).
const raceEnabled = true
