package analyzer_test

// acrossErrPkgs are the packages of the multi-package fixture for error
// flow across packages: error types that unwrap, copies of an SDK error's
// text, sentinels whose text looks like an SDK's. TestAcross runs them
// with acrossPkgs.
var acrossErrPkgs = []string{
	"example.com/fixtures/across/wrapllm",
	"example.com/fixtures/across/wrapuse",
}
