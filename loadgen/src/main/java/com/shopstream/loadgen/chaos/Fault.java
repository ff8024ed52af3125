package com.shopstream.loadgen.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One fault a chaos round injects into the local stack, and the component that must be healthy again
 * afterwards: on the single topology a kill and a pause of each component and Redis losing its data
 * or its clients; on the cluster topology the loss of one node of each kind.
 */
sealed interface Fault {

    List<String> COMPONENTS = List.of("aggregator", "ingest", "query-api", "kafka", "postgres", "redis");

    String label();

    String component();

    /** Injects the fault; a pause returns once it is lifted, a kill at once (the supervisor restarts the process). */
    void inject(StackControl stack) throws Exception;

    /** Every fault once: a kill of each component, a pause of each, and Redis losing its data or its clients. */
    static List<Fault> all(Duration pause) {
        List<Fault> faults = new ArrayList<>();
        COMPONENTS.forEach(component -> faults.add(new Kill(component)));
        COMPONENTS.forEach(component -> faults.add(new Pause(component, pause)));
        faults.add(new RedisFlush());
        faults.add(new RedisClientPause(pause));
        return faults;
    }

    /** The cluster topology's faults: a broker, a Redis master, the standby, one instance of each service. */
    static List<Fault> cluster(Duration redisMasterDown) {
        return List.of(new Kill("kafka-2"), new RedisMasterKill(redisMasterDown), new Kill("postgres-standby"),
                new Kill("aggregator-1"), new Kill("ingest-1"), new Kill("query-api-1"));
    }

    /**
     * SIGKILL of whichever Redis node is a master now, kept down for {@code down} (longer than the
     * cluster's node timeout) so that its replica takes its slots over; it then comes back as a replica.
     */
    record RedisMasterKill(Duration down) implements Fault {
        public String label() {
            return "kill -9 a Redis master, " + down.toSeconds() + " s down";
        }

        public String component() {
            return StackControl.REDIS_CLUSTER;
        }

        public void inject(StackControl stack) throws Exception {
            stack.killRedisMaster(down);
        }
    }

    /** SIGKILL, as a crash or the OOM killer would. */
    record Kill(String component) implements Fault {
        public String label() {
            return "kill -9 " + component;
        }

        public void inject(StackControl stack) throws Exception {
            stack.kill(component);
        }
    }

    /** SIGSTOP to the component's process group, SIGCONT after {@code length}: a hung process, or a long GC pause. */
    record Pause(String component, Duration length) implements Fault {
        public String label() {
            return "SIGSTOP " + component + " " + length.toSeconds() + " s";
        }

        public void inject(StackControl stack) throws Exception {
            stack.pause(component, length);
        }
    }

    /** Redis loses everything it holds: windows, fences, cached answers, rate-limit state. */
    record RedisFlush() implements Fault {
        public String label() {
            return "Redis FLUSHALL";
        }

        public String component() {
            return "redis";
        }

        public void inject(StackControl stack) throws Exception {
            stack.redis("FLUSHALL");
        }
    }

    /** Redis stops answering every client for {@code length}, though its process runs. */
    record RedisClientPause(Duration length) implements Fault {
        public String label() {
            return "Redis CLIENT PAUSE " + length.toSeconds() + " s";
        }

        public String component() {
            return "redis";
        }

        public void inject(StackControl stack) throws Exception {
            stack.redis("CLIENT", "PAUSE", Long.toString(length.toMillis()), "ALL");
            Thread.sleep(length.toMillis());
        }
    }
}
