package org.atlas.budget.web.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.junit.Test;

public class CsrfTest {

    /** A request with only headers and a scheme: all the rule reads. */
    private static HttpServletRequest request(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(CsrfTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getScheme" -> "http";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void readsNeedNothingAndWritesNeedTheHeader() {
        assertTrue(!Csrf.changesState("GET") && !Csrf.changesState("HEAD") && Csrf.changesState("POST")
                && Csrf.changesState("DELETE") && Csrf.changesState("PUT"));
        assertTrue(Csrf.refusal(request(Map.of("Host", "127.0.0.1:8181"))).contains("X-Requested-With"));
        assertNull(Csrf.refusal(request(Map.of("Host", "127.0.0.1:8181", "X-Requested-With", "x"))));
    }

    @Test
    public void anOriginMustBeThisServer() {
        Map<String, String> base = Map.of("Host", "127.0.0.1:8181", "X-Requested-With", "x");
        assertNull(Csrf.refusal(request(with(base, "Origin", "http://127.0.0.1:8181"))));
        assertNull(Csrf.refusal(request(with(Map.of("Host", "budget.example", "X-Requested-With", "x"), "Origin",
                "http://budget.example:80"))));
        for (String foreign : new String[] {"http://evil.example", "http://127.0.0.1:8182", "https://127.0.0.1:8181",
            "null", "http://127.0.0.1:8181.evil.example"}) {
            assertNotNull(foreign, Csrf.refusal(request(with(base, "Origin", foreign))));
        }
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(base);
        all.put(name, value);
        return all;
    }

    @Test
    public void rolesAdminImpliesRead() {
        assertTrue(new Caller("a", java.util.Set.of(Caller.ADMIN)).mayRead());
        assertTrue(new Caller("v", java.util.Set.of(Caller.VIEWER)).mayRead());
        assertEquals(false, new Caller("v", java.util.Set.of(Caller.VIEWER)).mayWrite());
        assertEquals(false, new Caller("n", java.util.Set.of("ssh", "admin")).mayRead());
    }
}
