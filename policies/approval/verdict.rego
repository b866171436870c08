# Exposes the approval decision to `conftest test`, which only reports deny/warn
# results: one warn result carrying the verdict as its metadata.
package approval.verdict

import rego.v1

warn contains {
	"msg": "approval verdict",
	"low_risk": data.approval.low_risk,
	"reasons": sort(data.approval.reasons),
}
