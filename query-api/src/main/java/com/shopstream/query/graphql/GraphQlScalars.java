package com.shopstream.query.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The schema's scalars. Answers reach GraphQL as the REST route's JSON, so output values are passed
 * through as that JSON holds them (decimals as {@link BigDecimal} with their scale, times as UTC
 * strings); arguments become the text the REST route would get in its query string, where the
 * route's own checks judge them.
 */
final class GraphQlScalars {

    static final GraphQLScalarType DECIMAL = GraphQLScalarType.newScalar().name("Decimal")
            .coercing(new Coercing<BigDecimal, BigDecimal>() {
                @Override
                public BigDecimal serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof BigDecimal decimal) {
                        return decimal;
                    }
                    if (value instanceof Number number) {
                        return new BigDecimal(number.toString());
                    }
                    throw new CoercingSerializeException("not a decimal: " + value);
                }

                @Override
                public BigDecimal parseValue(Object input, GraphQLContext context, Locale locale) {
                    try {
                        return new BigDecimal(input.toString());
                    } catch (NumberFormatException e) {
                        throw new CoercingParseValueException("not a decimal: " + input);
                    }
                }

                @Override
                public BigDecimal parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    if (input instanceof FloatValue decimal) {
                        return decimal.getValue();
                    }
                    if (input instanceof IntValue integer) {
                        return new BigDecimal(integer.getValue());
                    }
                    throw new CoercingParseLiteralException("a Decimal is written as a number");
                }
            }).build();

    static final GraphQLScalarType LONG = GraphQLScalarType.newScalar().name("Long")
            .coercing(new Coercing<Long, Long>() {
                @Override
                public Long serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof Number number) {
                        return number.longValue();
                    }
                    throw new CoercingSerializeException("not an integer: " + value);
                }

                @Override
                public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                    try {
                        return input instanceof Number number ? number.longValue() : Long.parseLong(input.toString());
                    } catch (NumberFormatException e) {
                        throw new CoercingParseValueException("not a 64-bit integer: " + input);
                    }
                }

                @Override
                public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    try {
                        if (input instanceof IntValue integer) {
                            return integer.getValue().longValueExact();
                        }
                        if (input instanceof StringValue text) {
                            return Long.parseLong(text.getValue());
                        }
                    } catch (ArithmeticException | NumberFormatException e) {
                        // reported below
                    }
                    throw new CoercingParseLiteralException("a Long is a 64-bit integer");
                }
            }).build();

    static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar().name("DateTime")
            .coercing(new Coercing<String, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                    return value.toString();
                }

                @Override
                public String parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof String text) {
                        return text;
                    }
                    throw new CoercingParseValueException("a DateTime is a string such as 2026-11-28T04:00:00Z");
                }

                @Override
                public String parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    if (input instanceof StringValue text) {
                        return text.getValue();
                    }
                    throw new CoercingParseLiteralException("a DateTime is a string such as 2026-11-28T04:00:00Z");
                }
            }).build();

    private GraphQlScalars() {
    }
}
