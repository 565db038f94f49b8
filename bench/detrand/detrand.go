// Package detrand draws random numbers from a seed and a tuple of ids,
// without shared state: the same (seed, ids) always gives the same number,
// whatever order goroutines ask in. The storm benchmark uses it so that the
// n-th attempt of a logical request meets the same fault, and a request has
// the same size, for every strategy in a run.
package detrand

import "math"

// Float returns a number in [0, 1) determined by seed and ids.
func Float(seed uint64, ids ...uint64) float64 {
	return float64(Uint64(seed, ids...)>>11) / (1 << 53)
}

// Uint64 returns 64 random bits determined by seed and ids.
func Uint64(seed uint64, ids ...uint64) uint64 {
	h := mix(seed ^ 0x9e3779b97f4a7c15)
	for _, id := range ids {
		h = mix(h ^ mix(id+0x632be59bd9b4e019))
	}
	return h
}

// LogNormal returns exp(mu + sigma·Z) for a standard normal Z drawn from
// seed and ids (Box–Muller over two independent uniforms).
func LogNormal(mu, sigma float64, seed uint64, ids ...uint64) float64 {
	k := make([]uint64, len(ids)+1)
	copy(k, ids)
	k[len(ids)] = 1
	u1 := Float(seed, k...)
	k[len(ids)] = 2
	u2 := Float(seed, k...)
	if u1 < 1e-300 {
		u1 = 1e-300
	}
	z := math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
	return math.Exp(mu + sigma*z)
}

// Exp returns an exponentially distributed number with the given mean.
func Exp(mean float64, seed uint64, ids ...uint64) float64 {
	return -mean * math.Log(1-Float(seed, ids...))
}

// mix is the splitmix64 finaliser: a bijection with good avalanche.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
