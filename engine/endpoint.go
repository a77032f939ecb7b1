package engine

// VPC endpoint policies: a request made through an interface or gateway VPC
// endpoint must also be allowed by the endpoint's policy, a resource-based
// policy of the endpoint that "does not override or replace identity-based
// policies or resource-based policies" (AWS PrivateLink Guide, "Control
// access to VPC endpoints using endpoint policies"). Like an SCP it grants
// nothing: it only limits. Its statements name principals, as any
// resource-based policy does. A request through an endpoint carries
// aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp, and no aws:SourceIp
// (IAM User Guide, "AWS global condition context keys").

func (e *evaluator) endpointStage(pols *Policies, sv *stageVerdict) {
	e.singleStage(StageEndpoint, pols.Endpoint, endpointTitle, endpointLabel, noEndpoint, sv)
}

var (
	endpointTitle = static("VPC endpoint policy")
	endpointLabel = static("VPC endpoint policy of the endpoint the request went through")
	noEndpoint    = static("the request did not go through a VPC endpoint")
)
