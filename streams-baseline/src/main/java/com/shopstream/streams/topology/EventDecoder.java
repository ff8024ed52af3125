package com.shopstream.streams.topology;

import com.shopstream.contract.EventJsonReader;
import com.shopstream.contract.EventValidator;
import com.shopstream.contract.MalformedJsonException;
import com.shopstream.contract.ShopEvent;
import java.util.Optional;

/** Parses and validates a record value against the event contract, as the aggregator's decoder does. */
public final class EventDecoder {

    private final EventValidator validator;

    public EventDecoder(EventValidator validator) {
        this.validator = validator;
    }

    /** The event, or empty when the value is missing, malformed or breaks a rule of the contract. */
    public Optional<ShopEvent> decode(byte[] value) {
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(validator.validate(EventJsonReader.readOne(value)).event());
        } catch (MalformedJsonException e) {
            return Optional.empty();
        }
    }
}
