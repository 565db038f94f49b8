package keyinsource

import "strings"

// The shapes of OpenAI secret keys. OpenAI publishes no grammar; these are
// the public facts the check relies on:
//
//   - Legacy user keys: "sk-" and 48 characters, 20 + "T3BlbkFJ" + 20, 51
//     in all (community.openai.com/t/what-are-the-valid-characters-for-the-apikey/288643).
//   - Project, service-account and admin keys: "sk-proj-", "sk-svcacct-",
//     "sk-admin-", about 165 characters in all, in the URL-safe alphabet
//     [A-Za-z0-9_-] (vibekit.bot/openai-api-key-format;
//     keyledger.riptides.io/providers/openai lists
//     sk-(?:proj|svcacct)-[A-Za-z0-9_\-]{20,200} and sk-admin-[...]{20,200}).
//
// A key here is one of the prefixes followed by at least minBody characters
// of that alphabet: shorter strings ("sk-test", "sk-1234") are examples and
// test doubles, not keys, and the shortest real key's body is 48.
var prefixes = []string{"sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"}

const (
	minBody = 40  // below the legacy key's 48, for keys cut short by hand
	maxBody = 256 // above the ~157 of a project key's body
)

// keyAlphabet reports whether b may appear in a key's body.
func keyAlphabet(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_' || b == '-'
}

// placeholderWords mark a key-shaped string as an example, not a secret.
// A random body of 150 characters holds one of them by chance with a
// probability below 1e-3.
var placeholderWords = []string{
	"your", "here", "xxxx", "test", "fake", "dummy", "example", "placeholder",
	"redacted", "insert", "replace", "changeme", "mock", "sample", "invalid",
	"secret", "apikey", "api_key", "api-key", "0000", "1234",
}

// placeholder reports whether a key's body is an obvious stand-in: made of
// one or two distinct characters ("sk-xxxx…", "sk-0000…"), or holding a
// word such as "your" or "example".
func placeholder(body string) bool {
	var seen [256]bool
	distinct := 0
	for i := 0; i < len(body); i++ {
		if !seen[body[i]] {
			seen[body[i]] = true
			distinct++
		}
	}
	if distinct <= 2 {
		return true
	}
	lower := strings.ToLower(body)
	for _, w := range placeholderWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// A key found in a string.
type key struct {
	text string // the whole key, never printed
}

// shown is what a message may say of the key: its first 6 characters and
// its length.
func (k key) shown() string { return k.text[:6] + "…, " + itoa(len(k.text)) + " characters" }

// findKeys returns the key-shaped substrings of s that are not
// placeholders: "sk-" at the start of s or after a character outside the
// key alphabet ("Bearer sk-…", a JSON value), then a body of the
// alphabet.
func findKeys(s string) []key {
	var out []key
	for i := 0; i+3 <= len(s); {
		j := strings.Index(s[i:], "sk-")
		if j < 0 {
			break
		}
		start := i + j
		end := start + 3
		for end < len(s) && keyAlphabet(s[end]) {
			end++
		}
		i = end
		if start > 0 && keyAlphabet(s[start-1]) {
			continue // "task-…", "disk-…": not a key's start
		}
		text := s[start:end]
		body := text[3:]
		for _, p := range prefixes {
			if strings.HasPrefix(text, p) {
				body = text[len(p):]
				break
			}
		}
		if len(body) < minBody || len(body) > maxBody || placeholder(body) {
			continue
		}
		out = append(out, key{text})
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
