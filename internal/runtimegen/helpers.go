package runtimegen

import (
	"bytes"
	"embed"
	"fmt"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// helpersFS holds the test helpers of the checked-in runtimes: fakeapi (a
// scripted fake of the API) and overhead (what a wrapper adds to a call).
// Each runtime is a module of its own that requires nothing of this one, so
// it gets a copy of them under its internal directory.
//
//go:embed fakeapi/*.go overhead/*.go
var helpersFS embed.FS

// TestHelpers returns the files of the runtimes' test helper packages by
// path relative to a runtime module's internal directory
// ("fakeapi/fakeapi.go", …), each the source with Marker on top.
func TestHelpers() (map[string][]byte, error) {
	files := make(map[string][]byte)
	for _, dir := range []string{"fakeapi", "overhead"} {
		entries, err := helpersFS.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			src, err := helpersFS.ReadFile(path.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			files[path.Join(dir, e.Name())] = append([]byte(Marker+"\n\n"), src...)
		}
	}
	return files, nil
}

// WriteHelpers writes TestHelpers into dir (a runtime module's internal
// directory), one WriteDir per package.
func WriteHelpers(dir string) error {
	files, err := TestHelpers()
	if err != nil {
		return err
	}
	byDir := map[string]map[string][]byte{}
	for name, src := range files {
		d, base := path.Split(name)
		d = strings.TrimSuffix(d, "/")
		if byDir[d] == nil {
			byDir[d] = map[string][]byte{}
		}
		byDir[d][base] = src
	}
	for d, files := range byDir {
		if err := WriteDir(filepath.Join(dir, d), files); err != nil {
			return err
		}
	}
	return nil
}

// RequiredVersion is the version of module that the module around dir
// selects (`go list -m`, with the caller's environment: GOWORK=off gives
// the module's own requirements).
func RequiredVersion(dir, module string) (string, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Version}}", module)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("runtimegen: the version of %s in %s: %v: %s", module, dir, err, strings.TrimSpace(stderr.String()))
	}
	v := strings.TrimSpace(string(out))
	if v == "" {
		return "", fmt.Errorf("runtimegen: the module in %s does not require %s", dir, module)
	}
	return v, nil
}
