package org.atlas.budget.api.model;

/**
 * How one matching policy judged a request.
 *
 * @param bucket  the bucket the request was charged against, as it stood at the decision
 * @param outcome what this policy alone would decide
 * @param reason  why, in words an operator understands
 */
public record PolicyMatch(BucketStatus bucket, Outcome outcome, String reason) {

    public PolicyMatch {
        Checks.required(bucket, "bucket");
        Checks.required(outcome, "outcome");
        Checks.required(reason, "reason");
    }

    public String policyId() {
        return bucket.policyId();
    }
}
