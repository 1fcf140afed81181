package org.atlas.budget.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.junit.Test;
import org.ops4j.pax.exam.Option;

/**
 * Many HTTP clients race through {@code POST /check} for one small budget: what is admitted
 * never exceeds the limit (one atomic reserve, guarantee 2), and once every admission is
 * completed or aborted, no hold is left (guarantee 3).
 */
public class RestConcurrencyIT extends AtlasBudgetTestSupport {

    private static final int CLIENTS = 32;

    @Override
    protected Option[] extraOptions() {
        return RestApiIT.users();
    }

    private record Admitted(String admissionId, BigDecimal hold) {
    }

    @Test
    public void racingClientsNeverGetMoreThanTheLimitAndHoldsReturnToZero() throws Exception {
        int port = RestApiIT.httpPort(this);
        RestClient admin = RestClient.as(port, RestApiIT.ADMIN, RestApiIT.PASSWORD);
        awaitCondition("the REST API answers", DEFAULT_TIMEOUT, () -> admin.get("/status").status() == 200);
        String project = "race-" + UUID.randomUUID().toString().substring(0, 8);
        String policyId = project;
        // gpt-4o's worst case of 1,000 input and 1,000 output tokens is 0.0125 USD at list price:
        // exactly four fit in 0.05, and 32 clients ask at once.
        assertEquals(201, admin.post("/policies", RestApiIT.policyJson(policyId, project, "0.05")).status());
        BigDecimal limit = new BigDecimal("0.05");
        String check = "{\"provider\": \"openai\", \"model\": \"gpt-4o\", \"projectId\": \"" + project + "\","
                + " \"estimatedInputTokens\": 1000, \"maxOutputTokens\": 1000, \"requestId\": \"";

        // Round 1: everyone checks at once, nobody completes yet.
        List<Admitted> admitted = race(CLIENTS, i -> admit(admin, check + project + "-r1-" + i + "\"}"));
        BigDecimal held = sum(admitted);
        assertTrue(admitted.size() + " admitted holding " + held, held.compareTo(limit) <= 0);
        BigDecimal hold = admitted.get(0).hold();
        assertEquals("every admission that fits is admitted", limit.divideToIntegralValue(hold).intValue(),
                admitted.size());
        assertEquals(0, held.compareTo(amount(bucket(admin, policyId), "held")));

        // Complete half (spending less than held), abort the rest, all at once.
        List<Admitted> finished = race(admitted.size(), i -> {
            Admitted a = admitted.get(i);
            RestClient.Response r = i % 2 == 0
                    ? admin.post("/admissions/" + a.admissionId() + "/complete",
                            "{\"usage\": {\"inputTokens\": 1000, \"outputTokens\": 100}}")
                    : admin.post("/admissions/" + a.admissionId() + "/abort", "{\"cause\": \"race test\"}");
            assertEquals(r.toString(), 200, r.status());
            return a;
        });
        assertEquals(admitted.size(), finished.size());
        JsonObject after = bucket(admin, policyId);
        assertEquals(0, amount(after, "held").signum());
        BigDecimal spentAfterRound1 = amount(after, "spent");
        assertTrue(after.toString(), spentAfterRound1.signum() > 0);

        // Round 2: everyone loops check-then-complete at the worst case until refused.
        List<Integer> completions = race(CLIENTS, i -> {
            int done = 0;
            for (int attempt = 0; attempt < 4; attempt++) {
                Admitted a = admit(admin, check + project + "-r2-" + i + "-" + attempt + "\"}");
                if (a == null) {
                    break;
                }
                RestClient.Response r = admin.post("/admissions/" + a.admissionId() + "/complete",
                        "{\"usage\": {\"inputTokens\": 1000, \"outputTokens\": 1000}}");
                assertEquals(r.toString(), 200, r.status());
                done++;
            }
            return done;
        });
        JsonObject end = bucket(admin, policyId);
        assertEquals(0, amount(end, "held").signum());
        assertTrue(end.toString(), amount(end, "spent").compareTo(limit) <= 0);
        int total = completions.stream().mapToInt(Integer::intValue).sum();
        assertTrue("round 2 completed " + total, total > 0);
        assertEquals(0, spentAfterRound1.add(hold.multiply(BigDecimal.valueOf(total)))
                .compareTo(amount(end, "spent")));

        String metrics = RestClient.as(port, RestApiIT.VIEWER, RestApiIT.PASSWORD).get("/budget/metrics").body();
        assertTrue(metrics, metrics.contains("\natlas_budget_open_holds 0\n"));
        assertEquals(204, admin.delete("/policies/" + policyId).status());
    }

    private static Admitted admit(RestClient client, String body) {
        RestClient.Response r = client.post("/check", body);
        assertEquals(r.toString(), 200, r.status());
        JsonObject json = r.json();
        if (!json.get("admitted").getAsBoolean()) {
            assertEquals(r.toString(), "BLOCK", json.get("decision").getAsString());
            return null;
        }
        return new Admitted(json.get("admissionId").getAsString(),
                new BigDecimal(json.getAsJsonObject("hold").get("amount").getAsString()));
    }

    private interface Task<T> {
        T run(int i) throws Exception;
    }

    /** Runs n tasks released together from one latch; the results that are not null, in order. */
    private static <T> List<T> race(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> callable = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(callable));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                T result = future.get(2, TimeUnit.MINUTES);
                if (result != null) {
                    results.add(result);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static BigDecimal sum(List<Admitted> admitted) {
        BigDecimal total = BigDecimal.ZERO;
        for (Admitted a : admitted) {
            total = total.add(a.hold());
        }
        return total;
    }

    private static JsonObject bucket(RestClient client, String policyId) {
        JsonArray items = client.get("/spend?policyId=" + policyId).json().getAsJsonArray("items");
        assertEquals(items.toString(), 1, items.size());
        return items.get(0).getAsJsonObject();
    }

    private static BigDecimal amount(JsonObject bucket, String field) {
        return new BigDecimal(bucket.getAsJsonObject(field).get("amount").getAsString());
    }

}
