// simulate.mjs: the other side of the differential test. It reads cases in
// the `iamplay eval` input format as JSON lines on stdin ({"id": …,
// "input": {…}}), evaluates each with @cloud-copilot/iam-simulate, and
// writes one JSON line per case on stdout:
//   {"id": …, "decision": "allowed"|"explicitDeny"|"implicitDeny",
//    "ignoredKeys": [...]}   or   {"id": …, "error": "…"}
//
// iam-simulate is AGPL: it runs only here, as a separate development-time
// Node process, and is never linked, bundled or shipped.
import { createInterface } from 'node:readline';
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate';

const decisions = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

// doc reads a DOC of the input format: a policy object, a string holding
// one, or {"name", "document"}.
function doc(d, name) {
  if (typeof d === 'string') return { name, policy: JSON.parse(d) };
  if (d && typeof d === 'object' && 'document' in d) {
    return doc(d.document, d.name || name);
  }
  return { name, policy: d };
}

// The OIDC providers a trust policy names by name rather than by an
// oidc-provider ARN (IAM UG, "AWS JSON policy elements: Principal"): callers
// of AssumeRoleWithWebIdentity, not AWS service principals.
const webIdentityProviders = new Set([
  'cognito-identity.amazonaws.com',
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
]);

function accountOf(arn) {
  const parts = String(arn).split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? parts[4] : '';
}

// awsSetKeys returns the global context keys AWS puts in every request
// context for this kind of principal (IAM User Guide, "AWS global condition
// context keys"). iam-simulate does not set them itself; this derivation is
// independent of the engine's so that a mistake in either shows up.
function awsSetKeys(principal, resourceAccount) {
  const k = {};
  const p = String(principal);
  const acct = accountOf(p);
  let m;
  if (p === 'anonymous' || p === '*') {
    // Unsigned request: only the principal type (aws:PrincipalType lists
    // "Anonymous" among its values).
    k['aws:PrincipalType'] = 'Anonymous';
  } else if (/^arn:[^:]+:iam::\d{12}:(saml|oidc)-provider\//.test(p) || webIdentityProviders.has(p)) {
    // AssumeRoleWithSAML / AssumeRoleWithWebIdentity are not signed with
    // AWS credentials: no principal keys.
    return resourceAccount ? { 'aws:ResourceAccount': resourceAccount } : {};
  } else if (!p.startsWith('arn:')) {
    if (p.endsWith('.amazonaws.com') || p.endsWith('.amazonaws.com.cn')) {
      k['aws:PrincipalIsAWSService'] = 'true';
      k['aws:PrincipalServiceName'] = p;
    }
  } else if ((m = p.match(/^arn:([^:]+):iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/))) {
    k['aws:PrincipalArn'] = p;
    k['aws:PrincipalType'] = 'User';
    k['aws:username'] = m[3];
  } else if ((m = p.match(/^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/))) {
    k['aws:PrincipalArn'] = `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
    k['aws:PrincipalType'] = 'AssumedRole';
  } else if ((m = p.match(/^arn:([^:]+):iam::(\d{12}):role\/.+$/))) {
    k['aws:PrincipalArn'] = p;
    k['aws:PrincipalType'] = 'AssumedRole';
  } else if (/^arn:[^:]+:iam::\d{12}:root$/.test(p)) {
    k['aws:PrincipalArn'] = p;
    k['aws:PrincipalType'] = 'Account';
    k['aws:userid'] = acct;
  } else if ((m = p.match(/^arn:[^:]+:sts::(\d{12}):federated-user\/(.+)$/))) {
    k['aws:PrincipalArn'] = p;
    k['aws:PrincipalType'] = 'FederatedUser';
    // "Request information that you can use for policy variables": for a
    // federated user aws:userid is account:caller-specified-name.
    k['aws:userid'] = `${m[1]}:${m[2]}`;
  }
  if (p.startsWith('arn:') && /^(iam|sts)$/.test(p.split(':')[2] || '') && acct) {
    k['aws:PrincipalAccount'] = acct;
    k['aws:PrincipalIsAWSService'] = 'false';
  }
  if (resourceAccount) k['aws:ResourceAccount'] = resourceAccount;
  return k;
}

function translate(input) {
  const pols = input.policies || {};
  const req = input.request;
  const principal = req.principal === 'anonymous' ? anonymousPrincipal : req.principal;
  let resourceAccount = req.resourceOwner || accountOf(req.resource);
  if (!resourceAccount) resourceAccount = accountOf(req.principal);
  const ctx = {};
  const given = new Set(Object.keys(req.context || {}).map((k) => k.toLowerCase()));
  for (const [key, value] of Object.entries(awsSetKeys(req.principal, resourceAccount))) {
    if (!given.has(key.toLowerCase())) ctx[key] = value;
  }
  for (const [key, value] of Object.entries(req.context || {})) {
    ctx[key] = Array.isArray(value) ? value.map(String) : String(value);
  }
  const levels = (lv, kind) =>
    (lv || []).map((list, i) => ({
      orgIdentifier: `${kind}-level-${i + 1}`,
      policies: list.map((d, j) => doc(d, `${kind}-${i + 1}-${j + 1}`)),
    }));
  const sim = {
    request: {
      principal,
      action: req.action,
      resource: { resource: req.resource, accountId: resourceAccount },
      contextVariables: ctx,
    },
    identityPolicies: (pols.identity || []).map((d, i) => doc(d, `identity-${i + 1}`)),
    serviceControlPolicies: levels(pols.scp, 'scp'),
    resourceControlPolicies: levels(pols.rcp, 'rcp'),
  };
  if (pols.resource) sim.resourcePolicy = doc(pols.resource, 'resource').policy;
  if (pols.permissionsBoundary) {
    sim.permissionBoundaryPolicies = [doc(pols.permissionsBoundary, 'boundary')];
  }
  if (pols.session) sim.sessionPolicy = doc(pols.session, 'session').policy;
  if (pols.vpcEndpoint) sim.vpcEndpointPolicies = [doc(pols.vpcEndpoint, 'vpcEndpoint')];
  return sim;
}

async function evaluate(input) {
  const res = await runSimulation(translate(input), {});
  if (res.resultType === 'error') {
    const messages = new Set();
    const walk = (v) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) (k === 'message' ? messages.add(x) : walk(x));
      }
    };
    walk(res.errors);
    return { error: [...messages].join('; ') };
  }
  const ignored = res.resultType === 'single' ? res.result.ignoredContextKeys || [] : [];
  const decision = decisions[res.overallResult];
  if (!decision) return { error: `unknown result ${res.overallResult}` };
  return { decision, ignoredKeys: ignored };
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  let id = null;
  let out;
  try {
    const c = JSON.parse(line);
    id = c.id;
    out = await evaluate(c.input);
  } catch (e) {
    out = { error: String(e && e.stack ? e.stack.split('\n')[0] : e) };
  }
  process.stdout.write(JSON.stringify({ id, ...out }) + '\n');
}
