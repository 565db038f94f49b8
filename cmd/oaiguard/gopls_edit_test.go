package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEditGopls: the edit finds its anchor in the pinned gopls's source
// and changes that one line; where the anchor is missing it fails naming
// the file and the anchor, and writes nothing.
func TestEditGopls(t *testing.T) {
	cmd := exec.Command("go", "mod", "download", "-json", goplsModule+"@"+goplsVersion)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	out, err := cmd.Output()
	var dl struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &dl); err != nil || jerr != nil || dl.Dir == "" {
		t.Fatalf("go mod download %s@%s: %v %v %s", goplsModule, goplsVersion, err, jerr, dl.Error)
	}
	orig, err := os.ReadFile(filepath.Join(dl.Dir, goplsFile))
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	name := filepath.Join(dir, goplsFile)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := editGopls(dir, goplsVersion); err != nil {
		t.Fatal(err)
	}
	edited, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(edited), strings.Replace(string(orig), goplsAnchor, goplsAdded, 1); got != want || got == string(orig) {
		t.Errorf("edited %s is not the original with one line changed", goplsFile)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(name), "oaiguard_analyzers.go")); err != nil {
		t.Errorf("generated file: %v", err)
	}

	// A gopls whose list ends otherwise.
	dir = t.TempDir()
	name = filepath.Join(dir, goplsFile)
	os.MkdirAll(filepath.Dir(name), 0o755)
	changed := strings.Replace(string(orig), goplsAnchor, "return res", 1)
	if err := os.WriteFile(name, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	err = editGopls(dir, "v9.9.9")
	if err == nil {
		t.Fatal("no error for a gopls without the anchor")
	}
	for _, w := range []string{"v9.9.9", goplsFile, goplsAnchor, "tested with gopls " + goplsVersion} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	if data, _ := os.ReadFile(name); string(data) != changed {
		t.Errorf("%s changed after the error", goplsFile)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(name), "oaiguard_analyzers.go")); err == nil {
		t.Errorf("generated file written after the error")
	}

	// Missing file.
	if err := editGopls(t.TempDir(), "v9.9.9"); err == nil || !strings.Contains(err.Error(), "analysis.go") {
		t.Errorf("no gopls source: error %v, want one naming %s", err, goplsFile)
	}
}

// TestGoplsBadInput: bad arguments fail before anything is downloaded or
// built, with a message that says what is wrong.
func TestGoplsBadInput(t *testing.T) {
	notOaiguard := t.TempDir()
	os.WriteFile(filepath.Join(notOaiguard, "go.mod"), []byte("module example.com/other\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"extra"}, "unexpected arguments: extra"},
		{[]string{"-version", "latest"}, `-version "latest": not a module version`},
		{[]string{"-o", filepath.Join(t.TempDir(), "gopls"), "-src", filepath.Join(t.TempDir(), "none")}, "go.mod"},
		{[]string{"-o", filepath.Join(t.TempDir(), "gopls"), "-src", notOaiguard}, `module "example.com/other", not github.com/oaiguard/oaiguard`},
	} {
		var stdout, stderr strings.Builder
		err := goplsMain(c.args, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("oaiguard gopls %v: error %v, want one containing %q", c.args, err, c.want)
		}
		if stdout.Len() > 0 {
			t.Errorf("oaiguard gopls %v: stdout %q", c.args, stdout.String())
		}
	}
}
