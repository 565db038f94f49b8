// Package transport defines an Analyzer that reports go-openai clients
// built without oaiguard's transport whose calls oaiguard's runtime
// retries, or will once the unretried and brokenretry fixes are applied.
//
// go-openai's errors keep no response headers, so the runtime sees the
// server's Retry-After, retry-after-ms and x-ratelimit-* headers, and
// paces the requests of an API key, only when its transport sends them.
// The fix builds the client with the runtime's NewClient, or passes the
// config through its Configure.
package transport
