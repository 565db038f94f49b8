//go:build !race

package oaiguard_test

const raceEnabled = false
