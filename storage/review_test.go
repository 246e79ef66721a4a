package storage

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestReviewStore: decisions are kept across a reopen, a later one
// replaces an earlier, a rejection needs a reason; a review store of
// another questionnaire, a second window, a damaged file and a session
// store given as a review store are refused with what to do; Open
// refuses a review store as a session store.
func TestReviewStore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "review.db")
	r, err := OpenReview(path, "spokojenost")
	must(t, err)
	a, b := ID(uuid.Must(uuid.NewV7())), ID(uuid.Must(uuid.NewV7()))
	if err := r.Decide(Decision{Session: a, Verdict: Rejected}); err == nil {
		t.Error("a rejection without a reason was kept")
	}
	must(t, r.Decide(Decision{Session: a, Verdict: Rejected, Reason: "příliš krátký", Reviewer: "K1", Time: time.Unix(100, 0)}))
	must(t, r.Decide(Decision{Session: b, Verdict: Rejected, Reason: "přímka", Reviewer: "K1"}))
	must(t, r.Decide(Decision{Session: b, Verdict: Approved, Reviewer: "K2"}))
	if _, err := OpenReview(path, "spokojenost"); err == nil || !strings.Contains(err.Error(), "another window is reviewing") {
		t.Errorf("a second window: %v", err)
	}
	r.Close()

	r, err = OpenReviewReadOnly(path)
	must(t, err)
	var got []string
	must(t, r.Decisions(func(d Decision) { got = append(got, d.Verdict.String()+" "+d.Reason+" "+d.Reviewer) }, func(err error) { t.Error(err) }))
	r.Close()
	if strings.Join(got, "|") != "rejected příliš krátký K1|approved  K2" {
		t.Errorf("decisions: %q", got)
	}
	if _, err := OpenReview(path, "prispevek"); !errors.Is(err, ErrOtherQuestionnaire) || !strings.Contains(err.Error(), "it reviews spokojenost, these stores hold prispevek") {
		t.Errorf("another questionnaire: %v", err)
	}
	if _, err := Open(path); !errors.Is(err, ErrNotStore) || !strings.Contains(err.Error(), "it is a review store") {
		t.Errorf("a review store opened as a store: %v", err)
	}
	s, storePath := openTemp(t)
	s.Close()
	if _, err := OpenReview(storePath, "spokojenost"); err == nil || !strings.Contains(err.Error(), "not a review store") {
		t.Errorf("a session store as a review store: %v", err)
	}
	bad := filepath.Join(dir, "review-bad.db")
	os.WriteFile(bad, []byte(strings.Repeat("x", 8192)), 0o600)
	if _, err := OpenReview(bad, "spokojenost"); err == nil || !strings.Contains(err.Error(), "damaged or not a review store") {
		t.Errorf("a damaged review store: %v", err)
	}
	if !IsReviewName(path) || !IsReviewName(bad) || IsReviewName(storePath) {
		t.Error("review store names")
	}
}
