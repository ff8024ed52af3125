package com.shopstream.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the integration tests only where their stack can be: always against the local stack, and
 * under {@code -Pcontainers} only when a Docker engine answers; otherwise every test is skipped with
 * the reason, said once on the console too. Registered for every test class through the
 * {@code ServiceLoader} file and JUnit's extension autodetection, which the failsafe configuration
 * turns on.
 */
public final class StackCondition implements ExecutionCondition {

    private static final String SKIP_REASON = Containers.requested() ? Containers.unavailableReason() : null;

    static {
        if (SKIP_REASON != null) {
            System.err.println("[integration-tests] " + SKIP_REASON);
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return SKIP_REASON == null ? ConditionEvaluationResult.enabled("the stack can run here")
                : ConditionEvaluationResult.disabled(SKIP_REASON);
    }
}
