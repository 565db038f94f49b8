package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/runtimegen"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

const genUsage = `usage: oaiguard gen [-sdk MODULE] [-dir DIR]

gen writes oaiguard's runtime into the current module, as a package that
imports only the SDK and the standard library. Use it for SDKs without a
checked-in runtime (openai-go v1 and v2, github.com/charmbracelet/openai-go),
or to vendor the runtime. Then point the fixes at it:

    oaiguard -unretried.runtime=IMPORTPATH -fix ./...

(gen prints the exact command, with a -CHECK.runtime flag for each check
that inserts runtime calls.)

The module's go line must be 1.21 or later (1.21 gets math/rand where
newer lines get math/rand/v2), and go-openai v1.36.0 or later (before
v1.42.0 without the Responses API's validator); gen refuses older ones
with the command that upgrades them, and writes nothing. After writing,
gen builds the package and fails if it does not build.

Flags:
`

// gen implements `oaiguard gen`.
func gen(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("oaiguard gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sdkPath := fs.String("sdk", "", "SDK module path (default: the one SDK the go.mod requires)\none of: "+strings.Join(runtimegen.SDKs(), ", "))
	dir := fs.String("dir", filepath.Join("internal", runtimeapi.PackageName), "directory to write the runtime package to")
	fs.Usage = func() {
		fmt.Fprint(stderr, genUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	gomod, mf, err := findModule()
	if err != nil {
		return err
	}
	opts := runtimegen.Options{SDK: *sdkPath, GoVersion: "1.16", NoGoLine: true, GoMod: gomod}
	if mf.Go != nil {
		opts.NoGoLine = false
		opts.GoVersion = mf.Go.Version
	}
	var sdks []string
	for _, r := range mf.Require {
		for _, known := range runtimegen.SDKs() {
			if r.Mod.Path == known {
				sdks = append(sdks, known)
				if known == opts.SDK {
					opts.SDKVersion = r.Mod.Version
				}
			}
		}
	}
	if opts.SDK == "" {
		switch len(sdks) {
		case 0:
			return fmt.Errorf("%s requires no supported SDK; name one with -sdk (%s)", gomod, strings.Join(runtimegen.SDKs(), ", "))
		case 1:
			opts.SDK = sdks[0]
			opts.SDKVersion = versionOf(mf, sdks[0])
		default:
			return fmt.Errorf("%s requires several SDKs (%s); choose one with -sdk and run gen once per SDK, each with its own -dir", gomod, strings.Join(sdks, ", "))
		}
	}
	if opts.SDKVersion == "" && slices.Contains(runtimegen.SDKs(), opts.SDK) {
		// The runtime would not build, and go build would say only that
		// no required module provides the SDK's package.
		return fmt.Errorf("%s does not require %s; nothing was written. Add it with\n\tgo get %s\nand run oaiguard gen again", gomod, opts.SDK, opts.SDK)
	}
	files, err := runtimegen.Generate(opts)
	if err != nil {
		return err
	}
	notes := runtimegen.Notes(opts)
	if err := runtimegen.WriteDir(*dir, files); err != nil {
		return err
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(filepath.Dir(gomod), abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return fmt.Errorf("%s is outside the module at %s", *dir, filepath.Dir(gomod))
	}
	importPath := path.Join(mf.Module.Mod.Path, filepath.ToSlash(rel))
	if err := buildRuntime(filepath.Dir(gomod), rel); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote the runtime for %s to %s (%d files)\nfix with: oaiguard%s -fix ./...\n", opts.SDK, *dir, len(files), runtimeFlags(importPath))
	for _, n := range notes {
		fmt.Fprintf(stdout, "(%s)\n", n)
	}
	if sdk.FamilyOfModule(opts.SDK) == sdk.OpenAIGo {
		fmt.Fprintf(stdout, "(openai-go retries by itself, so only calls with its retries off are fixed; add -unretried.strict to wrap every call)\n")
	}
	return nil
}

// runtimeFlags spells the flags that point every check's fixes at the
// runtime at importPath: each check that inserts runtime calls has a
// "runtime" flag.
func runtimeFlags(importPath string) string {
	var b strings.Builder
	for _, a := range analyzer.All() {
		if a.Flags.Lookup("runtime") != nil {
			fmt.Fprintf(&b, " -%s.runtime=%s", a.Name, importPath)
		}
	}
	return b.String()
}

// buildRuntime builds the package gen wrote, at rel in the module rooted
// at root, with the user's go command, so that gen never leaves a module
// that does not compile without saying so.
func buildRuntime(root, rel string) error {
	pkg := "./" + filepath.ToSlash(rel)
	cmd := exec.Command("go", "build", pkg)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	return fmt.Errorf("wrote the runtime to %s, but it does not build (go build %s: %v):\n%s"+
		"Your module does not compile until this is fixed. Errors in a file of yours in %s are yours to fix; "+
		"errors in files gen wrote (they start with %q) are a bug in oaiguard gen: please report them with your go.mod. "+
		"To undo, delete the files gen wrote", rel, pkg, err, out, rel, runtimegen.Marker)
}

func versionOf(mf *modfile.File, mod string) string {
	for _, r := range mf.Require {
		if r.Mod.Path == mod {
			return r.Mod.Version
		}
	}
	return ""
}

// findModule finds and parses the go.mod of the module around the current
// directory.
func findModule() (string, *modfile.File, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", nil, err
	}
	for {
		gomod := filepath.Join(dir, "go.mod")
		data, err := os.ReadFile(gomod)
		if err == nil {
			mf, err := modfile.Parse(gomod, data, nil)
			if err != nil {
				return "", nil, err
			}
			if mf.Module == nil {
				return "", nil, fmt.Errorf("%s has no module line", gomod)
			}
			return gomod, mf, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", nil, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil, errors.New("no go.mod here or in any parent directory: run gen inside the module that calls the SDK")
		}
		dir = parent
	}
}
