package org.atlas.budget.pricing.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component property type (an annotation) backed by a map, as DS builds one: a key present in
 * the map wins, otherwise the annotation method's default. Lets tests activate components through
 * their real constructors.
 */
public final class Configs {

    private Configs() {
    }

    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + values;
                case "hashCode":
                    return values.hashCode();
                case "equals":
                    return self == args[0];
                default:
                    return values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
            }
        });
        return type.cast(proxy);
    }
}
