//go:build race

package mockapi_test

// raceEnabled says the race detector is on (it slows the load test down about tenfold).
const raceEnabled = true
