// Package nosdk reaches no SDK: nothing is reported, not even a key in an
// Authorization header.
package nosdk

import (
	"net/http"
	"os"
)

func call(req *http.Request) {
	req.Header.Set("Authorization", "Bearer sk-proj-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2")
	os.Setenv("OPENAI_API_KEY", "sk-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2")
}
