//go:build !race

package overhead

const raceEnabled = false
