// Package brokenretry defines an Analyzer that reports retry handling that
// exists but is wrong. It currently reports stacked retry layers: a retry
// helper, loop or retrying HTTP client around a call whose SDK still retries
// by itself, which multiplies the attempts each call can make.
package brokenretry
