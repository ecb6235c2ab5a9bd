// Package static holds the console's CSS, JavaScript and images, embedded in
// the binary so the console needs no CDN and works offline.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
)

//go:embed css js img
var FS embed.FS

// version is a short hash of every embedded file, appended to asset URLs so
// browsers may cache them for long and still see a new build at once.
var version = func() string {
	h := sha256.New()
	fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := FS.ReadFile(path)
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}()

// URL returns the cache-busting URL of the embedded file at path (e.g. "css/console.css").
func URL(path string) string { return "/static/" + path + "?v=" + version }
