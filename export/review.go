package export

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"anketa/storage"
)

// Review decisions: the review stores (review.db, review-NAME.db) among
// the inputs hold the coordinators' approvals and rejections. Export and
// report leave rejected sessions out unless told to keep them, and count
// them apart; the latest decision on a session wins, whichever store
// holds it.

// FindReviews lists the review stores among paths: files named as
// review stores, given or inside the folders given.
func FindReviews(paths []string) []string {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		switch {
		case err != nil:
		case !info.IsDir():
			if storage.IsReviewName(p) {
				out = append(out, p)
			}
		default:
			filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && d.Type().IsRegular() && storage.IsReviewName(path) {
					out = append(out, path)
				}
				return nil
			})
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Decisions are the merged decisions of review stores, by session.
type Decisions map[storage.ID]storage.Decision

// Rejected reports whether the session's latest decision rejects it.
func (d Decisions) Rejected(id storage.ID) bool {
	x, ok := d[id]
	return ok && x.Verdict == storage.Rejected
}

// LoadDecisions reads the review stores among paths for questionnaire
// qid; one of another questionnaire, or one that cannot be read, is a
// problem that names it, and its decisions are not used.
func LoadDecisions(paths []string, qid string) (Decisions, []Problem) {
	out := Decisions{}
	var problems []Problem
	for _, p := range FindReviews(paths) {
		r, err := storage.OpenReviewReadOnly(p)
		if err != nil {
			problems = append(problems, Problem{p, fmt.Errorf("%v; its decisions were not used", trimPath(err, p))})
			continue
		}
		if r.QuestionnaireID() != qid {
			problems = append(problems, Problem{p, fmt.Errorf("it reviews %s, not %s; its decisions were not used (keep it with the stores of %s)", r.QuestionnaireID(), qid, r.QuestionnaireID())})
			r.Close()
			continue
		}
		err = r.Decisions(func(d storage.Decision) {
			if old, ok := out[d.Session]; !ok || d.Time.After(old.Time) {
				out[d.Session] = d
			}
		}, func(err error) {
			problems = append(problems, Problem{p, fmt.Errorf("%v; that decision was not used", trimPath(err, p))})
		})
		if err != nil {
			problems = append(problems, Problem{p, err})
		}
		r.Close()
	}
	return out, problems
}
