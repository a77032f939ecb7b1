// The editor's help while typing (site/src/actions.js, complete.js) on the
// real action catalog (catalog/catalog.json.gz) and real CodeMirror states:
// completion at each kind of place in a policy, hover text and the checks
// shown as diagnostics. Also times completion. Run: node --test site/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { EditorState } from "@codemirror/state";
import { CompletionContext } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import { ensureSyntaxTree } from "@codemirror/language";
import { ActionCatalog, closest, distance, globRegExp, fits } from "../src/actions.js";
import { complete, hoverText, check, OPERATORS } from "../src/complete.js";

const file = JSON.parse(gunzipSync(readFileSync(new URL("../../catalog/catalog.json.gz", import.meta.url))).toString());
const catalog = new ActionCatalog(file);

/** at builds a state from text with "|" marking the cursor. */
function at(text) {
  const pos = text.indexOf("|");
  const state = EditorState.create({ doc: text.slice(0, pos) + text.slice(pos + 1), extensions: [json()] });
  if (!ensureSyntaxTree(state, state.doc.length, 1e9)) throw new Error("no syntax tree");
  return { state, pos };
}

function labels(text) {
  const { state, pos } = at(text);
  const r = complete(catalog, new CompletionContext(state, pos, true));
  return r ? r.options.map((o) => o.label) : null;
}

test("the catalog indexes the reference", () => {
  assert.equal(catalog.action("S3:getobject").full, "s3:GetObject");
  assert.equal(catalog.action("s3:GetObject").level, "Read");
  assert.equal(catalog.action("s3:GetObjects"), null);
  assert.ok(catalog.expand("s3:Get*").some((a) => a.name === "GetObject"));
  assert.equal(catalog.expand("lambda:Describe*").length, 0);
  assert.equal(catalog.conditionKey("aws:PrincipalTag/team").name, "aws:PrincipalTag/${TagKey}");
  assert.equal(catalog.conditionKey("aws:SourceIpp"), null);
  assert.equal(catalog.conditionKey("token.actions.githubusercontent.com:sub").type, "String");
  assert.equal(catalog.conditionKey("s3:sub"), null);
  assert.equal(catalog.suggestKey("aws:SourceIpp"), "aws:SourceIp");
  assert.equal(distance("kitten", "sitting"), 3);
  assert.equal(closest("GetObjects", ["GetObject", "PutObject"]), "GetObject");
  assert.ok(globRegExp("Get?bject").test("getobject"));
  assert.throws(() => new ActionCatalog({}), /not an action catalog/);
});

test("actions complete with their access level", () => {
  const { state, pos } = at(`{"Statement": [{"Effect": "Allow", "Action": "s3:Get|"}]}`);
  const r = complete(catalog, new CompletionContext(state, pos, true));
  const get = r.options.find((o) => o.label === "s3:GetObject");
  assert.equal(get.detail, "Read");
  assert.equal(r.from, state.doc.toString().indexOf("s3:Get"));
  assert.ok(labels(`{"Statement": {"Action": ["|"]}}`).includes("s3:"), "services before the colon");
  assert.ok(labels(`{"Statement": {"NotAction": ["iam:Pass|"]}}`).includes("iam:PassRole"));
});

test("resources complete with the ARN templates of the statement's actions", () => {
  const got = labels(`{"Statement": {"Action": ["s3:ListBucket"], "Resource": "arn|"}}`);
  assert.ok(got.includes("arn:${Partition}:s3:::${BucketName}"), got.join(" "));
  assert.ok(!got.includes("arn:${Partition}:s3:::${BucketName}/${ObjectName}"));
});

test("condition operators and the keys valid for the statement's actions", () => {
  assert.deepEqual(labels(`{"Statement": {"Action": "s3:ListBucket", "Condition": {"|": {}}}}`), OPERATORS);
  const keys = labels(`{"Statement": {"Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"|": "x"}}}}`);
  assert.ok(keys.includes("s3:prefix"), "s3:ListBucket supports s3:prefix");
  assert.ok(keys.includes("aws:SourceIp"), "global keys always");
  assert.ok(!keys.includes("ec2:InstanceType"));
  const getKeys = labels(`{"Statement": {"Action": "s3:GetObject", "Condition": {"StringLike": {"|": "x"}}}}`);
  assert.ok(!getKeys.includes("s3:prefix"), "s3:GetObject does not support s3:prefix");
});

test("nothing is offered outside strings it knows", () => {
  assert.equal(labels(`{"Statement": {"Effect": "Al|"}}`), null);
  assert.equal(labels(`{"Statement": {"Action": "s3:GetObject"|}}`), null);
  const { state, pos } = at(`{"Action": "s3:|"}`);
  assert.equal(complete(null, new CompletionContext(state, pos, true)), null, "no catalog yet");
});

test("hover describes actions, wildcards and keys", () => {
  let { state, pos } = at(`{"Statement": {"Action": "s3:ListAll|MyBuckets"}}`);
  assert.match(hoverText(catalog, state, pos).text, /Access level: List\nResource types:\nno resource-level permissions/);
  ({ state, pos } = at(`{"Statement": {"Action": "s3:Get|Object*"}}`));
  assert.match(hoverText(catalog, state, pos).text, /covers \d+ actions: s3:GetObject/);
  ({ state, pos } = at(`{"Statement": {"Condition": {"StringEquals": {"aws:Tag|Keys": "x"}}}}`));
  assert.match(hoverText(catalog, state, pos).text, /ArrayOfString \(multivalued/);
});

test("checks: unknown services, actions and keys, with did you mean", () => {
  const text = `{"Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObjects", "s4:GetObject", "lambda:Describe*", "s3:Get*"], "Resource": "*",
     "Condition": {"IpAddress": {"aws:SourceIpp": "192.0.2.0/24"}, "StringLike": {"s3:prefix": "a/*"}}}]}`;
  const { state } = at(text + "|");
  const got = check(catalog, state).map((d) => `${d.code} ${state.sliceDoc(d.from, d.to)}: ${d.message}`);
  assert.deepEqual(got, [
    `action.unknown "s3:GetObjects": Amazon S3 has no action "GetObjects", so "s3:GetObjects" matches no request; did you mean "s3:GetObject"?`,
    `action.unknownService "s4:GetObject": no AWS service has the prefix "s4", so "s4:GetObject" matches no request; did you mean "s3:GetObject"?`,
    `action.matchesNothing "lambda:Describe*": "lambda:Describe*" matches no action of AWS Lambda (lambda)`,
    `condition.unknownKey "aws:SourceIpp": no AWS service defines the condition key "aws:SourceIpp", so requests never carry it; did you mean "aws:SourceIp"?`,
  ]);
  const clean = at(`{"Statement": {"Action": "s3:ListBucket", "Condition": {"StringLike": {"s3:prefix": "a/*"}}}}|`);
  assert.deepEqual(check(catalog, clean.state), []);
  const unsupported = at(`{"Statement": {"Action": "s3:GetObject", "Condition": {"StringLike": {"s3:prefix": "a/*"}}}}|`);
  assert.deepEqual(check(catalog, unsupported.state).map((d) => d.code), ["condition.unsupportedKey"]);
});

test("resource types fit policy ARNs as the Go catalog says (catalog/testdata/fits.json)", () => {
  const cases = JSON.parse(readFileSync(new URL("../../catalog/testdata/fits.json", import.meta.url)));
  assert.ok(cases.length > 10);
  for (const c of cases) {
    const rt = catalog.action(c.action).resources.find((r) => r.name === c.type);
    assert.ok(rt, `${c.action} takes ${c.type}`);
    assert.equal(fits(rt, c.pattern), c.fits, `${c.type} (${rt.arn}) fits ${c.pattern}`);
  }
});

test("checks: resources that suit no action of the statement", () => {
  const codes = (text) => {
    const { state } = at(text + "|");
    return check(catalog, state).map((d) => `${d.code} ${state.sliceDoc(d.from, d.to)}`);
  };
  const st = (action, resource) => `{"Statement": [{"Effect": "Allow", "Action": ${JSON.stringify(action)}, "Resource": ${JSON.stringify(resource)}}]}`;
  assert.deepEqual(codes(st("s3:ListBucket", "arn:aws:s3:::b/*")), [`resource.mismatch "s3:ListBucket"`]);
  assert.deepEqual(codes(st("s3:ListBucket", "arn:aws:s3:::b")), []);
  assert.deepEqual(codes(st(["s3:ListBucket", "s3:GetObject"], ["arn:aws:s3:::b", "arn:aws:s3:::b/*"])), []);
  assert.deepEqual(codes(st("s3:GetObject", "arn:aws:s3:::b/home/${aws:username}/*")), []);
  assert.deepEqual(codes(st("s3:GetObject", "arn:aws:s3:::b")), [`resource.mismatch "s3:GetObject"`]);
  assert.deepEqual(codes(st("iam:PassRole", "arn:aws:iam::111122223333:role/service/deploy")), []);
  assert.deepEqual(codes(st("iam:PassRole", "arn:aws:iam::111122223333:user/alice")), [`resource.mismatch "iam:PassRole"`]);
  assert.deepEqual(codes(st("s3:ListAllMyBuckets", "arn:aws:s3:::b")), [`resource.noResourceLevel "s3:ListAllMyBuckets"`]);
  assert.deepEqual(codes(st("s3:ListAllMyBuckets", "*")), []);
  assert.deepEqual(codes(st("s3:Get*", "arn:aws:s3:::b")), [], "wildcards are not judged");
});

test("completion latency", () => {
  const cases = [
    `{"Statement": [{"Effect": "Allow", "Action": "ec2:|"}]}`,
    `{"Statement": {"Action": ["s3:*", "ec2:*"], "Condition": {"StringEquals": {"|": "x"}}}}`,
    `{"Statement": {"Action": ["s3:*"], "Resource": "|"}}`,
  ];
  for (const c of cases) {
    const { state, pos } = at(c);
    const n = 50;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) complete(catalog, new CompletionContext(state, pos, true));
    const ms = (performance.now() - t0) / n;
    console.log(`completion ${ms.toFixed(2)} ms: ${c}`);
  }
  const stmts = Array.from({ length: 100 }, (_, i) => ({
    Sid: `S${i}`, Effect: i % 5 ? "Allow" : "Deny", Action: ["s3:GetObject", "s3:ListBucket", `ec2:Describe*`],
    Resource: [`arn:aws:s3:::bucket-${i}`, `arn:aws:s3:::bucket-${i}/*`],
    Condition: { StringEquals: { "aws:PrincipalTag/team": "t", "s3:prefix": "p" }, Bool: { "aws:SecureTransport": "true" } },
  }));
  const big = at(JSON.stringify({ Version: "2012-10-17", Statement: stmts }, null, 2) + "|");
  const c0 = performance.now();
  const n = 20;
  for (let i = 0; i < n; i++) check(catalog, big.state);
  console.log(`checks of a 100-statement policy ${((performance.now() - c0) / n).toFixed(2)} ms`);
  const t0 = performance.now();
  new ActionCatalog(JSON.parse(gunzipSync(readFileSync(new URL("../../catalog/catalog.json.gz", import.meta.url))).toString()));
  console.log(`catalog decompress+parse+index ${(performance.now() - t0).toFixed(1)} ms`);
});

test("format re-indents and keeps every token as typed", async () => {
  const { formatJSON } = await import("../src/format.js");
  const src = `{"Statement":[{"Effect":"Allow","Action":[],"Condition":{"StringEquals":{"k":"a\\"b"},"StringEquals":{"k":1.50}}}]}`;
  const got = formatJSON(src);
  assert.equal(got.text, `{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [],
      "Condition": {
        "StringEquals": {
          "k": "a\\"b"
        },
        "StringEquals": {
          "k": 1.50
        }
      }
    }
  ]
}`);
  assert.equal(got.text.replace(/\s/g, ""), src.replace(/\s/g, ""), "only white space changes: the duplicate key stays");
  assert.equal(formatJSON(got.text).text, got.text, "formatting is idempotent");
  assert.match(formatJSON(`{"a": [1, 2`).error, /missing "\]"/);
  assert.match(formatJSON(`{"a": nope}`).error, /unexpected text at offset 6/);
  assert.match(formatJSON(`{"a": 1]`).error, /unmatched "\]"/);
});
