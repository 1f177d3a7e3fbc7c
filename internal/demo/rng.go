package demo

import (
	"encoding/hex"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
)

// newRand returns the random stream for one purpose (stream) and index,
// derived from the seed alone, so that each person's data does not depend
// on how many draws another part made.
func newRand(seed int64, stream string, i int) *rand.Rand {
	h := fnv.New64a()
	_, _ = h.Write([]byte(stream))
	return rand.New(rand.NewPCG(uint64(seed), h.Sum64()^(uint64(i)+1)*0x9E3779B97F4A7C15))
}

// newUUID draws a version 4 UUID from r.
func newUUID(r *rand.Rand) string {
	var b [16]byte
	x, y := r.Uint64(), r.Uint64()
	for i := range 8 {
		b[i], b[8+i] = byte(x>>(8*i)), byte(y>>(8*i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a uniform value in [lo, hi).
func between(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// betweenInt returns a uniform integer in [lo, hi].
func betweenInt(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// logNormal returns a value with the given median and log-space spread.
func logNormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// poisson draws a Poisson count with mean lambda.
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// expDays draws an exponential wait with the given mean, capped.
func expDays(r *rand.Rand, mean, maxDays float64) float64 {
	return math.Min(r.ExpFloat64()*mean, maxDays)
}

// cumulative holds running sums of weights for weighted draws.
type cumulative []float64

func newCumulative(weights []float64) cumulative {
	c := make(cumulative, len(weights))
	sum := 0.0
	for i, w := range weights {
		sum += w
		c[i] = sum
	}
	return c
}

// draw returns an index in [lo, len) with probability proportional to its
// weight; -1 when those weights are all zero.
func (c cumulative) draw(r *rand.Rand, lo int) int {
	if lo >= len(c) {
		return -1
	}
	base := 0.0
	if lo > 0 {
		base = c[lo-1]
	}
	total := c[len(c)-1] - base
	if total <= 0 {
		return -1
	}
	u := base + r.Float64()*total
	i := sort.SearchFloat64s(c, u)
	for i < len(c)-1 && c[i] <= u {
		i++
	}
	return max(i, lo)
}

// pick returns a uniformly chosen element.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
