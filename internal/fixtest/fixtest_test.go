package fixtest

import "testing"

func TestGofmt(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"package p\n\nfunc f() {\n\ta()  // x\n\tbb() // y\n}\n", true},
		{"package p\n\nfunc f() {\n\ta() // x\n\tbbbbbbb() // y\n}\n", true}, // only the comments' column differs
		{"package p\n\nfunc f() {\n\ta( ) // x\n}\n", false},
		{"package p\n\nimport (\n\t\"os\"\n\t\"fmt\"\n)\n", false},
		{"package p\n\nfunc f() {\n\n\n\ta()\n}\n", false},
		{"package p\n\nvar s = \"a  // b\"\n", true},
		{"package p\n\nvar s = \"a  // b\"  // c\n", true},
	} {
		if got := Gofmt([]byte(tc.src)); got != tc.want {
			t.Errorf("Gofmt(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}
