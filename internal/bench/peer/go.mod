module github.com/profiles-sdk/profiles-go/internal/bench/peer

go 1.24

require github.com/profiles-sdk/profiles-go v0.0.0

require (
	github.com/cloudsigma/cloudsigma-sdk-go v0.15.1
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
)

replace github.com/profiles-sdk/profiles-go => ../../..
