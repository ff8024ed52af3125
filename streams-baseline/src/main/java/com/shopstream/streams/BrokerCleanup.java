package com.shopstream.streams;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes what a run left on the broker: its changelog topics and its consumer group. */
final class BrokerCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCleanup.class);

    private BrokerCleanup() {
    }

    /** Best effort: the run's result stands whether or not its leftovers could be removed. */
    static void removeApplication(Admin admin, String applicationId, Duration timeout) {
        try {
            Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> internal = names.stream()
                    .filter(name -> name.startsWith(applicationId + "-"))
                    .filter(name -> name.endsWith("-changelog") || name.endsWith("-repartition"))
                    .toList();
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            admin.deleteConsumerGroups(List.of(applicationId)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("could not remove the internal topics and consumer group of {}: {}", applicationId, e.toString());
        }
    }
}
