package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// Cluster modes: which interviews are taken to resemble one another.
// Interviews by one interviewer on one day share the interviewer's manner
// and the day's queue; about 37 of them make a cluster at a busy counter.
const (
	ClusterInterviewerDay = "interviewer-day"
	ClusterDay            = "day"
	ClusterInterviewer    = "interviewer"
	ClusterNone           = "none"
)

// ParseCluster checks a --cluster value; "" is interviewer-day.
func ParseCluster(s string) (string, error) {
	switch s {
	case "":
		return ClusterInterviewerDay, nil
	case ClusterInterviewerDay, ClusterDay, ClusterInterviewer, ClusterNone:
		return s, nil
	}
	return "", fmt.Errorf("--cluster is %s, %s, %s or %s, not %q", ClusterInterviewerDay, ClusterDay, ClusterInterviewer, ClusterNone, s)
}

// Design is the design effect of clustering, per scale question (Kish
// 1965): deff = 1 + (m̄ − 1)·ρ with m̄ the mean cluster size and ρ the
// intra-class correlation by the ANOVA estimator, estimated once over
// every counted interview and applied to every group's intervals.
type Design struct {
	Cluster   string            `json:"cluster"`
	Clusters  int               `json:"clusters"`
	MeanSize  float64           `json:"mean_cluster_size"`
	Questions []*QuestionDesign `json:"questions"`
}

// QuestionDesign is one scale question's design effect: of its
// favorable share (ICC, Deff, which the honesty marks use) and of its
// mean grade (ICCMean, DeffMean).
type QuestionDesign struct {
	Name       string  `json:"name"`
	Label      string  `json:"label"`
	N          int     `json:"n"`
	ICC        float64 `json:"icc"`
	Deff       float64 `json:"design_effect"`
	EffectiveN int     `json:"effective_n"`
	ICCMean    float64 `json:"icc_mean"`
	DeffMean   float64 `json:"design_effect_mean"`
}

// clusterKey names a cluster: the interviewer, the day, or both.
type clusterKey struct{ interviewer, day string }

// clusterAcc is one cluster's sessions and its answers to each scale
// question, counted as the trends and the strata count theirs.
type clusterAcc struct {
	sessions int
	stats    []scaleCell
}

func (c *clusterAcc) merge(o *clusterAcc) {
	c.sessions += o.sessions
	c.stats = addCells(c.stats, o.stats)
}

// icc is the ANOVA estimator of the intra-class correlation of a value
// over clusters with n_i values summing to s_i, their squares to q_i:
//
//	MSB = (Σ s_i²/n_i − S²/N)/(k−1), MSW = (Σ q_i − Σ s_i²/n_i)/(N−k),
//	n₀ = (N − Σ n_i²/N)/(k−1), ρ = (MSB − MSW)/(MSB + (n₀−1)·MSW).
//
// NaN with fewer than two clusters or no values within them to vary.
func icc(n, s, q []float64) float64 {
	var N, S, Q, between, nn float64
	k := 0
	for i := range n {
		if n[i] == 0 {
			continue
		}
		k++
		N += n[i]
		S += s[i]
		Q += q[i]
		between += s[i] * s[i] / n[i]
		nn += n[i] * n[i]
	}
	if k < 2 || N <= float64(k) {
		return math.NaN()
	}
	msb := (between - S*S/N) / float64(k-1)
	msw := (Q - between) / (N - float64(k))
	n0 := (N - nn/N) / float64(k-1)
	den := msb + (n0-1)*msw
	if den <= 0 {
		return math.NaN()
	}
	return (msb - msw) / den
}

// deff is 1 + (m̄ − 1)·ρ, never below 1: a negative ρ estimate is taken
// as no clustering rather than as more information than the interviews hold.
func deff(meanSize, rho float64) float64 {
	if math.IsNaN(rho) || rho <= 0 {
		return 1
	}
	return max(1, 1+(meanSize-1)*rho)
}

// noDesign is a design effect of 1 for each of n columns: independent
// interviews.
func noDesign(n int) []colDesign {
	out := make([]colDesign, n)
	for i := range out {
		out[i] = colDesign{1, 1}
	}
	return out
}

// design estimates the design effects from the clusters' answers; the
// result's factors are indexed by column, 1 for the other columns.
func design(mode string, clusters map[clusterKey]*clusterAcc, cols []*colInfo, scaleCols []int, label func(*colInfo) string) (*Design, []colDesign) {
	out := noDesign(len(cols))
	if mode == ClusterNone || len(clusters) == 0 {
		return nil, out
	}
	d := &Design{Cluster: mode, Clusters: len(clusters), Questions: []*QuestionDesign{}}
	sessions := 0
	for _, c := range clusters {
		sessions += c.sessions
	}
	d.MeanSize = float64(sessions) / float64(len(clusters))
	k := len(clusters)
	n, s, q := make([]float64, k), make([]float64, k), make([]float64, k)
	fs := make([]float64, k)
	// In the keys' order: the sums, and so the report, come out the same
	// to the last digit every time.
	keys := slices.SortedFunc(maps.Keys(clusters), func(a, b clusterKey) int {
		return cmp.Or(strings.Compare(a.interviewer, b.interviewer), strings.Compare(a.day, b.day))
	})
	for j, ci := range scaleCols {
		i, total := 0, 0
		for _, key := range keys {
			st := clusters[key].stats[j]
			n[i], s[i], q[i], fs[i] = float64(st.n), st.m.sum, st.m.sumSq, float64(st.fav)
			total += st.n
			i++
		}
		kn := 0
		for _, x := range n {
			if x > 0 {
				kn++
			}
		}
		if kn == 0 {
			continue
		}
		meanSize := float64(total) / float64(kn)
		qd := &QuestionDesign{Name: cols[ci].Name, Label: label(cols[ci]), N: total, ICC: icc(n, fs, fs), ICCMean: icc(n, s, q)}
		qd.Deff, qd.DeffMean = deff(meanSize, qd.ICC), deff(meanSize, qd.ICCMean)
		if !cols[ci].numeric {
			qd.ICCMean, qd.DeffMean = math.NaN(), 1
		}
		qd.EffectiveN = effective(total, qd.Deff)
		out[ci] = colDesign{qd.Deff, qd.DeffMean}
		d.Questions = append(d.Questions, qd)
	}
	return d, out
}

// colDesign is a column's design effects: of the favorable share and of
// the mean.
type colDesign struct{ share, mean float64 }

// MarshalJSON writes an undefined ICC as null.
func (q *QuestionDesign) MarshalJSON() ([]byte, error) {
	type plain QuestionDesign
	return json.Marshal(struct {
		*plain
		ICC     any `json:"icc"`
		ICCMean any `json:"icc_mean"`
	}{(*plain)(q), nullNaN(q.ICC), nullNaN(q.ICCMean)})
}

// clusterOf is the cluster of a session in mode.
func clusterOf(mode, interviewer, day string) clusterKey {
	switch mode {
	case ClusterDay:
		return clusterKey{day: day}
	case ClusterInterviewer:
		return clusterKey{interviewer: interviewer}
	}
	return clusterKey{interviewer, day}
}

// cloneKey copies a key whose interviewer may point into a store's memory.
func cloneKey(k clusterKey) clusterKey {
	return clusterKey{strings.Clone(k.interviewer), k.day}
}
