package org.atlas.budget.web.internal;

import java.io.Reader;
import java.time.Instant;
import java.util.Locale;

import com.google.gson.JsonArray;

import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;

/** {@code /pricing}: the prices in force, quotes, and LiteLLM imports. */
final class PricingEndpoints {

    private static final String DEFAULT_IMPORT_CATALOGUE = "litellm-import";

    private final Services services;
    private final int maxBody;
    private final int maxImport;

    PricingEndpoints(Services services, int maxBody, int maxImport) {
        this.services = services;
        this.maxBody = maxBody;
        this.maxImport = maxImport;
    }

    Reply models(Call call) {
        Query q = call.query("provider");
        String provider = q.text("provider");
        JsonArray items = new JsonArray();
        for (ModelPrice price : services.requirePricing().models()) {
            if (provider == null || price.provider().equalsIgnoreCase(provider)) {
                items.add(Views.modelPrice(price));
            }
        }
        return Reply.ok(Views.items(items));
    }

    /** The model id is the rest of the path, so ids with a slash ({@code openai/gpt-4o}) work too. */
    Reply model(Call call, String provider, String model) {
        Query q = call.query("at");
        Instant at = q.instant("at");
        ModelPrice price = services.requirePricing().price(provider.toLowerCase(Locale.ROOT), model,
                at == null ? Instant.now() : at).orElseThrow(() -> ApiException.notFound("no price is known for "
                        + JsonFields.shorten(provider) + "/" + JsonFields.shorten(model)
                        + (at == null ? "" : " at " + at)));
        return Reply.ok(Views.modelPrice(price));
    }

    Reply quote(Call call) {
        call.query();
        JsonFields body = JsonFields.body(call.json(maxBody), "provider", "model", "usage", "timestamp", "batch");
        String provider = body.requiredText("provider");
        String model = body.requiredText("model");
        Usage usage = RequestMapper.usage(body.requiredObject("usage", RequestMapper.USAGE_FIELDS));
        Instant at = body.instant("timestamp");
        PricingRegistry pricing = services.requirePricing();
        Quote quote = body.bool("batch", false)
                ? pricing.quoteBatch(provider, model, usage, at == null ? Instant.now() : at)
                : pricing.quote(provider, model, usage, at == null ? Instant.now() : at);
        return Reply.ok(Views.quote(quote));
    }

    Reply importPrices(Call call) {
        Query q = call.query("format", "catalogue");
        String format = q.text("format");
        if (format == null) {
            throw ApiException.badRequest("format is required; the format understood is litellm");
        }
        String catalogue = q.text("catalogue");
        PricingRegistry pricing = services.requirePricing();
        try (Reader source = call.reader(maxImport)) {
            return Reply.ok(Views.importReport(pricing.importPrices(format.toLowerCase(Locale.ROOT),
                    catalogue == null ? DEFAULT_IMPORT_CATALOGUE : catalogue, source)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the price file", e);
        }
    }
}
