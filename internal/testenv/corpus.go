package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// CorpusEnv names the variable that points at the xAPI corpus when it is not
// at ../shared/xapi-corpus beside the checkout.
const CorpusEnv = "LEERLIJN_XAPI_CORPUS"

// Corpus returns the root of the shared xAPI corpus (with valid/ and
// invalid/ below it). Outside the workplace the corpus is absent: the test is
// skipped with a message saying so, except under CI=true, where it fails.
func Corpus(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv(CorpusEnv)
	if dir == "" {
		dir = filepath.Join(repoRoot(), "..", "shared", "xapi-corpus")
	}
	if st, err := os.Stat(filepath.Join(dir, "valid")); err == nil && st.IsDir() {
		return dir
	}
	msg := "xAPI corpus not found at " + dir + ": set " + CorpusEnv + " to the corpus root (with valid/ and invalid/)"
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg + " (CI=true: a missing corpus fails)")
	}
	tb.Skip(msg + " (skipped outside CI)")
	return ""
}

// CorpusFiles returns the JSON files under root/sub (e.g. "valid"), sorted,
// as paths relative to root/sub.
func CorpusFiles(tb testing.TB, root, sub string) []string {
	tb.Helper()
	var files []string
	base := filepath.Join(root, sub)
	err := filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(p) == ".json" {
			rel, err := filepath.Rel(base, p)
			if err != nil {
				return err
			}
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("list corpus %s: %v", base, err)
	}
	if len(files) == 0 {
		tb.Fatalf("list corpus %s: no .json files", base)
	}
	return files
}

// repoRoot is the checkout's root, found from this source file's location.
func repoRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		wd, _ := os.Getwd()
		return wd
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// RepoRoot returns the checkout's root directory.
func RepoRoot() string { return repoRoot() }
