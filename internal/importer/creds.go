package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"strings"
)

// credRow is one user of the IAM credential report.
type credRow struct {
	arn           string
	password, mfa bool
	keys          []bool // access_key_1_active, access_key_2_active
}

func (b *builder) credentialReport(d *credentialReport) error {
	if d.ReportFormat != "" && d.ReportFormat != "text/csv" {
		return errors.New("credential report format " + d.ReportFormat + ": only text/csv is read")
	}
	data, err := base64.StdEncoding.DecodeString(d.Content)
	if err != nil {
		return errors.New("credential report Content is not base64: " + err.Error())
	}
	return b.credentialCSV(data)
}

// credentialCSV reads the credential report's CSV: whether each user has a
// console password, an MFA device and active access keys.
func (b *builder) credentialCSV(data []byte) error {
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return errors.New("credential report: " + err.Error())
	}
	if len(rows) == 0 {
		return errors.New("credential report: empty")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, need := range []string{"arn", "password_enabled", "mfa_active", "access_key_1_active", "access_key_2_active"} {
		if _, ok := col[need]; !ok {
			return errors.New("credential report: no column " + need)
		}
	}
	get := func(r []string, k string) string {
		if i := col[k]; i < len(r) {
			return r[i]
		}
		return ""
	}
	for _, r := range rows[1:] {
		b.creds = append(b.creds, credRow{arn: get(r, "arn"),
			password: get(r, "password_enabled") == "true", mfa: get(r, "mfa_active") == "true",
			keys: []bool{get(r, "access_key_1_active") == "true", get(r, "access_key_2_active") == "true"}})
	}
	return nil
}

// placeCredentials marks users (and account roots) with what the report
// says. The report has no key ids: each active key gets a stable
// placeholder id derived from the user's ARN.
func (b *builder) placeCredentials() {
	for _, c := range b.creds {
		acct := arnAccount(c.arn)
		a := b.accounts[acct]
		if a == nil {
			b.warnf("credential report: %s is in no imported account", c.arn)
			continue
		}
		if strings.HasSuffix(c.arn, ":root") {
			continue // the root user's MFA and keys: see FORMAT.md's account root; not in the report's shape we read
		}
		name := arnName(c.arn)
		var u *userOut
		for _, x := range a.Users {
			if x.Name == name {
				u = x
			}
		}
		if u == nil {
			b.warnf("credential report: user %s is not in the authorization details", c.arn)
			continue
		}
		u.ConsolePassword, u.MFA = c.password, c.mfa
		for i, active := range c.keys {
			if active {
				sum := sha256.Sum256([]byte(c.arn + string(rune('1'+i))))
				u.AccessKeys = append(u.AccessKeys, keyOut{ID: "AKIA" + strings.ToUpper(hex.EncodeToString(sum[:8])), Status: "Active"})
			}
		}
	}
}
