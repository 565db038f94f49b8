package detrand

import (
	"math"
	"testing"
)

func TestSameInputsSameNumber(t *testing.T) {
	if Float(7, 1, 2, 3) != Float(7, 1, 2, 3) {
		t.Error("the same seed and ids gave different numbers")
	}
	distinct := map[float64]bool{}
	for _, ids := range [][]uint64{{1, 2, 3}, {1, 3, 2}, {2, 1, 3}, {1, 2}, {1, 2, 3, 0}} {
		distinct[Float(7, ids...)] = true
	}
	distinct[Float(8, 1, 2, 3)] = true
	if len(distinct) != 6 {
		t.Errorf("order, length and seed should all change the number; got %d distinct of 6", len(distinct))
	}
}

func TestDistributions(t *testing.T) {
	const n = 20000
	var sumU, sumE, sumL float64
	for i := range uint64(n) {
		u := Float(1, i)
		if u < 0 || u >= 1 {
			t.Fatalf("Float = %v, outside [0, 1)", u)
		}
		sumU += u
		sumE += Exp(2, 1, i)
		sumL += LogNormal(math.Log(1200)-0.18, 0.6, 1, i)
	}
	for _, c := range []struct {
		name       string
		mean, want float64
	}{
		{"uniform", sumU / n, 0.5},
		{"exponential", sumE / n, 2},
		{"lognormal", sumL / n, 1200},
	} {
		if math.Abs(c.mean-c.want) > 0.03*c.want {
			t.Errorf("%s mean %.3f over %d draws, want %.3f ± 3%%", c.name, c.mean, n, c.want)
		}
	}
}
