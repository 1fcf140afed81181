package org.atlas.budget.demo;

import java.util.Map;

/**
 * What traffic to generate.
 *
 * @param calls           how many calls in all
 * @param models          provider id to the model to call there; providers not named are skipped
 * @param users           how many distinct users (user-0 ... user-N-1) the calls spread over
 * @param project         the project every call is attributed to, or {@code null}
 * @param maxOutputTokens the maximum output of every call
 * @param streamEvery     every n-th call streams (0: none)
 * @param cancelEvery     every n-th streamed call is cancelled after two chunks (0: none)
 * @param prefix          prefix of request ids, unique per run
 */
public record TrafficPlan(int calls, Map<String, String> models, int users, String project, int maxOutputTokens,
        int streamEvery, int cancelEvery, String prefix) {

    public TrafficPlan {
        if (calls < 0 || users < 1 || maxOutputTokens < 1 || streamEvery < 0 || cancelEvery < 0) {
            throw new IllegalArgumentException("calls >= 0, users >= 1, maxOutputTokens >= 1, streamEvery and"
                    + " cancelEvery >= 0");
        }
        models = Map.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one provider");
        }
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("prefix is required");
        }
    }
}
