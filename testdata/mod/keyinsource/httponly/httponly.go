// Package httponly reaches go-openai only through another package and
// calls the API by hand: a key in its Authorization header is reported, a
// key-shaped string it does nothing with is not (it imports no SDK).
package httponly

import (
	"net/http"

	"example.com/fixtures/keyinsource/goopenai"
)

func call(req *http.Request) {
	req.Header.Add("Authorization", "Bearer sk-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2") // want `reaches an Authorization header`
	_ = goopenai.FromConfig
}

var unrelated = "sk-proj-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2"
