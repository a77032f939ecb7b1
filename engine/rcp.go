package engine

import "strings"

// Resource control policies (RCPs), AWS Organizations: they set the most
// that principals may do to the resources of the organization's member
// accounts. RCPFullAWSAccess is attached to every node and cannot be
// detached, so RCPs only ever deny. They apply only to the services AWS
// lists, and never to service-linked roles (AWS Organizations User Guide,
// "Resource control policies (RCPs)": "List of AWS services that support
// RCPs" and "Resources and entities not restricted by RCPs").

// rcpServices are the service prefixes whose resources RCPs restrict, as the
// Organizations User Guide lists them: S3, STS, KMS, SQS and Secrets Manager
// from the start (December 2024), ECR and OpenSearch Serverless (June 2025),
// Cognito user pools and CloudWatch Logs (January 2026).
var rcpServices = []string{"s3", "sts", "kms", "sqs", "secretsmanager", "ecr", "aoss", "cognito-idp", "logs"}

// rcpCovers reports whether RCPs restrict the request's service.
func rcpCovers(req *Prepared) bool {
	svc, _, _ := strings.Cut(req.ActionLower, ":")
	for _, s := range rcpServices {
		if s == svc {
			return true
		}
	}
	return false
}

func (e *evaluator) rcpStage(pols *Policies, sv *stageVerdict) {
	pr := &e.req.Principal
	var why textRef
	skip := true
	switch {
	case pols.RCP == nil:
		why = rcpNoOrg
	case pr.ServiceLinked:
		why = rcpServiceLinked
	case !rcpCovers(e.req):
		svc, _, _ := strings.Cut(e.req.Action, ":")
		why = e.tr.dyn("RCPs apply only to the services AWS lists (" + strings.Join(rcpServices, ", ") + "), not to " + svc)
	default:
		skip = false
	}
	if skip {
		e.tr.skipStage(StageRCP, rcpTitle, why)
		return
	}
	sv.applies = true
	e.tr.stage(StageRCP, rcpLabel)
	for lvl, list := range pols.RCP {
		e.tr.level(lvl, len(pols.RCP), rcpLevel)
		if len(list) == 0 {
			e.tr.note(rcpFullAccess)
		}
		for _, p := range list {
			var v verdict
			if e.policy(p, &v); v.deny.Valid() && !sv.deny.Valid() {
				sv.deny = v.deny
			}
		}
		e.tr.pop() // level
	}
	e.tr.pop()
}

var (
	rcpTitle         = static("Resource control policies (RCPs)")
	rcpLabel         = static("Resource control policies (RCPs) of the resource's account")
	rcpLevel         = static("RCP")
	rcpNoOrg         = static("the resource's account is not in an organization with RCPs")
	rcpServiceLinked = static("RCPs do not restrict service-linked roles")
	rcpFullAccess    = static("no RCP of its own: only RCPFullAWSAccess, which AWS attaches to every node and which allows everything")
)
