package sori.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How many tries a fuzz property runs: the short budget written on its {@code @Property} in CI, or
 * {@code -Dsori.fuzz.tries=N} for a long run by hand
 * ({@code ./mvnw -B test -Dtest='*FuzzProperties' -Dsori.fuzz.tries=100000}).
 */
public final class FuzzBudget implements AroundPropertyHook {

    /** The system property that sets every fuzz property's tries. */
    public static final String TRIES = "sori.fuzz.tries";

    /** Put on a class, it applies to every property in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty(TRIES);
        if (tries != null && !tries.isBlank()) {
            context.attributes().setTries(Integer.parseInt(tries.trim()));
        }
        return property.execute();
    }
}
