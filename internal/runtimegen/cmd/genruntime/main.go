// Command genruntime writes oaiguard's generated runtime packages. The
// checked-in runtimes under runtime/ run it from go:generate:
//
//	genruntime -sdk github.com/openai/openai-go/v3 -dir .
//
// It writes the generator's files, deletes files that an earlier run of the
// generator wrote and that it no longer produces, and leaves hand-written
// files (tests, the go:generate file) alone. With -core it writes only
// tables.go of internal/runtimegen/core. With -helpers it also writes the
// runtime module's copies of the test helpers (fakeapi, overhead) there.
//
// The request types are loaded from the module around -dir with GOWORK=off:
// a checked-in runtime is a module of its own that requires the lowest SDK
// version it supports, and is generated from that version, not from the
// newer one a workspace would select. Without -version, the SDK version is
// the one that module requires.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/oaiguard/oaiguard/internal/runtimegen"
)

func main() {
	var (
		sdkPath = flag.String("sdk", "", "module path of the SDK to generate for")
		version = flag.String("version", "", "SDK version the runtime must compile against (default: the one the module around -dir requires)")
		pkg     = flag.String("pkg", "", "package name (default oaiguard)")
		dir     = flag.String("dir", ".", "directory to write")
		core    = flag.String("core", "", "write tables.go of package core into this directory instead")
		helpers = flag.String("helpers", "", "also write the test helper packages (fakeapi, overhead) into this directory")
	)
	flag.Parse()
	if err := run(*sdkPath, *version, *pkg, *dir, *core, *helpers); err != nil {
		fmt.Fprintln(os.Stderr, "genruntime:", err)
		os.Exit(1)
	}
}

func run(sdkPath, version, pkg, dir, core, helpers string) error {
	if core != "" {
		src, err := runtimegen.Tables("core")
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(core, "tables.go"), src, 0o666)
	}
	if err := os.Setenv("GOWORK", "off"); err != nil {
		return err
	}
	if version == "" {
		v, err := runtimegen.RequiredVersion(dir, sdkPath)
		if err != nil {
			return err
		}
		version = v
	}
	files, err := runtimegen.Generate(runtimegen.Options{SDK: sdkPath, SDKVersion: version, Package: pkg, Dir: dir})
	if err != nil {
		return err
	}
	if err := runtimegen.WriteDir(dir, files); err != nil {
		return err
	}
	if helpers != "" {
		return runtimegen.WriteHelpers(helpers)
	}
	return nil
}
