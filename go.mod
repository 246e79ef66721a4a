module anketa

go 1.26

require (
	github.com/goccy/go-yaml v1.19.2
	github.com/google/uuid v1.6.0
	go.etcd.io/bbolt v1.4.3
	golang.org/x/sys v0.29.0
)
