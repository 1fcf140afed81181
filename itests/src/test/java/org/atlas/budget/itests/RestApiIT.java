package org.atlas.budget.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.atlas.budget.api.model.AuditEntry;
import org.atlas.budget.api.spi.BudgetStore;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;

/**
 * The REST API on the distribution, over real HTTP: every endpoint for anonymous callers (401),
 * viewers (reads, 403 on writes) and administrators; the CSRF rule; bad input of every kind
 * answered 400 with a message naming the field and changing nothing.
 */
public class RestApiIT extends AtlasBudgetTestSupport {

    static final String VIEWER = "rest-viewer";
    static final String ADMIN = "rest-admin";
    static final String NOBODY = "rest-nobody";
    /** Fixed: the options are built in the test JVM and the tests run in Karaf, two JVMs. */
    static final String PASSWORD = "rest-it-7d1c9e4a";

    private RestClient anonymous;
    private RestClient viewer;
    private RestClient admin;
    private RestClient nobody;

    /** Users of Karaf's realm, as the README tells operators to create them. */
    static Option[] users() {
        return new Option[] {
            editConfigurationFilePut("etc/users.properties", VIEWER, PASSWORD + ",_g_:budgetviewers"),
            editConfigurationFilePut("etc/users.properties", ADMIN, PASSWORD + ",_g_:admingroup"),
            editConfigurationFilePut("etc/users.properties", NOBODY, PASSWORD + ",ssh"),
        };
    }

    @Override
    protected Option[] extraOptions() {
        return users();
    }

    static int httpPort(AtlasBudgetTestSupport test) throws IOException {
        return Integer.parseInt(test.configuration("org.ops4j.pax.web").get("org.osgi.service.http.port").toString());
    }

    @Before
    public void clients() throws IOException {
        int port = httpPort(this);
        anonymous = RestClient.anonymous(port);
        viewer = RestClient.as(port, VIEWER, PASSWORD);
        admin = RestClient.as(port, ADMIN, PASSWORD);
        nobody = RestClient.as(port, NOBODY, PASSWORD);
        awaitCondition("the REST API answers", DEFAULT_TIMEOUT, () -> viewer.get("/status").status() == 200);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String policyJson(String id, String project, String limit) {
        return "{\"id\": \"" + id + "\", \"name\": \"REST IT " + id + "\", \"scope\": \"PROJECT\", \"scopeValue\": \""
                + project + "\", \"period\": \"MONTHLY\", \"timeZone\": \"Europe/Berlin\", \"limit\": {\"amount\": \""
                + limit + "\", \"currency\": \"USD\"}, \"action\": \"BLOCK\", \"thresholds\": [80, 100]}";
    }

    private static void assertStatus(int expected, RestClient.Response response) {
        assertEquals(response.toString(), expected, response.status());
        assertNoStackTrace(response);
    }

    static void assertNoStackTrace(RestClient.Response response) {
        assertFalse(response.body(), response.body().contains("\tat ") || response.body().contains("at org.")
                || response.body().contains("Exception"));
    }

    // ---------------------------------------------------------------- authentication and roles

    /** Every endpoint, as method, path and a body that would be valid. */
    private static List<String[]> endpoints() {
        String policy = policyJson("auth-probe", "auth-probe", "1.00");
        String check = "{\"provider\": \"openai\", \"model\": \"gpt-4o\", \"maxOutputTokens\": 10}";
        String usage = "{\"requestId\": \"auth-probe\", \"provider\": \"openai\", \"model\": \"gpt-4o\","
                + " \"usage\": {\"inputTokens\": 1, \"outputTokens\": 1}}";
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {"GET", "/status", null});
        all.add(new String[] {"GET", "/policies", null});
        all.add(new String[] {"POST", "/policies", policy});
        all.add(new String[] {"GET", "/policies/auth-probe", null});
        all.add(new String[] {"PUT", "/policies/auth-probe", policy});
        all.add(new String[] {"DELETE", "/policies/auth-probe", null});
        all.add(new String[] {"POST", "/check", check});
        all.add(new String[] {"POST", "/admissions/x/complete", "{\"usage\": {}}"});
        all.add(new String[] {"POST", "/admissions/x/abort", "{}"});
        all.add(new String[] {"POST", "/usage", usage});
        all.add(new String[] {"POST", "/usage/batch", "[" + usage + "]"});
        all.add(new String[] {"GET", "/usage", null});
        all.add(new String[] {"GET", "/spend", null});
        all.add(new String[] {"GET", "/spend?breakdown=model", null});
        all.add(new String[] {"GET", "/spend/periods?policyId=auth-probe&from=2026-01-01T00:00:00Z", null});
        all.add(new String[] {"POST", "/usage/reprice", "{\"from\": \"2020-01-01T00:00:00Z\", \"to\":"
                + " \"2020-01-01T01:00:00Z\", \"pricesAt\": \"2024-08-01T00:00:00Z\"}"});
        all.add(new String[] {"POST", "/usage/reprice/x/apply", null});
        all.add(new String[] {"GET", "/reports/summary?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", null});
        all.add(new String[] {"GET", "/pricing/models", null});
        all.add(new String[] {"GET", "/pricing/models/openai/gpt-4o", null});
        all.add(new String[] {"POST", "/pricing/quote", "{\"provider\": \"openai\", \"model\": \"gpt-4o\", \"usage\": {}}"});
        all.add(new String[] {"POST", "/pricing/import?format=litellm", "{}"});
        all.add(new String[] {"GET", "/alerts", null});
        all.add(new String[] {"POST", "/alerts/x/acknowledge", null});
        all.add(new String[] {"POST", "/alerts/x/resolve", null});
        all.add(new String[] {"GET", "/alert-rules", null});
        all.add(new String[] {"POST", "/alert-rules", "{}"});
        all.add(new String[] {"GET", "/budget/metrics", null});
        return all;
    }

    @Test
    public void anonymousCallersAndWrongPasswordsGet401Everywhere() {
        RestClient wrong = RestClient.as(portOf(anonymous), ADMIN, "not-it");
        for (String[] e : endpoints()) {
            RestClient.Response response = anonymous.send(e[0], e[1], e[2]);
            assertStatus(401, response);
            assertTrue(e[1], response.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
            assertStatus(401, wrong.send(e[0], e[1], e[2]));
        }
    }

    private static int portOf(RestClient client) {
        return Integer.parseInt(client.origin().substring(client.origin().lastIndexOf(':') + 1));
    }

    @Test
    public void viewersReadAndAre403OnEveryWrite() {
        for (String[] e : endpoints()) {
            RestClient.Response response = viewer.send(e[0], e[1], e[2]);
            boolean quote = e[1].equals("/pricing/quote");
            if (e[0].equals("GET") || quote) {
                assertTrue(e[1] + " " + response, response.status() != 401 && response.status() != 403);
            } else {
                assertStatus(403, response);
                assertTrue(response.error(), response.error().contains("budget-admin"));
            }
        }
        assertTrue(viewer.get("/policies/auth-probe").status() == 404);
    }

    @Test
    public void usersWithoutABudgetRoleAre403Everywhere() {
        for (String[] e : endpoints()) {
            assertStatus(403, nobody.send(e[0], e[1], e[2]));
        }
    }

    @Test
    public void administratorsReachEveryEndpoint() {
        for (String[] e : endpoints()) {
            RestClient.Response response = admin.send(e[0], e[1], e[2]);
            assertTrue(e[0] + " " + e[1] + " " + response, response.status() != 401 && response.status() != 403);
            assertNoStackTrace(response);
        }
        admin.delete("/policies/auth-probe");
    }

    @Test
    public void stateChangingRequestsNeedTheCsrfHeaderAndASameOrigin() {
        String id = unique("csrf");
        String body = policyJson(id, id, "1.00");
        RestClient.Response missing = admin.withoutCsrfHeader().post("/policies", body);
        assertStatus(403, missing);
        assertTrue(missing.error(), missing.error().contains("X-Requested-With"));
        RestClient.Response foreign = admin.withHeader("Origin", "http://evil.example").post("/policies", body);
        assertStatus(403, foreign);
        assertTrue(foreign.error(), foreign.error().contains("Origin"));
        assertStatus(404, admin.get("/policies/" + id));
        // Reads need no header; the same origin is welcome.
        assertStatus(200, admin.withoutCsrfHeader().get("/policies"));
        assertStatus(201, admin.withHeader("Origin", admin.origin()).post("/policies", body));
        assertStatus(204, admin.delete("/policies/" + id));
    }

    // ---------------------------------------------------------------- status and policies

    @Test
    public void statusNamesTheInstalledServicesAndTheCaller() {
        JsonObject status = viewer.get("/status").json();
        JsonObject services = status.getAsJsonObject("services");
        assertTrue(services.get("budgetManager").getAsBoolean());
        assertTrue(services.get("pricingRegistry").getAsBoolean());
        assertEquals(VIEWER, status.getAsJsonObject("caller").get("name").getAsString());
        assertTrue(status.getAsJsonObject("caller").getAsJsonArray("roles").toString().contains("budget-viewer"));
        assertTrue(status.getAsJsonObject("enforcement").getAsJsonObject("decisions").has("BLOCK"));
    }

    @Test
    public void policiesAreCreatedReadUpdatedAndDeleted() {
        String id = unique("crud");
        RestClient.Response created = admin.post("/policies", policyJson(id, id, "12.50"));
        assertStatus(201, created);
        JsonObject policy = created.json();
        assertEquals("12.50", policy.getAsJsonObject("limit").get("amount").getAsString());
        assertEquals("USD", policy.getAsJsonObject("limit").get("currency").getAsString());
        assertEquals("Europe/Berlin", policy.get("timeZone").getAsString());
        assertEquals("PROJECT", policy.get("scope").getAsString());

        assertEquals(policy, viewer.get("/policies/" + id).json());
        assertTrue(viewer.get("/policies").json().getAsJsonArray("items").contains(policy));
        assertStatus(409, admin.post("/policies", policyJson(id, id, "1.00")));

        RestClient.Response updated = admin.put("/policies/" + id, policyJson(id, id, "20").replace("BLOCK", "WARN"));
        assertStatus(200, updated);
        assertEquals("WARN", viewer.get("/policies/" + id).json().get("action").getAsString());
        assertEquals("20.00", viewer.get("/policies/" + id).json().getAsJsonObject("limit").get("amount").getAsString());
        assertStatus(400, admin.put("/policies/" + id, policyJson("other-id", id, "20")));
        assertStatus(404, admin.put("/policies/" + unique("absent"), policyJson("x", id, "20").replace("\"id\": \"x\", ", "")));

        JsonArray spend = viewer.get("/spend?policyId=" + id).json().getAsJsonArray("items");
        for (JsonElement bucket : spend) {
            assertEquals("20.00", bucket.getAsJsonObject().getAsJsonObject("limit").get("amount").getAsString());
        }

        assertStatus(204, admin.delete("/policies/" + id));
        assertStatus(404, viewer.get("/policies/" + id));
        assertStatus(404, admin.delete("/policies/" + id));
    }

    // ---------------------------------------------------------------- the admission protocol

    @Test
    public void checkHoldsTheWorstCaseAndCompleteSettlesWhatTheCallCost() {
        String project = unique("flow");
        String id = unique("flow");
        assertStatus(201, admin.post("/policies", policyJson(id, project, "5.00")));
        String check = "{\"requestId\": \"" + unique("req") + "\", \"provider\": \"openai\", \"model\": \"gpt-4o\","
                + " \"projectId\": \"" + project + "\", \"userId\": \"u1\", \"tags\": [\"it\"],"
                + " \"estimatedInputTokens\": 1000, \"maxOutputTokens\": 1000}";
        RestClient.Response admitted = admin.post("/check", check);
        assertStatus(200, admitted);
        JsonObject a = admitted.json();
        assertEquals("ALLOW", a.get("decision").getAsString());
        String admissionId = a.get("admissionId").getAsString();
        String hold = a.getAsJsonObject("hold").get("amount").getAsString();
        // The worst case of gpt-4o at the list price: 1,000 x 2.50 + 1,000 x 10.00 per 1M.
        String expectedHold = quote("gpt-4o", 1000, 1000);
        assertEquals(new java.math.BigDecimal(expectedHold).compareTo(new java.math.BigDecimal(hold)), 0);
        JsonObject match = a.getAsJsonArray("matches").get(0).getAsJsonObject();
        assertEquals(id, match.get("policyId").getAsString());
        for (String field : new String[] {"spent", "held", "limit", "remaining"}) {
            assertTrue(field, match.get(field).isJsonObject());
        }
        assertNotNull(match.get("resetsAt").getAsString());
        assertTrue(a.get("reasons").isJsonArray());

        JsonObject bucket = spendOf(id);
        assertEquals(0, new java.math.BigDecimal(hold).compareTo(amount(bucket, "held")));

        RestClient.Response completed = admin.post("/admissions/" + admissionId + "/complete",
                "{\"usage\": {\"inputTokens\": 1000, \"outputTokens\": 200}}");
        assertStatus(200, completed);
        assertEquals("PRICED", completed.json().getAsJsonObject("charge").get("status").getAsString());
        String cost = completed.json().getAsJsonObject("charge").getAsJsonObject("cost").get("amount").getAsString();
        assertEquals(0, new java.math.BigDecimal(quote("gpt-4o", 1000, 200)).compareTo(new java.math.BigDecimal(cost)));
        bucket = spendOf(id);
        assertEquals(0, amount(bucket, "held").signum());
        assertEquals(0, new java.math.BigDecimal(cost).compareTo(amount(bucket, "spent")));

        // A retried completion answers the same record and charges nothing again.
        RestClient.Response again = admin.post("/admissions/" + admissionId + "/complete",
                "{\"usage\": {\"inputTokens\": 1000, \"outputTokens\": 200}}");
        assertStatus(200, again);
        assertEquals(0, new java.math.BigDecimal(cost).compareTo(amount(spendOf(id), "spent")));

        // Abort releases the hold of another admission.
        RestClient.Response second = admin.post("/check", check.replaceFirst("req-[0-9a-f]+", unique("req")));
        String secondId = second.json().get("admissionId").getAsString();
        assertTrue(amount(spendOf(id), "held").signum() > 0);
        assertStatus(200, admin.post("/admissions/" + secondId + "/abort", "{\"cause\": \"user cancelled\"}"));
        assertEquals(0, amount(spendOf(id), "held").signum());
        assertEquals(0, new java.math.BigDecimal(cost).compareTo(amount(spendOf(id), "spent")));

        // Unknown admissions: abort is 404; complete is 404 unless the call is named, then recorded by request id.
        assertStatus(404, admin.post("/admissions/" + unique("nope") + "/abort", null));
        assertStatus(404, admin.post("/admissions/" + unique("nope") + "/complete",
                "{\"usage\": {\"inputTokens\": 10, \"outputTokens\": 10}}"));
        RestClient.Response late = admin.post("/admissions/" + unique("expired") + "/complete",
                "{\"requestId\": \"" + unique("late") + "\", \"provider\": \"openai\", \"model\": \"gpt-4o\","
                        + " \"projectId\": \"" + project + "\", \"usage\": {\"inputTokens\": 1000, \"outputTokens\": 200}}");
        assertStatus(200, late);
        assertFalse(late.json().get("admissionKnown").getAsBoolean());
        assertEquals(0, new java.math.BigDecimal(cost).multiply(java.math.BigDecimal.valueOf(2))
                .compareTo(amount(spendOf(id), "spent")));
        assertStatus(204, admin.delete("/policies/" + id));
    }

    @Test
    public void aCallThatWouldExceedTheBudgetIsBlockedAndHoldsNothing() {
        String project = unique("tight");
        String id = unique("tight");
        assertStatus(201, admin.post("/policies", policyJson(id, project, "0.001")));
        RestClient.Response blocked = admin.post("/check", "{\"provider\": \"openai\", \"model\": \"gpt-4o\","
                + " \"projectId\": \"" + project + "\", \"estimatedInputTokens\": 1000, \"maxOutputTokens\": 1000}");
        assertStatus(200, blocked);
        assertEquals("BLOCK", blocked.json().get("decision").getAsString());
        assertEquals(id, blocked.json().get("policy").getAsString());
        assertTrue(blocked.json().get("admissionId").isJsonNull());
        assertEquals(0, amount(spendOf(id), "held").signum());
        // An unknown model is never free: the policy's default for unpriced calls blocks it.
        RestClient.Response unknown = admin.post("/check", "{\"provider\": \"openai\", \"model\": \"gpt-unknown-9\","
                + " \"projectId\": \"" + project + "\", \"estimatedInputTokens\": 1, \"maxOutputTokens\": 1}");
        assertEquals("BLOCK", unknown.json().get("decision").getAsString());
        // A dry run decides without holding.
        RestClient.Response dry = admin.post("/check", "{\"provider\": \"openai\", \"model\": \"gpt-4o-mini\","
                + " \"projectId\": \"" + project + "\", \"maxOutputTokens\": 10, \"dryRun\": true}");
        assertStatus(200, dry);
        assertTrue(dry.json().get("dryRun").getAsBoolean());
        assertEquals(0, amount(spendOf(id), "held").signum());
        assertStatus(204, admin.delete("/policies/" + id));
    }

    private String quote(String model, long input, long output) {
        RestClient.Response response = viewer.post("/pricing/quote", "{\"provider\": \"openai\", \"model\": \"" + model
                + "\", \"usage\": {\"inputTokens\": " + input + ", \"outputTokens\": " + output + "}}");
        assertStatus(200, response);
        return response.json().get("exactCost").getAsString();
    }

    private JsonObject spendOf(String policyId) {
        JsonArray items = viewer.get("/spend?policyId=" + policyId).json().getAsJsonArray("items");
        assertEquals(items.toString(), 1, items.size());
        return items.get(0).getAsJsonObject();
    }

    private static java.math.BigDecimal amount(JsonObject bucket, String field) {
        return new java.math.BigDecimal(bucket.getAsJsonObject(field).get("amount").getAsString());
    }

    // ---------------------------------------------------------------- bad input

    @Test
    public void badPoliciesAre400NamingTheFieldAndChangeNothing() {
        String before = viewer.get("/policies").body();
        String id = unique("bad");
        String good = policyJson(id, id, "1.00");
        String[][] cases = {
            {"{\"name\": ", "malformed JSON"},
            {"", "empty"},
            {"[1, 2]", "JSON object"},
            {"{'id': 'single-quotes'}", "malformed JSON"},
            {good.replace("\"MONTHLY\"", "\"FORTNIGHTLY\""), "period"},
            {good.replace("\"PROJECT\"", "\"PLANET\""), "scope"},
            {good.replace("\"BLOCK\"", "\"EXPLODE\""), "action"},
            {good.replace("\"USD\"", "\"XYZ\""), "currency"},
            {good.replace("\"Europe/Berlin\"", "\"Mars/Olympus_Mons\""), "timeZone"},
            {good.replace("\"1.00\"", "\"-5\""), "limit"},
            {good.replace("\"1.00\"", "\"0\""), "limit"},
            {good.replace("\"1.00\"", "\"1e999999999\""), "limit.amount"},
            {good.replace("\"1.00\"", "1e5"), "limit.amount"},
            {good.replace("\"1.00\"", "\"12345678901234567890123456789012345\""), "limit.amount"},
            {good.replace("\"1.00\"", "\"0.0000000001\""), "decimal places"},
            {good.replace("\"1.00\"", "\"ten\""), "limit.amount"},
            {good.replace("\"1.00\"", "true"), "limit.amount"},
            {good.replace("\"1.00\"", "1" + "0".repeat(60)), "number"},
            {good.replace("[80, 100]", "[80, 5000]"), "thresholds"},
            {good.replace("[80, 100]", "\"80\""), "thresholds"},
            {good.replace("[80, 100]", "[80.5]"), "thresholds"},
            {good.replace("\"name\"", "\"nmae\""), "nmae"},
            {good.replace("{\"id\"", "{\"id\": \"dup\", \"id\""), "twice"},
            {good.replace("\"" + id + "\", \"name\"", "\"bad id!\", \"name\""), "id"},
            {good.replace("\"scope\": \"PROJECT\", ", ""), "scope"},
            {good.replace("\"limit\"", "\"limitx\""), "limitx"},
            {good.replace("{\"amount\"", "{\"currency\": \"EUR\", \"amount\"").replace(", \"currency\": \"USD\"", ""), ""},
        };
        for (String[] c : cases) {
            RestClient.Response response = admin.post("/policies", c[0]);
            if (c[1].isEmpty()) {
                // The control case: a valid variant is accepted, then removed again.
                assertStatus(201, response);
                assertStatus(204, admin.delete("/policies/" + id));
                continue;
            }
            assertStatus(400, response);
            assertTrue(c[0] + " -> " + response.error(), response.error().toLowerCase().contains(c[1].toLowerCase()));
        }
        // Refused from the declared length alone, before the client sends any of the body.
        RestClient.Response tooBig = admin.postDeclaringOnly("/policies", 1_100_000);
        assertStatus(413, tooBig);
        assertTrue(tooBig.body(), tooBig.body().contains("larger than"));
        assertEquals(before, viewer.get("/policies").body());
    }

    @Test
    public void badChecksAndCompletionsAre400AndHoldNothing() {
        String project = unique("badcheck");
        String id = unique("badcheck");
        assertStatus(201, admin.post("/policies", policyJson(id, project, "1.00")));
        String good = "{\"provider\": \"openai\", \"model\": \"gpt-4o\", \"projectId\": \"" + project + "\","
                + " \"estimatedInputTokens\": 100, \"maxOutputTokens\": 100}";
        String[][] cases = {
            {good.replace("100, \"maxOutputTokens\"", "-1, \"maxOutputTokens\""), "estimatedInputTokens"},
            {good.replace("\"maxOutputTokens\": 100", "\"maxOutputTokens\": 99999999999999999999"), "maxOutputTokens"},
            {good.replace("\"maxOutputTokens\": 100", "\"maxOutputTokens\": 1.5"), "maxOutputTokens"},
            {good.replace("\"maxOutputTokens\": 100", "\"maxOutputTokens\": \"100\""), "maxOutputTokens"},
            {good.replace("\"maxOutputTokens\": 100", "\"maxOutputTokens\": 1e3"), "maxOutputTokens"},
            {good.replace(", \"maxOutputTokens\": 100", ""), "maxOutputTokens"},
            {good.replace("\"openai\"", "\"open ai\""), "provider"},
            {good.replace("\"model\": \"gpt-4o\", ", ""), "model"},
            {good.replace("{", "{\"operation\": \"TELEPATHY\", "), "operation"},
            {good.replace("{", "{\"tags\": \"one\", "), "tags"},
            {good.replace("{", "{\"colour\": \"red\", "), "colour"},
            {good.replace("{", "{\"estimate\": {\"inputTokens\": 1, \"outputTokens\": 1}, "), "estimate"},
            {good.replace("{", "{\"estimate\": {\"inputTokens\": 1, \"cacheReadTokens\": 5}, ").replace(
                    ", \"estimatedInputTokens\": 100, \"maxOutputTokens\": 100", ""), "cacheReadTokens"},
        };
        for (String[] c : cases) {
            RestClient.Response response = admin.post("/check", c[0]);
            assertStatus(400, response);
            assertTrue(c[0] + " -> " + response.error(), response.error().contains(c[1]));
        }
        // Nothing was admitted: the policy has not even a bucket yet.
        assertEquals(0, viewer.get("/spend?policyId=" + id).json().getAsJsonArray("items").size());

        String admissionId = admin.post("/check", good).json().get("admissionId").getAsString();
        String[][] completions = {
            {"{}", "usage"},
            {"{\"usage\": {\"inputTokens\": -5}}", "usage.inputTokens"},
            {"{\"usage\": {\"outputTokens\": 10, \"reasoningTokens\": 20}}", "reasoningTokens"},
            {"{\"usage\": {\"images\": [{\"count\": 0, \"size\": \"1024x1024\", \"quality\": \"hd\"}]}}", "count"},
            {"{\"usage\": {\"audioSeconds\": \"-1\"}}", "audioSeconds"},
            {"{\"usage\": {}, \"requestId\": \"hijack\"}", "requestId"},
            {"{\"usage\": {\"tokens\": 5}}", "usage.tokens"},
        };
        java.math.BigDecimal held = amount(spendOf(id), "held");
        for (String[] c : completions) {
            RestClient.Response response = admin.post("/admissions/" + admissionId + "/complete", c[0]);
            assertStatus(400, response);
            assertTrue(c[0] + " -> " + response.error(), response.error().contains(c[1]));
            assertEquals(0, held.compareTo(amount(spendOf(id), "held")));
            assertEquals(0, amount(spendOf(id), "spent").signum());
        }
        assertStatus(200, admin.post("/admissions/" + admissionId + "/abort", null));
        assertEquals(0, amount(spendOf(id), "held").signum());
        assertStatus(204, admin.delete("/policies/" + id));
    }

    @Test
    public void badQueriesAndUnknownRoutesAreRefused() {
        assertStatus(400, viewer.get("/policies?colour=red"));
        assertStatus(400, viewer.get("/spend?scope=PLANET"));
        assertStatus(404, viewer.get("/spend?policyId=" + unique("absent")));
        assertStatus(404, viewer.get("/nothing-here"));
        assertStatus(404, viewer.get(""));
        assertStatus(405, admin.send("PATCH", "/policies", "{}"));
        assertStatus(405, viewer.get("/check"));
    }

    // ---------------------------------------------------------------- pricing

    @Test
    public void pricingListsShowsQuotesAndImports() throws IOException {
        JsonArray models = viewer.get("/pricing/models?provider=openai").json().getAsJsonArray("items");
        assertTrue(models.size() > 0);
        JsonObject gpt4o = viewer.get("/pricing/models/openai/gpt-4o").json();
        assertEquals("gpt-4o", gpt4o.get("model").getAsString());
        assertEquals("USD", gpt4o.get("currency").getAsString());
        assertStatus(404, viewer.get("/pricing/models/openai/gpt-unknown-9"));

        JsonObject quote = viewer.post("/pricing/quote", "{\"provider\": \"openai\", \"model\": \"gpt-4o\","
                + " \"usage\": {\"inputTokens\": 1000000, \"outputTokens\": 1000000}}").json();
        assertEquals("PRICED", quote.get("status").getAsString());
        assertTrue(quote.getAsJsonArray("lines").size() >= 2);
        JsonObject unpriced = viewer.post("/pricing/quote", "{\"provider\": \"openai\", \"model\": \"gpt-unknown-9\","
                + " \"usage\": {\"inputTokens\": 10}}").json();
        assertEquals("UNPRICED", unpriced.get("status").getAsString());
        assertTrue(unpriced.get("cost").isJsonNull());
        assertStatus(400, viewer.post("/pricing/quote", "{\"provider\": \"openai\", \"model\": \"gpt-4o\","
                + " \"usage\": {\"inputTokens\": 10}, \"timestamp\": \"yesterday\"}"));

        String catalogue = unique("rest-import");
        String before = viewer.get("/pricing/models").body();
        RestClient.Response broken = admin.post("/pricing/import?format=litellm&catalogue=" + catalogue, "{\"gpt\": ");
        assertStatus(400, broken);
        assertStatus(400, admin.post("/pricing/import?format=excel&catalogue=" + catalogue, "{}"));
        assertEquals(before, viewer.get("/pricing/models").body());

        String excerpt;
        try (InputStream in = getClass().getResourceAsStream("/litellm/excerpt.json")) {
            excerpt = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        RestClient.Response imported = admin.post("/pricing/import?format=litellm&catalogue=" + catalogue, excerpt);
        assertStatus(200, imported);
        assertEquals(2, imported.json().get("loaded").getAsInt());
        assertEquals(2, imported.json().getAsJsonArray("skipped").size());
        assertEquals(2, imported.json().getAsJsonArray("rejected").size());
    }

    // ---------------------------------------------------------------- services not installed here

    @Test
    public void endpointsOfServicesThatAreNotInstalledAnswer503NamingThem() {
        if (viewer.get("/status").json().getAsJsonObject("services").get("alertEngine").getAsBoolean()) {
            return;
        }
        RestClient.Response alerts = viewer.get("/alerts?state=active");
        assertStatus(503, alerts);
        assertTrue(alerts.error(), alerts.error().contains("no AlertEngine is installed"));
        assertStatus(503, admin.post("/alerts/a1/acknowledge", null));
        assertStatus(503, viewer.get("/alert-rules"));
    }

    // ---------------------------------------------------------------- usage and reports

    private boolean installed(String service) {
        return viewer.get("/status").json().getAsJsonObject("services").get(service).getAsBoolean();
    }

    private static String usageJson(String requestId, String user, long output) {
        return "{\"requestId\": \"" + requestId + "\", \"provider\": \"openai\", \"model\": \"gpt-4o\","
                + " \"operation\": \"CHAT\", \"timestamp\": \"2026-11-02T10:00:00Z\", \"userId\": \"" + user + "\","
                + " \"tags\": [\"rest-it\"], \"usage\": {\"inputTokens\": 1000, \"cacheReadTokens\": 200,"
                + " \"outputTokens\": " + output + "}}";
    }

    @Test
    public void usageIsRecordedOnceBatchedAndPagedOr503WithoutATracker() {
        if (!installed("usageTracker")) {
            RestClient.Response absent = viewer.get("/usage");
            assertStatus(503, absent);
            assertTrue(absent.error(), absent.error().contains("UsageTracker"));
            assertStatus(503, admin.post("/usage", usageJson(unique("u"), "x", 1)));
            return;
        }
        String user = unique("user");
        String first = unique("rec");
        RestClient.Response recorded = admin.post("/usage", usageJson(first, user, 100));
        assertStatus(200, recorded);
        assertEquals("PRICED", recorded.json().getAsJsonObject("charge").get("status").getAsString());
        // Idempotent on the request id: a retry (even with other figures) answers the first record.
        RestClient.Response retried = admin.post("/usage", usageJson(first, user, 999));
        assertStatus(200, retried);
        assertEquals(recorded.json().get("recordedAt"), retried.json().get("recordedAt"));
        assertEquals(recorded.json().getAsJsonObject("charge"), retried.json().getAsJsonObject("charge"));

        String history = "/usage?userId=" + user + "&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
        String before = viewer.get(history + "&limit=1000").body();
        // One bad item refuses the whole batch.
        RestClient.Response bad = admin.post("/usage/batch", "[" + usageJson(unique("b"), user, 1) + ", "
                + usageJson(unique("b"), user, -1) + "]");
        assertStatus(400, bad);
        assertTrue(bad.error(), bad.error().startsWith("items[1]"));
        assertEquals(before, viewer.get(history + "&limit=1000").body());

        RestClient.Response batch = admin.post("/usage/batch", "{\"items\": [" + usageJson(unique("b"), user, 1) + ", "
                + usageJson(unique("b"), user, 2) + ", " + usageJson(unique("b"), user, 3) + "]}");
        assertStatus(200, batch);
        assertEquals(3, batch.json().getAsJsonArray("items").size());

        JsonObject page1 = viewer.get(history + "&limit=3").json();
        assertEquals(3, page1.getAsJsonArray("items").size());
        String cursor = page1.get("nextCursor").getAsString();
        JsonObject page2 = viewer.get(history + "&limit=3&cursor=" + java.net.URLEncoder.encode(cursor,
                StandardCharsets.UTF_8)).json();
        assertEquals(1, page2.getAsJsonArray("items").size());
        assertTrue(page2.get("nextCursor").isJsonNull());
        assertStatus(400, viewer.get(history + "&limit=0"));
        assertStatus(400, viewer.get(history + "&limit=5000"));
        assertStatus(400, viewer.get("/usage?from=yesterday"));
    }

    @Test
    public void reportsComeInEveryFormatOr503WithoutAGenerator() {
        String range = "from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
        if (!installed("reportGenerator")) {
            RestClient.Response absent = viewer.get("/reports/summary?" + range);
            assertStatus(503, absent);
            assertTrue(absent.error(), absent.error().contains("ReportGenerator"));
            assertStatus(400, viewer.get("/spend?breakdown=planet"));
            return;
        }
        assertStatus(400, viewer.get("/spend?breakdown=planet"));
        if (installed("usageTracker") && installed("spendQueries")) {
            // A user's budget broken down by model: the records of that user in the current period.
            String user = unique("bd");
            String id = unique("bd");
            assertStatus(201, admin.post("/policies", policyJson(id, user, "5.00").replace("PROJECT", "USER")));
            String now = java.time.Instant.now().toString();
            for (String model : new String[] {"gpt-4o", "gpt-4o", "gpt-4o-mini"}) {
                assertStatus(200, admin.post("/usage", usageJson(unique("bd"), user, 10).replace("2026-11-02T10:00:00Z", now)
                        .replace("\"gpt-4o\"", "\"" + model + "\"")));
            }
            RestClient.Response admitted = admin.post("/check", "{\"provider\": \"openai\", \"model\": \"gpt-4o\","
                    + " \"userId\": \"" + user + "\", \"maxOutputTokens\": 1}");
            admin.post("/admissions/" + admitted.json().get("admissionId").getAsString() + "/abort", null);
            JsonArray buckets = viewer.get("/spend?policyId=" + id + "&breakdown=model").json().getAsJsonArray("items");
            assertEquals(buckets.toString(), 1, buckets.size());
            JsonArray rows = buckets.get(0).getAsJsonObject().getAsJsonArray("breakdown");
            assertEquals(rows.toString(), 2, rows.size());
            java.util.Map<String, Integer> calls = new java.util.HashMap<>();
            for (JsonElement row : rows) {
                calls.put(row.getAsJsonObject().get("key").getAsString(), row.getAsJsonObject().get("calls").getAsInt());
            }
            assertEquals(rows.toString(), java.util.Map.of("gpt-4o", 2, "gpt-4o-mini", 1), calls);
            assertStatus(204, admin.delete("/policies/" + id));
        }
        for (String type : new String[] {"summary", "trend", "comparison", "forecast", "optimization"}) {
            RestClient.Response json = viewer.get("/reports/" + type + "?" + range + "&groupBy=provider,model");
            assertStatus(200, json);
            assertTrue(json.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            String[][] formats = {{"csv", "text/csv"}, {"md", "text/markdown"}, {"html", "text/html"}};
            for (String[] format : formats) {
                RestClient.Response exported = viewer.get("/reports/" + type + "?" + range + "&format=" + format[0]);
                assertEquals(type + " " + format[0] + " " + exported, 200, exported.status());
                assertTrue(exported.raw().headers().firstValue("Content-Type").orElse("").startsWith(format[1]));
            }
        }
        assertStatus(400, viewer.get("/reports/summary?" + range + "&format=pdf"));
        assertStatus(400, viewer.get("/reports/summary?" + range + "&groupBy=planet"));
        assertStatus(400, viewer.get("/reports/trend?" + range + "&granularity=fortnight"));
        assertStatus(400, viewer.get("/reports/summary?" + range + "&timeZone=Mars/Olympus"));
        assertStatus(400, viewer.get("/reports/summary?from=2026-11-01T00:00:00Z"));
        assertStatus(404, viewer.get("/reports/horoscope?" + range));
    }

    // ---------------------------------------------------------------- metrics

    @Test
    public void metricsArePrometheusTextForViewers() {
        String project = unique("metrics");
        String id = unique("metrics");
        assertStatus(201, admin.post("/policies", policyJson(id, project, "3.00")));
        RestClient.Response admitted = admin.post("/check", "{\"provider\": \"openai\", \"model\": \"gpt-4o\","
                + " \"projectId\": \"" + project + "\", \"maxOutputTokens\": 10}");
        assertStatus(200, admitted);
        assertStatus(200, admin.post("/admissions/" + admitted.json().get("admissionId").getAsString() + "/abort", null));
        RestClient.Response metrics = viewer.get("/budget/metrics");
        assertEquals(metrics.toString(), 200, metrics.status());
        assertTrue(metrics.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = metrics.body();
        for (String name : new String[] {"atlas_budget_decisions_total{outcome=\"BLOCK\"}", "atlas_budget_open_holds",
            "atlas_budget_unpriced_calls_total", "# TYPE atlas_budget_spent gauge", "atlas_budget_store_up"}) {
            assertTrue(name + " in\n" + text, text.contains(name));
        }
        assertTrue(text, text.contains("atlas_budget_remaining{currency=\"USD\",policy=\"" + id + "\""));
        if (viewer.get("/status").json().getAsJsonObject("services").get("budgetStore").getAsBoolean()) {
            assertTrue(text, text.contains("\natlas_budget_store_up 1\n"));
            assertTrue(text, text.contains("\natlas_budget_store_probe_seconds "));
        }
        assertStatus(204, admin.delete("/policies/" + id));
    }

    // ---------------------------------------------------------------- spend queries and repricing

    private static String projectUsage(String requestId, String project, String model, String tag, long output,
            String timestamp) {
        return "{\"requestId\": \"" + requestId + "\", \"provider\": \"openai\", \"model\": \"" + model + "\","
                + (timestamp == null ? "" : " \"timestamp\": \"" + timestamp + "\",")
                + " \"projectId\": \"" + project + "\", \"tags\": [\"" + tag + "\"],"
                + " \"usage\": {\"inputTokens\": 1000, \"cacheReadTokens\": 200, \"outputTokens\": " + output + "}}";
    }

    private static java.math.BigDecimal sum(JsonArray rows) {
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (JsonElement row : rows) {
            total = total.add(new java.math.BigDecimal(row.getAsJsonObject().getAsJsonObject("cost").get("amount")
                    .getAsString()));
        }
        return total;
    }

    @Test
    public void spendBreakdownsAndPeriodsAgreeWithWhatTheBudgetWasCharged() {
        if (!installed("spendQueries")) {
            RestClient.Response absent = viewer.get("/spend?breakdown=model");
            assertStatus(503, absent);
            assertTrue(absent.error(), absent.error().contains("SpendQueries"));
            return;
        }
        String project = unique("spend");
        String id = unique("spend-policy");
        assertStatus(201, admin.post("/policies", policyJson(id, project, "100.00")));
        assertStatus(200, admin.post("/usage", projectUsage(unique("s"), project, "gpt-4o", "alpha", 300, null)));
        assertStatus(200, admin.post("/usage", projectUsage(unique("s"), project, "gpt-4o-mini", "beta", 700, null)));
        assertStatus(200, admin.post("/usage", projectUsage(unique("s"), project, "gpt-4o-mini", "alpha", 50, null)));

        JsonObject bucket = spendOf(id);
        java.math.BigDecimal spent = amount(bucket, "spent");
        assertTrue(bucket.toString(), spent.signum() > 0);
        for (String field : new String[] {"held", "limit", "effectiveLimit", "remaining"}) {
            assertNotNull(field, bucket.getAsJsonObject(field).get("amount"));
        }
        assertNotNull(bucket.get("percent").getAsString());
        assertNotNull(bucket.get("resetsAt").getAsString());

        awaitCondition("the rollups hold the three calls", DEFAULT_TIMEOUT, () -> {
            JsonArray rows = viewer.get("/spend?policyId=" + id + "&breakdown=model").json().getAsJsonArray("items")
                    .get(0).getAsJsonObject().getAsJsonArray("breakdown");
            return rows.size() == 2 && sum(rows).compareTo(spent) == 0;
        });
        JsonObject byModel = viewer.get("/spend?policyId=" + id + "&breakdown=model").json().getAsJsonArray("items")
                .get(0).getAsJsonObject();
        assertEquals(bucket.get("periodStart"), byModel.get("breakdownFrom"));
        assertEquals(bucket.get("resetsAt"), byModel.get("breakdownTo"));
        assertEquals(byModel.toString(), 0, byModel.getAsJsonArray("breakdownNotes").size());
        long calls = 0;
        for (JsonElement row : byModel.getAsJsonArray("breakdown")) {
            calls += row.getAsJsonObject().get("calls").getAsLong();
        }
        assertEquals(3, calls);
        JsonArray byTag = viewer.get("/spend?policyId=" + id + "&breakdown=tag").json().getAsJsonArray("items").get(0)
                .getAsJsonObject().getAsJsonArray("breakdown");
        assertEquals(byTag.toString(), 2, byTag.size());
        assertEquals(0, sum(byTag).compareTo(spent));
        JsonArray byUser = viewer.get("/spend?policyId=" + id + "&breakdown=user").json().getAsJsonArray("items").get(0)
                .getAsJsonObject().getAsJsonArray("breakdown");
        assertEquals(byUser.toString(), 1, byUser.size());
        assertEquals("", byUser.get(0).getAsJsonObject().get("key").getAsString());

        JsonArray periods = viewer.get("/spend/periods?policyId=" + id + "&from=" + bucket.get("periodStart")
                .getAsString()).json().getAsJsonArray("items");
        assertEquals(periods.toString(), 1, periods.size());
        JsonObject period = periods.get(0).getAsJsonObject();
        assertEquals(bucket.get("periodStart"), period.get("periodStart"));
        assertEquals(project, period.get("scopeValue").getAsString());
        assertEquals(0, amount(period, "spent").compareTo(spent));

        assertStatus(400, viewer.get("/spend?policyId=" + id + "&breakdown=colour"));
        assertStatus(400, viewer.get("/spend/periods?policyId=" + id));
        assertTrue(viewer.get("/spend/periods?policyId=" + id).error().startsWith("from is required"));
        assertStatus(400, viewer.get("/spend/periods?policyId=" + id + "&from=last-week"));
        assertStatus(400, viewer.get("/spend/periods?from=2026-01-01T00:00:00Z"));
        assertStatus(404, viewer.get("/spend/periods?policyId=no-such-policy&from=2026-01-01T00:00:00Z"));
        assertStatus(405, admin.post("/spend/periods?policyId=" + id, "{}"));
        assertStatus(204, admin.delete("/policies/" + id));
    }

    @Test
    public void repricingIsADryRunThenAnAuditedApplyByTheAuthenticatedAdministrator() {
        if (!installed("repricing")) {
            assertStatus(503, admin.post("/usage/reprice", "{}"));
            return;
        }
        // An hour of its own, so that no other test's records are repriced.
        String from = "2026-10-05T07:00:00Z";
        String to = "2026-10-05T08:00:00Z";
        String project = unique("reprice");
        for (int i = 0; i < 3; i++) {
            assertStatus(200, admin.post("/usage", projectUsage(unique("rp"), project, "gpt-4o", "rp", 100 + i,
                    "2026-10-05T07:1" + i + ":00Z")));
        }
        String history = "/usage?projectId=" + project + "&from=" + from + "&to=" + to;
        String before = viewer.get(history).body();
        String body = "{\"from\": \"" + from + "\", \"to\": \"" + to + "\", \"provider\": \"openai\","
                + " \"model\": \"gpt-4o\", \"pricesAt\": \"2024-08-01T00:00:00Z\"}";

        assertStatus(401, anonymous.post("/usage/reprice", body));
        assertStatus(403, viewer.post("/usage/reprice", body));
        assertStatus(403, admin.withoutCsrfHeader().post("/usage/reprice", body));
        RestClient.Response missing = admin.post("/usage/reprice", "{\"from\": \"" + from + "\", \"to\": \"" + to
                + "\"}");
        assertStatus(400, missing);
        assertTrue(missing.error(), missing.error().startsWith("pricesAt"));
        RestClient.Response backwards = admin.post("/usage/reprice", "{\"from\": \"" + to + "\", \"to\": \"" + from
                + "\", \"pricesAt\": \"2024-08-01T00:00:00Z\"}");
        assertStatus(400, backwards);
        assertTrue(backwards.error(), backwards.error().startsWith("from"));
        assertStatus(400, admin.post("/usage/reprice", body.replace("\"model\"", "\"modell\"")));
        assertStatus(400, admin.post("/usage/reprice", body.replace("\"openai\"", "\"\"")));
        assertStatus(404, admin.post("/usage/reprice/no-such-dry-run/apply", null));
        assertEquals(before, viewer.get(history).body());

        RestClient.Response dry = admin.post("/usage/reprice", body);
        assertStatus(200, dry);
        JsonObject dryRun = dry.json();
        assertFalse(dryRun.get("applied").getAsBoolean());
        assertEquals(3, dryRun.get("examined").getAsLong());
        assertEquals(3, dryRun.get("changed").getAsLong());
        JsonObject total = dryRun.getAsJsonArray("totals").get(0).getAsJsonObject();
        java.math.BigDecimal difference = amount(total, "difference");
        // gpt-4o cost more per input token in August 2024 than the catalogue's current price.
        assertTrue(dryRun.toString(), difference.signum() > 0);
        assertEquals("gpt-4o", dryRun.getAsJsonArray("perModel").get(0).getAsJsonObject().get("model").getAsString());
        assertEquals("a dry run changes nothing", before, viewer.get(history).body());

        String dryRunId = dryRun.get("dryRunId").getAsString();
        assertStatus(403, viewer.post("/usage/reprice/" + dryRunId + "/apply", null));
        assertStatus(401, anonymous.post("/usage/reprice/" + dryRunId + "/apply", null));
        RestClient.Response applied = admin.post("/usage/reprice/" + dryRunId + "/apply", null);
        assertStatus(200, applied);
        assertTrue(applied.json().get("applied").getAsBoolean());
        assertEquals(dryRunId, applied.json().get("dryRunId").getAsString());
        assertEquals(3, applied.json().get("changed").getAsLong());

        java.math.BigDecimal costBefore = java.math.BigDecimal.ZERO;
        for (JsonElement item : com.google.gson.JsonParser.parseString(before).getAsJsonObject().getAsJsonArray("items")) {
            costBefore = costBefore.add(amount(item.getAsJsonObject().getAsJsonObject("charge"), "cost"));
        }
        java.math.BigDecimal costAfter = java.math.BigDecimal.ZERO;
        for (JsonElement item : viewer.get(history).json().getAsJsonArray("items")) {
            JsonObject charge = item.getAsJsonObject().getAsJsonObject("charge");
            assertEquals(charge.toString(), "openai/gpt-4o@2024-05-13", charge.get("priceVersion").getAsString());
            costAfter = costAfter.add(amount(charge, "cost"));
        }
        assertEquals(0, costAfter.subtract(costBefore).compareTo(difference));

        BudgetStore store = awaitService(BudgetStore.class);
        AuditEntry audit = store.auditLog(50).stream().filter(a -> a.details().startsWith(dryRunId)).findFirst()
                .orElseThrow(() -> new AssertionError("no audit entry for " + dryRunId));
        assertEquals("usage.reprice", audit.action());
        assertEquals(ADMIN, audit.actor());
        // Applied once: the id is spent.
        assertStatus(404, admin.post("/usage/reprice/" + dryRunId + "/apply", null));
    }
}
