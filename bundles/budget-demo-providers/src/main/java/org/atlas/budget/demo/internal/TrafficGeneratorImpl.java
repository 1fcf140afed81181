package org.atlas.budget.demo.internal;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.guard.BudgetDeniedException;
import org.atlas.budget.api.guard.BudgetThrottledException;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.demo.ChatProvider;
import org.atlas.budget.demo.ChatReply;
import org.atlas.budget.demo.ChatRequest;
import org.atlas.budget.demo.TrafficGenerator;
import org.atlas.budget.demo.TrafficPlan;
import org.atlas.budget.demo.TrafficReport;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a plan's calls round-robin over the providers it names and counts what happened. */
@Component(service = TrafficGenerator.class)
public final class TrafficGeneratorImpl implements TrafficGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficGeneratorImpl.class);

    private final List<ChatProvider> providers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(ChatProvider provider) {
        providers.add(provider);
    }

    void removeProvider(ChatProvider provider) {
        providers.remove(provider);
    }

    @Override
    public TrafficReport run(TrafficPlan plan) {
        List<ChatProvider> available = providers.stream().filter(p -> plan.models().containsKey(p.provider()))
                .sorted(java.util.Comparator.comparing(ChatProvider::provider)).toList();
        if (available.isEmpty()) {
            throw new IllegalStateException("none of the providers " + plan.models().keySet() + " is available; there are "
                    + providers.stream().map(ChatProvider::provider).toList());
        }
        int completed = 0;
        int downgraded = 0;
        int denied = 0;
        int throttled = 0;
        int unavailable = 0;
        int cancelled = 0;
        int failed = 0;
        int streams = 0;
        for (int i = 0; i < plan.calls(); i++) {
            ChatProvider provider = available.get(i % available.size());
            String model = plan.models().get(provider.provider());
            boolean stream = plan.streamEvery() > 0 && i % plan.streamEvery() == 0;
            int cancelAfter = 0;
            if (stream) {
                streams++;
                cancelAfter = plan.cancelEvery() > 0 && streams % plan.cancelEvery() == 0 ? 2 : 0;
            }
            Dimensions dims = new Dimensions("user-" + (i % plan.users()), plan.project(), null, null, null);
            ChatRequest request = new ChatRequest(plan.prefix() + "-" + i, model,
                    "Question " + (i % 7) + ": how should a budget manager price cached prompt tokens?",
                    plan.maxOutputTokens(), dims, stream, cancelAfter);
            try {
                ChatReply reply = provider.chat(request);
                completed++;
                if (!reply.model().equals(model)) {
                    downgraded++;
                }
            } catch (BudgetThrottledException e) {
                denied++;
                throttled++;
            } catch (BudgetDeniedException e) {
                denied++;
            } catch (BudgetUnavailableException e) {
                unavailable++;
            } catch (CancellationException e) {
                cancelled++;
            } catch (Exception e) {
                failed++;
                LOG.warn("Demo call {} failed", request.requestId(), e);
            }
        }
        return new TrafficReport(completed, downgraded, denied, throttled, unavailable, cancelled, failed);
    }

    /** For tests of this class: the providers it would use. */
    List<ChatProvider> providers() {
        return List.copyOf(providers);
    }
}
