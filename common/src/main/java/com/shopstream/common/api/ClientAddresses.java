package com.shopstream.common.api;

import com.shopstream.common.Settings;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;

/**
 * Where a service learns a client's address, which the per-address limits count by: the connection's
 * peer, or, behind a balancer that replaces {@code X-Forwarded-For} with the client's address
 * ({@code SHOP_TRUST_FORWARDED_FOR}, on for the cluster topology's HAProxy), that header. Trusted
 * without such a balancer, the header would let any client pick the address it is counted under.
 */
public record ClientAddresses(boolean fromForwardedFor) {

    public static ClientAddresses from(Settings settings) {
        return new ClientAddresses(Boolean.parseBoolean(settings.string("SHOP_TRUST_FORWARDED_FOR", "false")));
    }

    /** Makes the router's requests report the client's address as configured. */
    public void applyTo(Router router) {
        if (fromForwardedFor) {
            router.allowForward(AllowForwardHeaders.X_FORWARD);
        }
    }
}
