package core

import "bytes"

// requestCost is what the limiter reads from a JSON request body: the
// model, which picks the limiter, and the tokens the server will reserve
// for the request: its prompt (about a token per 4 bytes of text) plus the
// output it may produce (max_tokens, max_completion_tokens or
// max_output_tokens, times n).
type requestCost struct {
	model  []byte // points into the body
	tokens float64
}

// bytesPerToken is the rule of thumb for English text and code.
const bytesPerToken = 4

// imageBytes stands for an inline image (a data: URI) in the prompt
// estimate: about 750 tokens, a high-detail tile set, instead of the
// length of its base64 text.
const imageBytes = 750 * bytesPerToken

// scanRequest reads the cost of a JSON request body in one pass, without
// allocating. Bodies that are not a JSON object cost nothing.
func scanRequest(b []byte) requestCost {
	var (
		rc                       requestCost
		promptBytes              int
		maxOut, n                int64
		depth                    int
		key                      []byte // the last key of the top-level object
		i                        int
		sawObject                bool
		maxTokensKey, nKey, mKey bool
	)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '{' || c == '[':
			if depth == 0 {
				if c != '{' || sawObject {
					return requestCost{}
				}
				sawObject = true
			}
			depth++
			i++
		case c == '}' || c == ']':
			depth--
			i++
			if depth < 0 {
				return requestCost{}
			}
		case c == '"':
			end := stringEnd(b, i+1)
			if end < 0 {
				return requestCost{}
			}
			s := b[i+1 : end]
			i = end + 1
			j := i
			for j < len(b) && isSpace(b[j]) {
				j++
			}
			if j < len(b) && b[j] == ':' {
				if depth == 1 {
					key = s
					mKey = string(key) == "model"
					nKey = string(key) == "n"
					maxTokensKey = string(key) == "max_tokens" || string(key) == "max_completion_tokens" || string(key) == "max_output_tokens"
				}
				i = j + 1
				continue
			}
			switch {
			case depth == 1 && mKey:
				rc.model = s
			case hasPrefix(s, "data:"):
				promptBytes += imageBytes
			default:
				promptBytes += len(s)
			}
		case c == '-' || c >= '0' && c <= '9':
			j := i
			for j < len(b) && (b[j] == '-' || b[j] == '+' || b[j] == '.' || b[j] == 'e' || b[j] == 'E' || b[j] >= '0' && b[j] <= '9') {
				j++
			}
			if depth == 1 && (maxTokensKey || nKey) {
				if v, ok := parseUint(b[i:j]); ok {
					if nKey {
						n = v
					} else {
						maxOut = v
					}
				}
			}
			i = j
		default:
			i++
		}
	}
	if !sawObject || depth != 0 {
		return requestCost{}
	}
	if n < 1 {
		n = 1
	}
	rc.tokens = float64(promptBytes)/bytesPerToken + float64(maxOut)*float64(n)
	return rc
}

// stringEnd returns the index of the quote that closes the JSON string
// whose text starts at b[i], or -1. Prompts are long: it jumps to the next
// quote, and only when a backslash comes right before it counts the
// backslashes, since a quote preceded by an odd number of them is escaped.
func stringEnd(b []byte, i int) int {
	for i < len(b) {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return -1
		}
		q := i + j
		k := q
		for k > i && b[k-1] == '\\' {
			k--
		}
		if (q-k)%2 == 0 {
			// No backslash, or backslashes that escape each other.
			return q
		}
		i = q + 1
	}
	return -1
}

// parseUint reads a non-negative integer below 2^40; larger or other
// numbers are not token counts.
func parseUint(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 12 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, v < 1<<40
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }
