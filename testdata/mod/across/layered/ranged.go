package layered

import (
	"context"
	"strings"

	"example.com/fixtures/across/client"
	goopenai "github.com/sashabaranov/go-openai"
)

// The texts come from a range over constants, one of them an SDK
// constant that go-openai's Error() never holds.
func rateLimited(ctx context.Context, c *client.Client) bool {
	_, err := c.Chat(ctx, "hi") // want `c.Chat has no retry handling`
	if err == nil {
		return false
	}
	for _, t := range []string{string(goopenai.RunErrorRateLimitExceeded), "status code: 429"} {
		if strings.Contains(err.Error(), t) { // want `err.Error\(\) matched against each of \("rate_limit_exceeded": a rate limit, never matches; "status code: 429": a rate limit\): go-openai's Error\(\) holds the status and message but never the error's code or type; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsQuotaExhausted\(err\) \|\| oaiguard.IsRequestTooLarge\(err\) instead of the loop \(the error comes from go-openai via example.com/fixtures/across/client.Client.Chat\)`
			return true
		}
	}
	return false
}

// An error parameter in a package that imports go-openai, matched
// against an array of texts.
func inList(err error) bool {
	for _, t := range [...]string{"quota", string(goopenai.RunErrorRateLimitExceeded)} {
		if strings.Contains(err.Error(), t) { // want `err.Error\(\) matched against each of \("quota": an exhausted quota; "rate_limit_exceeded": a rate limit, never matches\): go-openai's Error\(\) holds the status and message but never the error's code or type; use oaiguard.IsQuotaExhausted\(err\), oaiguard.IsRateLimited\(err\) instead of the loop`
			return true
		}
	}
	return false
}

// The loop's variable changes in the body: silent.
func changed(err error) bool {
	for _, t := range []string{"status code: 429"} {
		t = strings.ToUpper(t)
		if strings.Contains(err.Error(), t) {
			return true
		}
	}
	return false
}

// The module's own texts, on an error of unknown origin: silent.
func words(err error) bool {
	for _, t := range []string{"busy", "try later"} {
		if strings.Contains(err.Error(), t) {
			return true
		}
	}
	return false
}
